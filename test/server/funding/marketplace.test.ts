import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { marketplaceItemSchema, marketplaceListSchema } from '../../../server/features/funding/funding.schemas.js';
import { startTestApp } from '../../setup/test-app.js';
import { draft } from './requests-fixture.js';
import { approvedWithStory, caseOf, get, marketplaceIds, moved, PATIENT, published, putStory, STORY, withdrawConsent, world, type Published, type World } from './stories-fixture.js';

/**
 * GET /marketplace (issue 12 point 2): partners see only requests on the marketplace now (story
 * listed, open to pledges, the publish-story consent in force), filtered and sorted, in keyset
 * pages, and nothing in a card identifies the patient.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const t = await startTestApp({}, { clock });
let w: World;
let child: Published; // 6-15, Lào Cai, hospital fees + travel, urgent, needed by 31/12, asks 10.500.000 ₫
let adult: Published; // 45-59, Điện Biên, a device, emergency, needed by 20/12, asks 3.000.000 ₫
let yenBai: Published; // 6-15, Yên Bái → Lào Cai (2025), meals, routine, needed by 15/01/2027, asks 800.000 ₫
const hidden: string[] = [];

const lines = (kind: string, totalVnd: number): object => ({ lines: [{ kind, description: 'Chi phí', totalVnd }] });

beforeAll(async () => {
  w = await world(t, clock.now());
  child = await published(w, TODAY);
  clock.advance(60_000);
  adult = await published(w, TODAY, { birthDate: '1980-05-01', province: 'Điện Biên', request: { ...lines('medical-devices', 3_000_000), urgency: 'emergency', neededBy: '2026-12-20' } });
  clock.advance(60_000);
  yenBai = await published(w, TODAY, { province: 'Yên Bái', request: { ...lines('caregiver-meals', 800_000), urgency: 'routine', neededBy: '2027-01-15' } });
  // Never on the marketplace: approved with a story, a draft with a story, unpublished, consent withdrawn, another state.
  hidden.push((await approvedWithStory(w, TODAY)).id);
  const { caseId } = await caseOf(w);
  const d = await draft(w.sw, caseId);
  await putStory(w.sw, d.id, STORY).expect(200);
  hidden.push(d.id);
  const unpublished = await published(w, TODAY);
  await moved(w.sw, unpublished.id, { move: 'unpublish', reason: 'Gia đình muốn tạm dừng' });
  hidden.push(unpublished.id);
  const withdrawn = await published(w, TODAY);
  await withdrawConsent(w.sw, withdrawn.caseId, withdrawn.consentId);
  hidden.push(withdrawn.id);
  const funded = await published(w, TODAY);
  await FundingRequestModel.updateOne({ _id: funded.id }, { $set: { status: 'fully-funded' } });
  hidden.push(funded.id);
});
afterAll(async () => {
  await w.demo.stop();
  await t.close();
});

describe('what the marketplace holds', () => {
  it('lists only listed, pledgeable, consented requests, by needed-by day, with the total', async () => {
    const res = await get(w.partnerA, '/marketplace');
    expect(res.status).toBe(200);
    const page = marketplaceListSchema.parse(res.body);
    expect(page.data.map((x) => x.id)).toEqual([adult.id, child.id, yenBai.id]);
    expect(page.total).toBe(3);
    for (const id of hidden) expect(page.data.map((x) => x.id)).not.toContain(id);
    expect(page.data[1]).toMatchObject({
      reference: child.reference,
      hospital: { id: w.home.id, name: w.home.name },
      title: STORY.title,
      ageBand: '6-15',
      province: 'Lào Cai',
      needs: ['hospital-fees', 'travel-home'],
      urgency: 'urgent',
      neededBy: '2026-12-31',
      money: { askedVnd: 10_500_000, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 10_500_000 },
    });
    expect(page.data[2]?.province).toBe('Lào Cai'); // Yên Bái became Lào Cai in 2025
  });

  it('shows nothing that identifies the patient: no name, ids, birth date, card, phone or address', async () => {
    const res = await get(w.partnerA, '/marketplace');
    const text = JSON.stringify(res.body);
    for (const secret of [PATIENT.name, PATIENT.cccd, PATIENT.phone, 'Nà Pồng', 'Bản Lầu', '2014-03-05', '1980-05-01', child.patientId, child.caseId, adult.patientId, adult.caseId]) {
      expect(text).not.toContain(secret);
    }
    for (const item of res.body.data as object[]) expect(Object.keys(item).sort()).toEqual(Object.keys(marketplaceItemSchema.shape).sort());
  });

  it('is for partners and network staff; a social worker gets 403', async () => {
    expect(await marketplaceIds(w.coordinator)).toEqual([adult.id, child.id, yenBai.id]);
    expect((await get(w.sw, '/marketplace')).status).toBe(403);
  });
});

describe('filters', () => {
  const cases: [string, string, () => string[]][] = [
    ['province', '?province=Điện Biên', () => [adult.id]],
    ['province without marks', '?province=lao%20cai', () => [child.id, yenBai.id]],
    ['age band', '?ageBand=6-15', () => [child.id, yenBai.id]],
    ['need', '?need=medical-devices', () => [adult.id]],
    ['need of a second line', '?need=travel-home', () => [child.id]],
    ['urgency', '?urgency=routine', () => [yenBai.id]],
    ['least left', '?minLeftVnd=1000000', () => [adult.id, child.id]],
    ['most left', '?maxLeftVnd=3000000', () => [adult.id, yenBai.id]],
    ['a range', '?minLeftVnd=900000&maxLeftVnd=3000000', () => [adult.id]],
    ['together', '?ageBand=6-15&need=caregiver-meals', () => [yenBai.id]],
    ['nothing matches', '?province=Cao Bằng', () => []],
  ];
  it.each(cases)('%s', async (_what, query, expected) => {
    expect(await marketplaceIds(w.partnerB, encodeURI(query).replace(/%25/g, '%'))).toEqual(expected());
  });
});

describe('sorts and pages', () => {
  const sorts: [string, () => string[]][] = [
    ['needed-by', () => [adult.id, child.id, yenBai.id]],
    ['left-asc', () => [yenBai.id, adult.id, child.id]],
    ['left-desc', () => [child.id, adult.id, yenBai.id]],
    ['newest', () => [yenBai.id, adult.id, child.id]],
  ];
  it.each(sorts)('%s, one card a page, every card once', async (sort, expected) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(w.partnerA, `/marketplace?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      seen.push(...(res.body.data as { id: string }[]).map((x) => x.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(expected());
  });

  it('refuses a cursor of another sort (400 at query.cursor)', async () => {
    const first = await get(w.partnerA, '/marketplace?sort=left-asc&limit=1');
    const res = await get(w.partnerA, `/marketplace?sort=newest&cursor=${first.body.nextCursor as string}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'query.cursor', code: 'invalid_cursor' });
  });
});
