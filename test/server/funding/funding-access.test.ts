import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { fundingDetailSchema } from '../../../server/features/funding/funding.schemas.js';
import { startTestApp } from '../../setup/test-app.js';
import { draft } from './requests-fixture.js';
import { approvedWithStory, caseOf, get, moved, pledge, post, published, putStory, STORY, withdrawConsent, world, type Published, type World } from './stories-fixture.js';

/**
 * Who reaches a funding request and the money on it (issue 12 point 2 and 8; funding.relationships.ts):
 * a partner reads a request only while it is on the marketplace (listed, open to pledges, consented)
 * or when its organisation pledged to it; never another partner's pledges; the request's hospital
 * reads the pledges and disbursements on its requests, another hospital does not.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const t = await startTestApp({}, { clock });
let w: World;
let open: Published;
let pledgeA: string;
let disbursementA: string;

beforeAll(async () => {
  w = await world(t, clock.now());
  open = await published(w, TODAY);
  const p = await pledge(w.partnerA, open.id, 2_000_000);
  if (p.status !== 201) throw new Error(`pledge: ${p.status} ${JSON.stringify(p.body)}`);
  pledgeA = p.body.id as string;
  const d = await post(w.partnerA, `/pledges/${pledgeA}/disbursements`, { amountVnd: 1_500_000, payee: 'hospital-bill', method: 'bank-transfer', reference: 'UNC-0712', paidOn: TODAY })
    .set('Idempotency-Key', randomUUID());
  if (d.status !== 201) throw new Error(`disbursement: ${d.status} ${JSON.stringify(d.body)}`);
  disbursementA = d.body.id as string;
});
afterAll(async () => {
  await w.demo.stop();
  await t.close();
});

describe('a partner reads a request only while it is listed, or when it pledged', () => {
  it('a draft, an approved request with a story, and another hospital’s staff: 404', async () => {
    const { caseId } = await caseOf(w);
    const d = await draft(w.sw, caseId);
    await putStory(w.sw, d.id, STORY).expect(200);
    const approved = await approvedWithStory(w, TODAY);
    for (const id of [d.id, approved.id]) {
      expect((await get(w.partnerA, `/funding-requests/${id}`)).status).toBe(404);
      expect((await get(w.otherSw, `/funding-requests/${id}`)).status).toBe(404);
    }
  });

  it('unpublished by the worker: gone for other partners; the pledger keeps the money, not the story', async () => {
    const p = await published(w, TODAY);
    const mine = await pledge(w.partnerA, p.id, 300_000);
    expect(mine.status).toBe(201);
    expect((await get(w.partnerB, `/funding-requests/${p.id}`)).status).toBe(200);
    await moved(w.sw, p.id, { move: 'unpublish', reason: 'Gia đình muốn tạm dừng' });
    expect((await get(w.partnerB, `/funding-requests/${p.id}`)).status).toBe(404);
    const pledger = fundingDetailSchema.parse((await get(w.partnerA, `/funding-requests/${p.id}`)).body);
    expect(pledger).toMatchObject({ viewer: 'partner', story: null, patient: null, caseId: null, lines: [], justification: null });
    expect(pledger.money.pledgedVnd).toBe(300_000);
    expect(pledger.can).toEqual([]);
  });

  it('without the consent: 404 to a partner that never pledged, even while listed', async () => {
    const p = await published(w, TODAY);
    await withdrawConsent(w.sw, p.caseId, p.consentId);
    expect((await get(w.partnerB, `/funding-requests/${p.id}`)).status).toBe(404);
  });

  it('a listed request shows the partner no patient, no case, no lines, no justification', async () => {
    const res = await get(w.partnerB, `/funding-requests/${open.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ viewer: 'partner', patient: null, caseId: null, lines: [], justification: null, documents: [], episodeId: null });
    expect(JSON.stringify(res.body)).not.toContain(open.patientId);
  });
});

describe('pledges and disbursements', () => {
  it('a partner never sees another partner’s pledge or disbursement', async () => {
    expect((await get(w.partnerA, `/pledges/${pledgeA}`)).status).toBe(200);
    expect((await get(w.partnerB, `/pledges/${pledgeA}`)).status).toBe(404);
    expect((await get(w.partnerB, `/disbursements/${disbursementA}`)).status).toBe(404);
    const listB = await get(w.partnerB, `/pledges?requestId=${open.id}`);
    expect(listB.status).toBe(200);
    expect(listB.body.data).toEqual([]);
    const listA = await get(w.partnerA, `/pledges?requestId=${open.id}`);
    expect((listA.body.data as { id: string }[]).map((x) => x.id)).toEqual([pledgeA]);
  });

  it('the request’s hospital reads them (funding.request-hospital); another hospital does not', async () => {
    expect((await get(w.sw, `/pledges/${pledgeA}`)).status).toBe(200);
    expect((await get(w.lead, `/disbursements/${disbursementA}`)).status).toBe(200);
    const list = await get(w.sw, `/pledges?requestId=${open.id}`);
    expect((list.body.data as { id: string }[]).map((x) => x.id)).toEqual([pledgeA]);
    expect((await get(w.otherSw, `/pledges/${pledgeA}`)).status).toBe(404);
    expect((await get(w.otherSw, `/disbursements/${disbursementA}`)).status).toBe(404);
    expect((await get(w.otherSw, `/pledges?requestId=${open.id}`)).body.data).toEqual([]);
  });

  it('network staff read them; the pledging partner cancels only its own', async () => {
    expect((await get(w.coordinator, `/pledges/${pledgeA}`)).status).toBe(200);
    const other = await pledge(w.partnerA, open.id, 100_000);
    const cancel = await post(w.partnerB, `/pledges/${other.body.id as string}/cancel`, {}).set('Idempotency-Key', randomUUID());
    expect(cancel.status).toBe(404);
  });
});
