import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { timelinePage } from '../../../server/features/cases/timeline.schemas.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor } from '../consent/consent-fixture.js';
import { consentTo, moved, post, referral, type Recipient } from './core-fixture.js';
import { network, type Network } from './loop-fixture.js';

/**
 * The referral on the sender's case timeline (issue 11, point 4): every event of the case's
 * referrals shows there (kind `referral`), and the completion carries the outcome the receiver
 * wrote: "what help was given" flows back to the case. Another case's referral does not show.
 */
const clock = settableClock('2026-12-10T03:00:00Z');
const t = await startTestApp({}, { clock });
let n: Network;
const OUTCOME = 'Đã hỗ trợ tiền ăn ở 1.500.000 ₫ và đưa đón gia đình';

beforeAll(async () => {
  n = await network(t, clock.now(), 5101);
});

afterAll(async () => {
  await t.close();
  await n?.demo.stop();
});

interface Item {
  id: string;
  kind: string;
  at: string;
  actor: { id: string } | null;
  event?: { type: string; data: Record<string, unknown> };
}

async function timeline(caseId: string, limit = 100): Promise<Item[]> {
  const res = await n.sw.agent.get(`/api/v1/cases/${caseId}/timeline?limit=${limit}`).expect(200);
  expect(timelinePage.safeParse(res.body).success).toBe(true);
  return res.body.data as Item[];
}

describe('the case timeline', () => {
  it('shows each event of the case’s referral, newest first, and the completion with the outcome text', async () => {
    const to: Recipient = { kind: 'hospital', id: n.receiving.id };
    const { caseId } = await caseFor(n.sw, n.fhir);
    const other = (await caseFor(n.sw, n.fhir)).caseId;
    await consentTo(n.sw, caseId, to, '2026-12-10');
    await consentTo(n.sw, other, to, '2026-12-10');
    const id = await referral(n.sw, caseId, to);
    const elsewhere = await referral(n.sw, other, to);
    const step = async (who: typeof n.sw, body: object): Promise<void> => {
      clock.advance(60_000);
      await moved(who, id, body);
    };
    await step(n.rsw, { to: 'received' });
    clock.advance(60_000);
    await post(n.rsw, `/referrals/${id}/comments`, { body: 'Chúng tôi đã liên hệ gia đình.' }).expect(201);
    await step(n.rsw, { to: 'accepted', capacity: 'capacity' });
    await step(n.rsw, { to: 'in-progress' });
    await step(n.rlead, { to: 'completed', outcome: OUTCOME });

    const items = (await timeline(caseId)).filter((i) => i.kind === 'referral');
    expect(items.map((i) => [i.event?.type, i.event?.data.status ?? null])).toEqual([
      ['referral.status-changed', 'completed'],
      ['referral.status-changed', 'in-progress'],
      ['referral.status-changed', 'accepted'],
      ['referral.comment-added', null],
      ['referral.status-changed', 'received'],
      ['referral.sent', null],
      ['referral.created', 'draft'],
    ]);
    for (const i of items) expect(i.event?.data.referralId).toBe(id);
    const [completed] = items;
    expect(completed?.event?.data.outcome).toBe(OUTCOME);
    expect(completed?.actor?.id).toBe(n.rlead.user.id);
    expect(items.filter((i) => 'outcome' in (i.event?.data ?? {})), 'only the completion carries an outcome').toHaveLength(1);
    expect(JSON.stringify(items)).not.toContain(elsewhere);

    // Paged in twos, the same entries in the same order.
    const paged: Item[] = [];
    let cursor: string | null = null;
    do {
      const res = await n.sw.agent.get(`/api/v1/cases/${caseId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      paged.push(...(res.body.data as Item[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(paged.filter((i) => i.kind === 'referral').map((i) => i.id)).toEqual(items.map((i) => i.id));

    // The receiver never reads the sender's case timeline.
    await n.rsw.agent.get(`/api/v1/cases/${caseId}/timeline`).expect(404);
  });
});
