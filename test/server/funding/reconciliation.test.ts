import mongoose from 'mongoose';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHospital } from '../../../server/features/admin/hospitals.service.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import { reconciliationSchema } from '../../../server/features/funding/funding.schemas.js';
import { linkPatient } from '../../../server/features/patients/patients.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { claimsCsv, package4210 } from './claims-files.js';
import { disbursement, fundingRequest } from './reconciliation-fixture.js';

/**
 * Reconciliation with the claims (issue 12 point 5): per hospital and month, charity paid to the
 * hospital's bills per episode (done, hospital-bill, paid in the month), as JSON and as CSV in
 * the claims field's shape; a claims export uploaded (4210 XML or CSV) and compared per episode;
 * MA_BN for the hospital's staff only; bad files refused with nothing kept.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let sw: SignedIn;
let coordinator: SignedIn;
let otherSw: SignedIn;
let partner: SignedIn;
let hospitalId: string;
const mrn: string[] = [];
const MONTH = '2026-11';
const ids: Record<string, string> = {};

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 5, seed: 12, now: new Date() });
  hospitalId = (await makeFhirHospital(demo.baseUrl)).id;
  const h = await findHospital(hospitalId);
  if (!h) throw new Error('no hospital');
  const patients = [];
  for (const fhirId of ['bvdklc-000001', 'bvdklc-000002']) {
    const { record } = await linkPatient(h, fhirId, 'fixture', new Date());
    if (!record.search.mrn) throw new Error('the demo patient has no MRN');
    mrn.push(record.search.mrn);
    patients.push(record._id.toHexString());
  }
  const [p1, p2] = patients as [string, string];
  sw = await signInAs(t.app, 'social_worker', { hospitalId });
  coordinator = await signInAs(t.app, 'coordinator');
  otherSw = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
  partner = await signInAs(t.app, 'charity_partner');
  // LK-A: two payments to the bill in November (and one to the family, not the bill's).
  const a = await fundingRequest(hospitalId, p1, 'LK-A');
  ids.a1 = await disbursement(a, { amountVnd: 1_000_000, paidOn: '2026-11-03' });
  ids.a2 = await disbursement(a, { amountVnd: 500_000, paidOn: '2026-11-30' });
  await disbursement(a, { amountVnd: 400_000, paidOn: '2026-11-10', payee: 'patient-family' });
  // LK-B: one payment; a reversed one and one still recording count for nothing.
  const b = await fundingRequest(hospitalId, p2, 'LK-B');
  ids.b = await disbursement(b, { amountVnd: 2_000_000, paidOn: '2026-11-15' });
  await disbursement(b, { amountVnd: 999_000, paidOn: '2026-11-16', state: 'reversed' });
  await disbursement(b, { amountVnd: 111_000, paidOn: '2026-11-17', state: 'recording' });
  // LK-C: paid the day before and the day after the month.
  const c = await fundingRequest(hospitalId, p1, 'LK-C');
  await disbursement(c, { amountVnd: 700_000, paidOn: '2026-10-31' });
  await disbursement(c, { amountVnd: 300_000, paidOn: '2026-12-01' });
  // A request without an episode: its own row, with an empty MA_LK.
  ids.none = await disbursement(await fundingRequest(hospitalId, p2, null), { amountVnd: 250_000, paidOn: '2026-11-20' });
  // Another hospital's payment to an episode of the same code.
  await disbursement(await fundingRequest((await makeHospital()).id, p1, 'LK-A'), { amountVnd: 5_000_000, paidOn: '2026-11-05' });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const get = (who: SignedIn, query: string): Test => who.agent.get(`/api/v1/reconciliation?${query}`);
const upload = (who: SignedIn, file: string, name: string, month = MONTH): Test =>
  who.agent.post(`/api/v1/reconciliation/claims?month=${month}`).set('x-csrf-token', who.csrf).attach('file', Buffer.from(file, 'utf8'), name);

describe('reconciliation before any claims upload', () => {
  it('the month’s charity to the hospital’s bills per episode, with the patient codes, for the hospital’s staff', async () => {
    const res = await get(sw, `month=${MONTH}`).expect(200);
    const body = reconciliationSchema.parse(res.body);
    expect(body.hospital.id).toBe(hospitalId);
    expect(body.charityVnd).toBe(3_750_000);
    expect(body.claimedVnd).toBeNull();
    expect(body.upload).toBeNull();
    expect(body.rows).toEqual([
      { episodeId: '', patientCode: mrn[1], charityVnd: 250_000, claimedVnd: null, differenceVnd: null, status: 'no-upload', disbursementIds: [ids.none] },
      { episodeId: 'LK-A', patientCode: mrn[0], charityVnd: 1_500_000, claimedVnd: null, differenceVnd: null, status: 'no-upload', disbursementIds: [ids.a1, ids.a2] },
      { episodeId: 'LK-B', patientCode: mrn[1], charityVnd: 2_000_000, claimedVnd: null, differenceVnd: null, status: 'no-upload', disbursementIds: [ids.b] },
    ]);
    const audit = await AuditModel.findOne({ action: 'reconciliation.read' }).sort({ _id: -1 }).lean();
    expect((audit as unknown as { patientIds: string[] }).patientIds).toHaveLength(2);
  });

  it('as CSV: MA_LK, MA_BN, T_NGUONKHAC in whole đồng, one row per episode, UTF-8 with a BOM', async () => {
    const res = await get(sw, `month=${MONTH}&format=csv`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="doi-soat-T_NGUONKHAC-.*-2026-11\.csv"/);
    expect(res.body).toBe(`\uFEFFMA_LK,MA_BN,T_NGUONKHAC\r\n,${mrn[1]},250000\r\nLK-A,${mrn[0]},1500000\r\nLK-B,${mrn[1]},2000000\r\n`);
  });

  it('a month with nothing paid: no rows; network staff name the hospital and see no patient code', async () => {
    expect((await get(sw, 'month=2026-09').expect(200)).body.rows).toEqual([]);
    const missing = await get(coordinator, `month=${MONTH}`).expect(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'query.hospitalId', code: 'required_for_role' })]);
    const network = await get(coordinator, `month=${MONTH}&hospitalId=${hospitalId}`).expect(200);
    expect(network.body.rows.map((r: { patientCode: unknown }) => r.patientCode)).toEqual([null, null, null]);
    expect(network.body.charityVnd).toBe(3_750_000);
    const csv = await get(coordinator, `month=${MONTH}&hospitalId=${hospitalId}&format=csv`).expect(200);
    expect(csv.text).toContain('LK-A,,1500000');
  });

  it('another hospital’s staff and charity partners are refused', async () => {
    await get(otherSw, `month=${MONTH}&hospitalId=${hospitalId}`).expect(403);
    expect((await get(otherSw, `month=${MONTH}`).expect(200)).body.rows).toEqual([]);
    await get(partner, `month=${MONTH}&hospitalId=${hospitalId}`).expect(403);
    await upload(coordinator, claimsCsv([]), 'a.csv').expect(403);
  });
});

describe('reconciliation against the uploaded claims export', () => {
  it('a 4210 package: match, differs, missing in the claims, missing here; zero and other-month records left out', async () => {
    const file = package4210([
      { maLk: 'LK-A', maBn: mrn[0] as string, nguonKhac: 1_500_000, month: MONTH },
      { maLk: 'LK-B', maBn: mrn[1] as string, nguonKhac: '1800000.00', month: MONTH },
      { maLk: 'LK-D', maBn: 'BN-KHAC-9', nguonKhac: 600_000, month: MONTH },
      { maLk: 'LK-E', maBn: 'BN-KHAC-8', nguonKhac: 0, month: MONTH },
      { maLk: 'LK-F', maBn: 'BN-KHAC-7', nguonKhac: 900_000, month: '2026-10' },
    ]);
    const res = await upload(sw, file, 'giamdinh-thang-11.xml').expect(201);
    const body = reconciliationSchema.parse(res.body);
    expect(body.upload).toMatchObject({ fileName: 'giamdinh-thang-11.xml', rows: 4 });
    expect(body.claimedVnd).toBe(3_900_000);
    expect(body.rows.map((r) => [r.episodeId, r.charityVnd, r.claimedVnd, r.differenceVnd, r.status])).toEqual([
      ['', 250_000, null, -250_000, 'missing-in-claims'],
      ['LK-A', 1_500_000, 1_500_000, 0, 'match'],
      ['LK-B', 2_000_000, 1_800_000, -200_000, 'differs'],
      ['LK-D', 0, 600_000, 600_000, 'missing-here'],
    ]);
    expect(body.rows.find((r) => r.episodeId === 'LK-D')?.patientCode).toBe('BN-KHAC-9');
    // The read afterwards shows the same comparison; the CSV carries the claims' side too.
    expect((await get(sw, `month=${MONTH}`).expect(200)).body).toEqual(res.body);
    const csv = await get(sw, `month=${MONTH}&format=csv`).expect(200);
    expect(csv.text.split('\r\n')).toEqual([
      '\uFEFFMA_LK,MA_BN,T_NGUONKHAC,T_NGUONKHAC_GIAMDINH,CHENH_LECH,TRANG_THAI',
      `,${mrn[1]},250000,,-250000,Không có trong hồ sơ giám định`,
      `LK-A,${mrn[0]},1500000,1500000,0,Khớp`,
      `LK-B,${mrn[1]},2000000,1800000,-200000,Chênh lệch`,
      'LK-D,BN-KHAC-9,0,600000,600000,Không có khoản giải ngân tương ứng',
      '',
    ]);
    // The file is kept in the funding files' bucket.
    expect(await mongoose.connection.db!.collection('funding_files.files').countDocuments({ filename: 'giamdinh-thang-11.xml' })).toBe(1);
  });

  it('a later CSV upload for the month replaces the comparison; another month’s upload does not touch it', async () => {
    const csv = claimsCsv([
      { maLk: 'LK-A', maBn: mrn[0] as string, nguonKhac: 1_500_000 },
      { maLk: 'LK-B', maBn: mrn[1] as string, nguonKhac: 2_000_000 },
    ], { separator: ';', bom: true });
    const res = await upload(sw, csv, 'giamdinh.csv').expect(201);
    expect(res.body.rows.map((r: { episodeId: string; status: string }) => `${r.episodeId}:${r.status}`)).toEqual([':missing-in-claims', 'LK-A:match', 'LK-B:match']);
    await upload(sw, claimsCsv([{ maLk: 'LK-A', maBn: 'x', nguonKhac: 1 }]), 'thang-10.csv', '2026-10').expect(201);
    expect((await get(sw, `month=${MONTH}`).expect(200)).body.upload.fileName).toBe('giamdinh.csv');
  });

  it('a bad file: 400 RECONCILIATION.BAD_FILE naming the record and field; nothing is kept', async () => {
    const db = mongoose.connection.db!;
    const before = [await db.collection('funding_claims_uploads').countDocuments(), await db.collection('funding_files.files').countDocuments(), await db.collection('funding_files.chunks').countDocuments()];
    const bad = await upload(sw, claimsCsv([{ maLk: 'LK-A', maBn: 'BN1', nguonKhac: 100 }, { maLk: 'LK-B', maBn: 'BN2', nguonKhac: '150000.5' }]), 'sai.csv').expect(400);
    expect(bad.body.error).toMatchObject({ code: 'RECONCILIATION.BAD_FILE', params: { row: 2, field: 'T_NGUONKHAC' } });
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'body.file', code: 'whole_number' })]);
    const binary = await upload(sw, '\u0000\u0001PK', 'giamdinh.xml').expect(400);
    expect(binary.body.error.code).toBe('RECONCILIATION.BAD_FILE');
    const after = [await db.collection('funding_claims_uploads').countDocuments(), await db.collection('funding_files.files').countDocuments(), await db.collection('funding_files.chunks').countDocuments()];
    expect(after).toEqual(before);
  });
});
