import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { findHospital } from '../../../server/features/admin/hospitals.service.js';
import { openCaseForFlag } from '../../../server/features/cases/cases.service.js';
import { recordConsent } from '../../../server/features/consent/consent.service.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { openRequestAccount } from '../../../server/features/funding/ledger/ledger.js';
import { ledgerInvariants } from '../../../server/features/funding/ledger/ledger.invariants.js';
import { linkPatient } from '../../../server/features/patients/patients.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * Reconciliation over money moved through the API (issue 12 points 4–5): a partner pledges to a
 * published request and pays part of it to the hospital's bill; the month's reconciliation shows
 * the episode with that payment (and not the one paid to the family); once the payment is
 * reversed it shows nothing. The ledger's invariants hold throughout.
 */
const clock = settableClock('2026-11-20T03:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let sw: SignedIn;
let partner: SignedIn;
let requestId: string;
let mrn: string;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 3, seed: 5, now: new Date() });
  const hospitalId = (await makeFhirHospital(demo.baseUrl)).id;
  const h = await findHospital(hospitalId);
  if (!h) throw new Error('no hospital');
  const now = clock.now();
  const { record } = await linkPatient(h, 'bvdklc-000001', 'fixture', now);
  mrn = record.search.mrn ?? '';
  const c = await openCaseForFlag({ hospitalId: h._id, patientId: record._id, flagId: new Types.ObjectId(), by: 'fixture', note: null, now });
  await recordConsent(
    c,
    { purpose: 'publish-story', recipient: { kind: 'none' }, givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' }, childAgreed: true, patientLacksCapacity: true, method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' }, givenOn: '2026-11-20' },
    { by: 'fixture', now, today: '2026-11-20' },
  );
  // Published as the workflow leaves it (story listed, account open): how it got there is the requests' tests' concern.
  const r = await FundingRequestModel.create({
    reference: 'HT-2026-990001',
    caseId: c._id,
    patientId: record._id,
    hospitalId: h._id,
    lines: [{ kind: 'hospital-fees', description: 'Viện phí', totalVnd: 3_000_000, insuranceVnd: 0, patientVnd: 3_000_000, split: 'stated', serviceDate: '2026-11-18' }],
    bhyt: null,
    askedVnd: 3_000_000,
    urgency: 'urgent',
    neededBy: '2026-12-31',
    justification: 'Hộ nghèo',
    documentIds: [],
    episodeId: 'LK2611990001',
    status: 'published',
    history: [],
    version: 1,
    story: { title: 'Ca lọc máu', text: 'Một người mẹ cần lọc máu.', diagnosisGroup: 'Bệnh thận', reviewed: true, ageBand: '25-44', province: 'Lào Cai', needs: ['hospital-fees'], listed: true, publishedAt: now, unpublishedAt: null, reviewedBy: 'fixture', reviewedAt: now },
    outcomes: [],
    createdBy: 'fixture',
  });
  await openRequestAccount(r._id, 3_000_000, { hospitalId: h._id });
  requestId = r._id.toHexString();
  sw = await signInAs(t.app, 'social_worker', { hospitalId });
  partner = await signInAs(t.app, 'charity_partner');
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const money = (who: SignedIn, path: string, body: object): Test => who.agent.post(`/api/v1${path}`).set('x-csrf-token', who.csrf).set('idempotency-key', randomUUID()).send(body);
const month = async (): Promise<{ charityVnd: number; rows: { episodeId: string; patientCode: string | null; charityVnd: number; disbursementIds: string[] }[] }> =>
  (await sw.agent.get('/api/v1/reconciliation?month=2026-11').expect(200)).body;

describe('reconciliation of money moved through the ledger', () => {
  it('a payment to the hospital’s bill shows under its episode; a payment to the family does not; a reversal takes it out', async () => {
    const pledge = await money(partner, `/funding-requests/${requestId}/pledges`, { amountVnd: 2_000_000 }).expect(201);
    const bill = await money(partner, `/pledges/${pledge.body.id as string}/disbursements`, { amountVnd: 1_200_000, payee: 'hospital-bill', method: 'bank-transfer', reference: 'UNC-20261120', paidOn: '2026-11-20' });
    expect(bill.status, JSON.stringify(bill.body)).toBe(201);
    const other = await money(partner, `/funding-requests/${requestId}/pledges`, { amountVnd: 500_000 }).expect(201);
    await money(partner, `/pledges/${other.body.id as string}/disbursements`, { amountVnd: 500_000, payee: 'patient-family', method: 'cash', witness: 'Nguyễn Văn Bình', paidOn: '2026-11-20' }).expect(201);

    const before = await month();
    expect(before.charityVnd).toBe(1_200_000);
    expect(before.rows).toEqual([expect.objectContaining({ episodeId: 'LK2611990001', patientCode: mrn, charityVnd: 1_200_000, disbursementIds: [bill.body.id] })]);
    expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });

    await money(partner, `/disbursements/${bill.body.id as string}/reversal`, { reason: 'Chuyển nhầm tài khoản' }).expect(200);
    const after = await month();
    expect(after.rows).toEqual([]);
    expect(after.charityVnd).toBe(0);
    expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });
  });
});
