import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig } from '../../server/config.js';

const SECRET = 's'.repeat(40);
const KEY = 'k'.repeat(40);

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('defaults to demo mode in development when MONGODB_URI is unset, with a generated session secret', () => {
    const config = loadConfig({});
    expect(config.demo).toBe(true);
    expect(config.env).toBe('development');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.login).toEqual({ maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 20 });
    expect(config.sessionSecrets).toHaveLength(1);
    expect(config.sessionSecrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('is not in demo mode when MONGODB_URI is set, and treats empty values as unset', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db.example:27017', SESSION_SECRET: SECRET, FHIR_SECRET_KEY: KEY, PORT: '' });
    expect(config.demo).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.sessionSecrets).toEqual([SECRET]);
  });

  it('splits several session secrets, newest first', () => {
    const other = 't'.repeat(40);
    const config = loadConfig({ MONGODB_URI: 'mongodb://db', SESSION_SECRET: `${SECRET}, ${other}`, FHIR_SECRET_KEY: KEY });
    expect(config.sessionSecrets).toEqual([SECRET, other]);
  });

  it('refuses demo mode with NODE_ENV=production, whether demo is implied or asked for', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^DEMO: .*NODE_ENV=production/)]);
    expect(problemsOf({ NODE_ENV: 'production', DEMO: 'true', MONGODB_URI: 'mongodb://db', SESSION_SECRET: SECRET, FHIR_SECRET_KEY: KEY })).toEqual([
      expect.stringMatching(/^DEMO: /),
    ]);
    expect(loadConfig({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db', SESSION_SECRET: SECRET, FHIR_SECRET_KEY: KEY }).demo).toBe(false);
  });

  it('requires SESSION_SECRET outside demo mode, and a long one', () => {
    expect(problemsOf({ MONGODB_URI: 'mongodb://db', FHIR_SECRET_KEY: KEY })).toEqual([expect.stringMatching(/^SESSION_SECRET: required/)]);
    expect(problemsOf({ DEMO: 'false', FHIR_SECRET_KEY: KEY })).toEqual([expect.stringMatching(/^SESSION_SECRET: required/)]);
    expect(problemsOf({ MONGODB_URI: 'mongodb://db', SESSION_SECRET: 'short', FHIR_SECRET_KEY: KEY })).toEqual([
      expect.stringMatching(/^SESSION_SECRET: must be at least 32/),
    ]);
  });

  it('lists every bad key in one ConfigError', () => {
    const problems = problemsOf({
      PORT: 'http',
      LOG_LEVEL: 'loud',
      MONGODB_URI: 'postgres://db',
      LOGIN_MAX_FAILURES: '0',
      TRUST_PROXY: 'yes',
      SESSION_SECRET: SECRET,
      FHIR_SECRET_KEY: KEY,
    });
    const keys = problems.map((p) => p.split(':')[0]);
    expect(keys).toEqual(expect.arrayContaining(['PORT', 'LOG_LEVEL', 'MONGODB_URI', 'LOGIN_MAX_FAILURES', 'TRUST_PROXY']));
    expect(keys).toHaveLength(5);
  });

  it('lists a missing SESSION_SECRET together with the malformed keys', () => {
    const problems = problemsOf({ MONGODB_URI: 'mongodb://db', PORT: 'http', BODY_LIMIT_KB: '-1' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['BODY_LIMIT_KB', 'FHIR_SECRET_KEY', 'PORT', 'SESSION_SECRET']);
  });

  it('requires FHIR_SECRET_KEY outside demo mode, and derives a stable one in demo mode', () => {
    expect(problemsOf({ MONGODB_URI: 'mongodb://db', SESSION_SECRET: SECRET })).toEqual([expect.stringMatching(/^FHIR_SECRET_KEY: required/)]);
    expect(loadConfig({}).fhirSecretKey).toBe(loadConfig({}).fhirSecretKey);
    expect(loadConfig({ MONGODB_URI: 'mongodb://db', SESSION_SECRET: SECRET, FHIR_SECRET_KEY: KEY }).fhirSecretKey).toBe(KEY);
  });

  it('names PORT when it is not a number, in the problems and in the message', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'three thousand' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.problems).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(err.message).toMatch(/^Invalid configuration:\n {2}- PORT: /);
  });

  it('parses numbers and booleans from their string forms', () => {
    const config = loadConfig({ PORT: '8080', DEMO: 'yes', LOGIN_MAX_FAILURES: '3', TRUST_PROXY: '2' });
    expect(config.port).toBe(8080);
    expect(config.demo).toBe(true);
    expect(config.login.maxFailures).toBe(3);
    expect(config.trustProxy).toBe(2);
  });
});

describe('testConfig', () => {
  it('is a quiet, non-demo test configuration that takes overrides', () => {
    const config = testConfig({ trustProxy: 1 });
    expect(config).toMatchObject({ env: 'test', demo: false, logLevel: 'silent', trustProxy: 1 });
  });
});
