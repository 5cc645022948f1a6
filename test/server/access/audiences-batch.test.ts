import { afterAll, describe, expect, it } from 'vitest';
import { audienceOf, audiencesOf } from '../../../server/access/access.js';
import { registerRelationship, type AccessRecord } from '../../../server/access/relationships.js';
import { settableClock } from '../../../server/clock.js';
import type { Principal } from '../../../server/http/policy.js';

/**
 * A list's audiences in one pass (ctx.audiencesOf): the same answer as asking each row, with the
 * relationship rules asked once for all the rows tenancy did not reach, not once per row.
 */
const clock = settableClock('2026-06-01T03:00:00Z');
const OWN = 'a'.repeat(24);
const OTHER = 'b'.repeat(24);
const principal: Principal = { userId: 'c'.repeat(24), username: 'ctxh', role: 'social_worker', hospitalId: OWN, organisationId: null, via: 'session', scopes: [] };
const shared = new Set(['r2', 'r4']);
let manyCalls = 0;
let oneCalls = 0;
const off = [
  registerRelationship({
    name: 'test.batch.many',
    actions: ['patient.list'],
    roles: ['social_worker'],
    audience: 'receiving-hospital',
    check: async (_p, r) => {
      oneCalls += 1;
      return shared.has(String(r._id));
    },
    checkMany: async (_p, rows) => {
      manyCalls += 1;
      return rows.map((r) => shared.has(String(r._id)));
    },
    filter: async () => null,
  }),
  registerRelationship({
    name: 'test.batch.one',
    actions: ['patient.list'],
    roles: ['social_worker'],
    audience: 'conference-guest',
    check: async (_p, r) => String(r._id) === 'r5',
    filter: async () => null,
  }),
];
afterAll(() => off.forEach((f) => f()));

const rows: AccessRecord[] = [
  { _id: 'r1', hospitalId: OWN },
  { _id: 'r2', hospitalId: OTHER },
  { _id: 'r3', hospitalId: OTHER },
  { _id: 'r4', hospitalId: OTHER },
  { _id: 'r5', hospitalId: OTHER },
];

describe('audiencesOf', () => {
  it('answers what audienceOf answers row by row', async () => {
    const batch = await audiencesOf(principal, 'patient.list', rows, clock);
    const single = await Promise.all(rows.map((r) => audienceOf(principal, 'patient.list', r, clock)));
    expect(batch).toEqual(single);
    expect(batch).toEqual(['own-hospital', 'receiving-hospital', null, 'receiving-hospital', 'conference-guest']);
  });

  it('asks a rule with checkMany once for the whole list, never row by row, and never for rows tenancy reached', async () => {
    manyCalls = 0;
    oneCalls = 0;
    await audiencesOf(principal, 'patient.list', rows, clock);
    expect(manyCalls).toBe(1);
    expect(oneCalls).toBe(0);
  });

  it('asks nothing when every row is the own hospital’s', async () => {
    manyCalls = 0;
    expect(await audiencesOf(principal, 'patient.list', [rows[0] as AccessRecord], clock)).toEqual(['own-hospital']);
    expect(manyCalls).toBe(0);
  });
});
