import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { CaseModel } from '../../../server/features/cases/cases.model.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { fundingDetailSchema, fundingListSchema } from '../../../server/features/funding/funding.schemas.js';
import { fundingPreviewSchema } from '../../../server/features/funding/funding-requests.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { upload } from '../referrals/receiver-fixture.js';
import { caseWithCard, draft, get, moved, patch, PATIENT_NAME, post, requestBody } from './requests-fixture.js';

/**
 * Funding requests' records (issue 12 point 1, decision 0025): created from a case as a draft with
 * a reference, the BHYT split from the patient's card read through the patients feature, the
 * case's attachments as documents (400 at `documentIds.N` otherwise); previewed without storing;
 * edited while a draft (409 FUNDING.NOT_DRAFT after); read in the viewer's view (the patient for
 * the hospital only); listed for the case and the hospital, the head's queue oldest first.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // a Monday, 10:00 in Vietnam
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let sw: SignedIn;
let lead: SignedIn;
let coordinator: SignedIn;
let otherSw: SignedIn;
let partner: SignedIn;
let caseId: string;
let patientId: string;

const DIGIT_4 = { number: 'GD4010123456789' };

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 2, seed: 1212, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: home.id });
  coordinator = await signInAs(t.app, 'coordinator');
  otherSw = await signInAs(t.app, 'social_worker', { hospitalId: (await makeFhirHospital(demo.baseUrl)).id });
  partner = await signInAs(t.app, 'charity_partner', { organisationId: (await makeOrganisation()).id });
  ({ caseId, patientId } = await caseWithCard(sw, fhir, DIGIT_4));
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('creating a request', () => {
  it('makes a draft with a reference, the BHYT split from the patient’s card, the patient for the hospital', async () => {
    const first = await post(sw, `/cases/${caseId}/funding-requests`, requestBody());
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const d = fundingDetailSchema.parse(first.body);
    expect(d.reference).toMatch(/^HT-2026-\d{6}$/);
    expect(d).toMatchObject({ status: 'draft', viewer: 'hospital', caseId, urgency: 'urgent', neededBy: '2026-12-31', patient: { id: patientId, name: PATIENT_NAME } });
    expect(d.lines).toEqual([
      { kind: 'hospital-fees', description: 'Viện phí đợt điều trị', totalVnd: 10_000_000, insuranceVnd: 8_000_000, patientVnd: 2_000_000, split: 'benefit-applied', serviceDate: '2026-12-07' },
      { kind: 'travel-home', description: 'Xe về quê', totalVnd: 500_000, insuranceVnd: 0, patientVnd: 500_000, split: 'outside-bhyt', serviceDate: null },
    ]);
    expect(d.bhyt).toMatchObject({ benefitDigit: 4, percent: 80, capsNotApplied: false });
    expect(d.bhyt?.source).toContain('46/2014/QH13');
    expect(d.money).toEqual({ totalVnd: 10_500_000, insuranceVnd: 8_000_000, askedVnd: 2_500_000, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 0 });
    expect(d.history).toEqual([expect.objectContaining({ from: null, to: 'draft', by: { id: sw.user.id, name: expect.any(String) }, reason: null })]);
    expect(d.can).toEqual(expect.arrayContaining(['funding.update', 'move:submit', 'move:withdraw']));
    expect(d.can).not.toContain('move:approve');
    // The next request takes the next number of the year's counter.
    const second = await draft(sw, caseId);
    expect(Number((second.reference as string).slice(-6))).toBe(Number(d.reference.slice(-6)) + 1);
  });

  it('takes the case’s attachments as documents; another case’s paper is refused at its index, nothing stored', async () => {
    const paper = await upload(sw, caseId, 'hoa-don-vien-phi.pdf');
    const other = await caseWithCard(sw, fhir, DIGIT_4);
    const foreign = await upload(sw, other.caseId, 'giay-khac.pdf');
    const before = await FundingRequestModel.countDocuments();
    const bad = await post(sw, `/cases/${caseId}/funding-requests`, requestBody({ documentIds: [paper, foreign] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'body.documentIds.1', code: 'no_such_record' })]);
    expect(await FundingRequestModel.countDocuments()).toBe(before);
    const ok = await draft(sw, caseId, { documentIds: [paper] });
    expect(ok.documents).toEqual([{ id: paper, kind: 'other', fileName: 'hoa-don-vien-phi.pdf' }]);
  });

  it('a CCCD-form card: hospital fees must state the fund’s share (400 at the line), then it stands', async () => {
    const cccd = await caseWithCard(sw, fhir, { number: '001080012345' });
    const before = await FundingRequestModel.countDocuments();
    const bad = await post(sw, `/cases/${cccd.caseId}/funding-requests`, requestBody());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'body.lines.0.statedInsuranceVnd', code: 'bhyt_share_unknown' })]);
    expect(await FundingRequestModel.countDocuments()).toBe(before);
    const lines = [{ kind: 'hospital-fees', description: 'Viện phí', totalVnd: 10_000_000, statedInsuranceVnd: 7_500_000 }];
    const ok = await draft(sw, cccd.caseId, { lines });
    expect(ok.lines).toEqual([expect.objectContaining({ insuranceVnd: 7_500_000, patientVnd: 2_500_000, split: 'stated' })]);
  });

  it('an uninsured patient pays all of the hospital fees', async () => {
    const none = await caseWithCard(sw, fhir, null);
    const d = await draft(sw, none.caseId);
    expect((d.lines as { split: string; patientVnd: number }[]).map((l) => [l.split, l.patientVnd])).toEqual([
      ['uninsured', 10_000_000],
      ['outside-bhyt', 500_000],
    ]);
    expect(d.money).toMatchObject({ askedVnd: 10_500_000 });
  });

  it('previews the split without storing anything', async () => {
    const before = await FundingRequestModel.countDocuments();
    const res = await post(sw, `/cases/${caseId}/funding-requests/preview`, requestBody());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = fundingPreviewSchema.parse(res.body);
    expect(p.askedVnd).toBe(2_500_000);
    expect(p.lines.map((l) => l.insuranceVnd)).toEqual([8_000_000, 0]);
    expect(await FundingRequestModel.countDocuments()).toBe(before);
  });

  it('money written as 1e7 or 500000.0 is refused at its field (the number’s source form), nothing stored', async () => {
    const before = await FundingRequestModel.countDocuments();
    const raw = JSON.stringify(requestBody()).replace('"totalVnd":10000000', '"totalVnd":1e7').replace('"totalVnd":500000', '"totalVnd":500000.0');
    const res = await sw.agent.post(`/api/v1/cases/${caseId}/funding-requests`).set('x-csrf-token', sw.csrf).set('content-type', 'application/json').send(raw);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['body.lines.0.totalVnd', 'money_form'],
      ['body.lines.1.totalVnd', 'money_form'],
    ]);
    expect(await FundingRequestModel.countDocuments()).toBe(before);
  });

  it('a closed case takes no request (409 CASE.CLOSED)', async () => {
    const closed = await caseWithCard(sw, fhir, DIGIT_4);
    await CaseModel.updateOne({ _id: new Types.ObjectId(closed.caseId) }, { $set: { status: 'closed' } });
    const res = await post(sw, `/cases/${closed.caseId}/funding-requests`, requestBody());
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CASE.CLOSED');
  });

  it('another hospital’s case answers 404', async () => {
    const res = await post(otherSw, `/cases/${caseId}/funding-requests`, requestBody());
    expect(res.status).toBe(404);
  });
});

describe('editing a draft', () => {
  it('recomputes the lines, counts the version; after submitting: 409 FUNDING.NOT_DRAFT', async () => {
    const d = await draft(sw, caseId);
    const lines = [{ kind: 'hospital-fees', description: 'Viện phí đợt hai', totalVnd: 3_000_000 }];
    const res = await patch(sw, `/funding-requests/${d.id}`, { lines, urgency: 'emergency' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ urgency: 'emergency', money: { totalVnd: 3_000_000, insuranceVnd: 2_400_000, askedVnd: 600_000 } });
    expect((await FundingRequestModel.findById(d.id).lean())?.version).toBe(2);
    await moved(sw, d.id, { move: 'submit' });
    const late = await patch(sw, `/funding-requests/${d.id}`, { urgency: 'routine' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'FUNDING.NOT_DRAFT', params: { status: 'submitted' } });
    expect((await FundingRequestModel.findById(d.id).lean())?.urgency).toBe('emergency');
  });

  it('an edit of one field leaves the others as they were (no defaults slip in)', async () => {
    const paper = await upload(sw, caseId, 'don-thuoc.pdf');
    const d = await draft(sw, caseId, { documentIds: [paper] });
    const res = await patch(sw, `/funding-requests/${d.id}`, { neededBy: '2026-12-30' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ neededBy: '2026-12-30', urgency: 'urgent', documents: [expect.objectContaining({ id: paper })] });
  });

  it('refuses an empty edit and a bad line at its field, changing nothing', async () => {
    const d = await draft(sw, caseId);
    expect((await patch(sw, `/funding-requests/${d.id}`, {})).status).toBe(400);
    const bad = await patch(sw, `/funding-requests/${d.id}`, { lines: [{ kind: 'travel-home', description: 'Xe', totalVnd: 100, statedInsuranceVnd: 5 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'body.lines.0.statedInsuranceVnd', code: 'not_allowed' })]);
    expect((await FundingRequestModel.findById(d.id).lean())?.version).toBe(1);
  });
});

describe('reading and listing', () => {
  it('answers each viewer its view: network staff without the patient; another hospital and a partner nothing', async () => {
    const d = await draft(sw, caseId);
    const net = await get(coordinator, `/funding-requests/${d.id}`);
    expect(net.status).toBe(200);
    expect(fundingDetailSchema.parse(net.body)).toMatchObject({ viewer: 'network', patient: null, can: [] });
    expect(net.body.lines).toHaveLength(2);
    expect(JSON.stringify(net.body)).not.toContain(PATIENT_NAME);
    expect((await get(otherSw, `/funding-requests/${d.id}`)).status).toBe(404);
    const p = await get(partner, `/funding-requests/${d.id}`);
    expect([403, 404]).toContain(p.status);
    expect(JSON.stringify(p.body)).not.toContain(d.reference as string);
  });

  it('audits each read with ids only (the patient’s id for the hospital)', async () => {
    const d = await draft(sw, caseId);
    const res = await get(sw, `/funding-requests/${d.id}`);
    const entry = await AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, action: 'funding.read' }).lean<Record<string, unknown>>();
    expect(entry).toMatchObject({ resourceId: d.id, outcome: 'success' });
    expect(String(entry?.patientId)).toBe(patientId);
    expect(JSON.stringify(entry)).not.toContain(PATIENT_NAME);
  });

  it('lists the case’s requests newest first', async () => {
    const own = await caseWithCard(sw, fhir, DIGIT_4);
    const a = await draft(sw, own.caseId);
    clock.advance(60_000);
    const b = await draft(sw, own.caseId);
    const res = await get(sw, `/cases/${own.caseId}/funding-requests`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);
    expect(res.body.data[0].patient).toEqual({ id: own.patientId, name: PATIENT_NAME });
    expect((await get(otherSw, `/cases/${own.caseId}/funding-requests`)).status).toBe(404);
  });

  it('the head’s queue: the hospital’s submitted requests, oldest first, paged; another hospital sees none of them', async () => {
    const q = await caseWithCard(sw, fhir, DIGIT_4);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const d = await draft(sw, q.caseId);
      clock.advance(60_000);
      await moved(sw, d.id, { move: 'submit' });
      ids.push(d.id);
    }
    await draft(sw, q.caseId); // a draft is not in the queue
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(lead, `/funding-requests?view=queue&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = fundingListSchema.parse(res.body);
      expect(page.data.every((r) => r.status === 'submitted')).toBe(true);
      all.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.filter((id) => ids.includes(id))).toEqual(ids);
    const other = await get(otherSw, '/funding-requests?view=queue');
    expect(other.body.data.filter((r: { id: string }) => ids.includes(r.id))).toEqual([]);
    expect((await get(partner, '/funding-requests')).status).toBe(403);
  });

  it('the hospital’s list: newest change first, filtered by status and case', async () => {
    const res = await get(lead, `/funding-requests?status=draft&caseId=${caseId}`);
    expect(res.status).toBe(200);
    const page = fundingListSchema.parse(res.body);
    expect(page.total).toBe(page.data.length);
    expect(page.data.every((r) => r.status === 'draft' && r.caseId === caseId)).toBe(true);
    const times = page.data.map((r) => r.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
