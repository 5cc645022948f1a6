import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { expect } from 'vitest';
import type { Clock } from '../../../server/clock.js';
import { ledgerInvariants } from '../../../server/features/funding/ledger/ledger.invariants.js';
import { runJobNow } from '../../../server/jobs/scheduler.js';
import { createLogger } from '../../../server/logger.js';
import type { SignedIn } from '../../setup/factories.js';
import { get } from './stories-fixture.js';

/**
 * The money tests' helpers (decision 0025): the money POSTs with their Idempotency-Key, the
 * request's money as the API shows it, the ledger's invariant, and running a money job now.
 */
export function send(who: SignedIn, path: string, body: object | string, key: string | null = randomUUID()): Test {
  const req = who.agent.post(`/api/v1${path}`).set('x-csrf-token', who.csrf).set('content-type', 'application/json');
  if (key !== null) req.set('Idempotency-Key', key);
  return req.send(typeof body === 'string' ? body : JSON.stringify(body));
}

export const disburseBody = (amountVnd: number, over: object = {}): Record<string, unknown> => ({
  amountVnd,
  payee: 'hospital-bill',
  method: 'bank-transfer',
  reference: 'UNC-2026-001',
  paidOn: '2026-12-07',
  ...over,
});

export interface Money {
  askedVnd: number;
  pledgedVnd: number;
  disbursedVnd: number;
  leftVnd: number;
}

export async function moneyOf(who: SignedIn, requestId: string): Promise<Money & { status: string }> {
  const res = await get(who, `/funding-requests/${requestId}`);
  expect(res.status).toBe(200);
  return { ...(res.body.money as Money), status: res.body.status as string };
}

export async function invariantHolds(): Promise<void> {
  expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });
}

export async function runMoneyJob(name: 'funding.repair' | 'funding.expire-pledges', clock: Clock): Promise<void> {
  const ran = await runJobNow(name, { clock, log: createLogger('silent'), signal: new AbortController().signal, owner: `test-${randomUUID()}` });
  expect(ran).toBe(true);
}
