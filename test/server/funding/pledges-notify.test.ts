import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { NotificationModel } from '../../../server/notifications/notifications.model.js';
import '../../../server/jobs/all-jobs.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { disburseBody, runMoneyJob, send } from './money-fixture.js';
import { published, world, type World } from './stories-fixture.js';

/**
 * Who hears of the money (decision 0025): a pledge and a disbursement → the request's writer (the
 * social worker; the case's assignee too when another); an expired pledge → the pledging
 * organisation's partners. The request's reference and the organisation only: no patient, no amount.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({}, { clock, worker: { only: ['events.dispatch'] } });
const TODAY = '2026-12-07';
let w: World;

beforeAll(async () => {
  w = await world(t, clock.now());
});
afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

const MONEY = { template: { $in: ['funding.pledged', 'funding.disbursed', 'funding.pledge-expired'] } };

async function told(link: string, count: number): Promise<{ template: string; recipientId: string }[]> {
  await untilSignalled(() => NotificationModel.countDocuments({ link, ...MONEY }), (c) => c >= count, heard.consumed('notifications.funding-money'), { what: `${count} notifications at ${link}`, timeoutMs: 15_000 });
  const rows = await NotificationModel.find({ link, ...MONEY }).sort({ createdAt: 1, _id: 1 }).lean<{ template: string; recipientId: { toHexString(): string }; params: Record<string, unknown> }[]>();
  for (const r of rows) expect(JSON.stringify(r.params)).not.toMatch(/Dếnh|1500000|1\.500\.000/);
  return rows.map((r) => ({ template: r.template, recipientId: r.recipientId.toHexString() }));
}

describe('the money, told', () => {
  it('pledged and disbursed → the request’s writer; an expired pledge → the partner', async () => {
    const r = await published(w, TODAY, { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 3_000_000 }], neededBy: '2027-06-30' } });
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_500_000 }).expect(201)).body as { id: string };
    await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(1_500_000)).expect(201);
    expect(await told(`/funding/${r.id}`, 2)).toEqual([
      { template: 'funding.pledged', recipientId: w.sw.user.id },
      { template: 'funding.disbursed', recipientId: w.sw.user.id },
    ]);
    const q = (await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_000 }).expect(201)).body as { id: string };
    clock.set(new Date('2027-01-07T03:00:00Z'));
    await runMoneyJob('funding.expire-pledges', clock);
    const expired = await told(`/pledges/${q.id}`, 1);
    expect(expired).toEqual([{ template: 'funding.pledge-expired', recipientId: w.partnerB.user.id }]);
  }, 60_000);
});
