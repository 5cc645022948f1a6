import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The service's configuration, parsed once from the environment. Every key is documented in the
 * README's configuration table and in .env.example. Parsing fails listing every bad key at once.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Real MongoDB. When unset, a dev server is resolved (see server/db/dev-server.ts). */
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI').optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('nhipcau'),
  /** Demo mode seeds the demo network and prints its users. Defaults to on when MONGODB_URI is unset. */
  DEMO: booleanString.optional(),
  DEMO_PASSWORD: z.string().min(12).default('NhipCau-demo-2026'),
  /** Synthetic patients in the demo FHIR server of the Lào Cai general hospital (the others get 300). */
  DEMO_FHIR_PATIENTS: z.coerce.number().int().min(10).max(50_000).default(2000),
  /** Required outside demo mode: signs session cookies. Several may be given, comma-separated, newest first. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Seals hospital FHIR secrets at rest (AES-256-GCM). Required outside demo mode; keep it stable. */
  FHIR_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Express 'trust proxy' setting: number of hops, or false. Secure cookies follow the proxied scheme. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10240).default(100),
  /** Where the built client lives; served at / when present. */
  CLIENT_DIST: z.string().default('client/dist'),
  /** One deadline (ms) for the FHIR calls of a person's action (search, link, resync); background work keeps its retries. */
  FHIR_INTERACTIVE_DEADLINE_MS: z.coerce.number().int().min(500).max(120_000).default(8000),
  /** A census sync begun longer ago than this (minutes) is not resumed: a new run starts as of now. */
  SYNC_RESUME_MAX_AGE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** The worker queues a census sync of every hospital with a FHIR link once a day at this Vietnam time (HH:MM); off when unset. */
  SYNC_DAILY_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Vietnam time)').optional(),
  /** The default worklist keeps patients discharged up to this many days ago (marked as discharged). */
  WORKLIST_DISCHARGED_DAYS: z.coerce.number().int().min(0).max(90).default(3),
  /** Hold every API answer to its route's documented response schema (a mismatch is a 500): on in tests, refused in production. */
  CHECK_RESPONSES: booleanString.default(false),
  /** E-mail: smtp://user:pass@host:587 (STARTTLS) or smtps://…:465; TLS options as query, e.g. ?tls.rejectUnauthorized=false. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Nhịp Cầu <khong-tra-loi@nhipcau.vn>'),
  /** The capture mailbox (an in-process SMTP server, mails kept for the admin). On by default in demo mode without SMTP_URL. */
  MAIL_CAPTURE: booleanString.optional(),
  /** The app's address as users reach it: links in e-mails point here. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Largest case attachment accepted, in bytes (streamed into GridFS; a bigger upload is stopped and answered 413). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Working days a referral's receiver has to answer it (from the Vietnam day it was sent). */
  REFERRAL_ACCEPT_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(2),
  /** Working days to complete an accepted referral (from the Vietnam day it was accepted). */
  REFERRAL_COMPLETE_WORKING_DAYS: z.coerce.number().int().min(1).max(250).default(10),
  /** Largest single money amount accepted (pledge, disbursement, request line), whole đồng; at most the schema's hard cap. */
  FUNDING_MAX_VND: z.coerce.number().int().min(1).max(2_000_000_000).default(2_000_000_000),
  /** Days a pledge stays pending before the expiry job voids it (decision 0025). */
  FUNDING_PLEDGE_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A money operation still unfinished after this many seconds is run again by the repair job (and a retry may take it over). */
  FUNDING_REPAIR_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
});

export type AppConfig = Readonly<{
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  logLevel: string;
  mongodbUri: string | undefined;
  mongodbDb: string;
  demo: boolean;
  demoPassword: string;
  demoFhirPatients: number;
  sessionSecrets: string[];
  fhirSecretKey: string;
  sessionTtlHours: number;
  trustProxy: number;
  login: { maxFailures: number; lockoutMinutes: number; ratePerMinute: number };
  bodyLimitKb: number;
  clientDist: string;
  fhirInteractiveDeadlineMs: number;
  syncResumeMaxAgeMinutes: number;
  /** Daily census syncs at this Vietnam time (HH:MM), queued by the worker; null: off. */
  syncDailyAt: string | null;
  worklistDischargedDays: number;
  /** Every answer checked against its route's response schema (server/http/response-check.ts). */
  checkResponses: boolean;
  /** Largest case attachment, bytes (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes: number;
  /** Referral due times in working days (REFERRAL_ACCEPT_WORKING_DAYS, REFERRAL_COMPLETE_WORKING_DAYS). */
  referralDue: { acceptWorkingDays: number; completeWorkingDays: number };
  /** Money rules (decision 0025): FUNDING_MAX_VND, FUNDING_PLEDGE_EXPIRY_DAYS, FUNDING_REPAIR_AFTER_SECONDS. */
  money: { maxVnd: number; pledgeExpiryDays: number; repairAfterSeconds: number };
  mail: MailConfig;
}>;

/** Notifications' e-mail: through SMTP_URL, into the capture mailbox, or none (in-app only). */
export interface MailConfig {
  smtpUrl: string | null;
  from: string;
  capture: boolean;
  publicUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // The cross-key rules read the raw values, so they are listed together with any malformed key.
  const demoFlag = booleanString.safeParse(cleaned.DEMO);
  const demo = (demoFlag.success ? demoFlag.data : undefined) ?? cleaned.MONGODB_URI === undefined;
  if (demo && cleaned.NODE_ENV === 'production') {
    problems.push('DEMO: demo mode refuses to run with NODE_ENV=production (set MONGODB_URI and SESSION_SECRET)');
  }
  if (!demo && !cleaned.SESSION_SECRET) problems.push('SESSION_SECRET: required outside demo mode');
  if (!demo && !cleaned.FHIR_SECRET_KEY) problems.push('FHIR_SECRET_KEY: required outside demo mode');
  const capture = booleanString.safeParse(cleaned.MAIL_CAPTURE);
  const check = booleanString.safeParse(cleaned.CHECK_RESPONSES);
  if (check.success && check.data && cleaned.NODE_ENV === 'production') problems.push('CHECK_RESPONSES: the response check is for development and tests; it refuses to run with NODE_ENV=production');
  if (capture.success && capture.data && cleaned.NODE_ENV === 'production') problems.push('MAIL_CAPTURE: the capture mailbox refuses to run with NODE_ENV=production');
  if (capture.success && capture.data && cleaned.SMTP_URL) problems.push('MAIL_CAPTURE: choose the capture mailbox or SMTP_URL, not both');
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const secrets = e.SESSION_SECRET
    ? e.SESSION_SECRET.split(',').map((s) => s.trim())
    : [randomBytes(32).toString('hex')];
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    demo,
    demoPassword: e.DEMO_PASSWORD,
    demoFhirPatients: e.DEMO_FHIR_PATIENTS,
    sessionSecrets: secrets,
    // Demo mode derives a stable key from the demo password, so the sync CLI can open what the service sealed.
    fhirSecretKey: e.FHIR_SECRET_KEY ?? `demo-only:${e.DEMO_PASSWORD}:${'-'.repeat(16)}`,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    trustProxy: e.TRUST_PROXY,
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
      ratePerMinute: e.LOGIN_RATE_PER_MINUTE,
    },
    bodyLimitKb: e.BODY_LIMIT_KB,
    clientDist: e.CLIENT_DIST,
    fhirInteractiveDeadlineMs: e.FHIR_INTERACTIVE_DEADLINE_MS,
    syncResumeMaxAgeMinutes: e.SYNC_RESUME_MAX_AGE_MINUTES,
    syncDailyAt: e.SYNC_DAILY_AT ?? null,
    worklistDischargedDays: e.WORKLIST_DISCHARGED_DAYS,
    checkResponses: e.CHECK_RESPONSES,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    referralDue: Object.freeze({ acceptWorkingDays: e.REFERRAL_ACCEPT_WORKING_DAYS, completeWorkingDays: e.REFERRAL_COMPLETE_WORKING_DAYS }),
    money: Object.freeze({ maxVnd: e.FUNDING_MAX_VND, pledgeExpiryDays: e.FUNDING_PLEDGE_EXPIRY_DAYS, repairAfterSeconds: e.FUNDING_REPAIR_AFTER_SECONDS }),
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM,
      capture: e.MAIL_CAPTURE ?? (demo && !e.SMTP_URL),
      publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    }),
  });
}

/** The one configuration tests use; override what a test needs. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  // The capture mailbox is on: mails go through a real SMTP hop, started only when one is sent.
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', SESSION_SECRET: 'x'.repeat(40), FHIR_SECRET_KEY: 'k'.repeat(40), MAIL_CAPTURE: 'true', CHECK_RESPONSES: 'true' });
  return Object.freeze({ ...base, ...overrides });
}
