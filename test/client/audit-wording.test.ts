import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_RESOURCES, actionLabel, resourceLabel } from '../../client/src/features/audit/audit-words.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';
import { POLICY } from '../../server/http/policy.js';

/**
 * B9: the access log reads in words. Every action the policy knows and every action and record
 * kind an audit call writes (walked from the server's source) has a label in Vietnamese and English.
 */
const SERVER = join(import.meta.dirname, '../../server');
const ts = {} as Record<'vi' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({ lng, resources: { [lng]: { translation: RESOURCES[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
    ts[lng] = instance.t;
  }
});

function sourceText(dir: string): string {
  return readdirSync(dir)
    .map((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceText(path);
      return name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

function auditedInSource(): { actions: Set<string>; resources: Set<string> } {
  const text = sourceText(SERVER);
  const actions = new Set<string>(Object.keys(POLICY));
  const resources = new Set<string>();
  for (const m of text.matchAll(/action: '([a-z][a-z.-]+)'/g)) actions.add(m[1] as string);
  for (const m of text.matchAll(/resourceType: '([a-z][a-z-]*)'/g)) resources.add(m[1] as string);
  for (const m of text.matchAll(/const tag = '([a-z-]+)'/g)) resources.add(m[1] as string);
  for (const m of text.matchAll(/authorize\([^)]*?,\s*'([a-z-]+)'/g)) resources.add(m[1] as string);
  return { actions, resources };
}

describe('audit log in words', () => {
  const { actions, resources } = auditedInSource();

  it('finds the audited actions and record kinds in the source', () => {
    for (const a of ['auth.login', 'patient.read', 'flag.write-back', 'screening.create']) expect(actions).toContain(a);
    for (const r of ['session', 'api-token', 'patient', 'flag']) expect(resources).toContain(r);
  });

  it('words every action and record kind in both languages', () => {
    expect([...actions].filter((a) => !AUDIT_ACTIONS.includes(a)), 'add to words.*.json auditActions').toEqual([]);
    expect([...resources].filter((r) => !AUDIT_RESOURCES.includes(r)), 'add to words.*.json auditResources').toEqual([]);
    for (const a of actions) {
      const vi = actionLabel(a, ts.vi);
      const en = actionLabel(a, ts.en);
      expect(vi, a).not.toBe(en);
      for (const label of [vi, en]) expect(label, a).not.toMatch(/^[a-z]+\.[a-z.-]+$|auditActions/);
    }
    for (const r of resources) expect(resourceLabel(r, ts.vi), r).not.toBe(r);
    expect(actionLabel('patient.read', ts.vi)).toBe('Xem hồ sơ người bệnh');
    expect(resourceLabel('api-token', ts.en)).toBe('API token');
  });
});
