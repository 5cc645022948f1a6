import { PDFParse } from 'pdf-parse';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { statementSchema } from '../../../server/features/funding/funding.schemas.js';
import { DisbursementModel } from '../../../server/features/funding/pledges.model.js';
import { startTestApp } from '../../setup/test-app.js';
import { auditOf } from '../cases/timeline-fixtures.js';
import { disbursement, PATIENT_NAME, pledge, publishedRequest, world, type World } from './statements-fixture.js';

/**
 * A partner's statement (issue 12 point 6): for a period of Vietnam days, what it pledged (and what
 * of it was cancelled or expired), what it paid to whom (de-identified), the receipts and the
 * outcomes; as JSON, as CSV (BOM, Vietnamese headers, integer and written amounts) and as PDF with
 * the Vietnamese diacritics intact (read back with pdf-parse). Never another organisation's money,
 * never the patient.
 */
const clock = settableClock('2026-12-20T03:00:00Z');
const t = await startTestApp({}, { clock });
let w: World;
let first: { id: string; reference: string };
let second: { id: string; reference: string };
const PERIOD = 'from=2026-12-01&to=2026-12-31';

beforeAll(async () => {
  w = await world(t, clock.now());
  first = await publishedRequest(w);
  second = await publishedRequest(w, { ageBand: '6-15', province: 'Điện Biên' });
  // Organisation A, in December (Vietnam days): 00:30 on 1 December in Vietnam is still 30 November in UTC.
  const p1 = await pledge(first.id, w.orgA.id, { amountVnd: 1_500_000, createdAt: '2026-11-30T17:30:00Z' });
  await disbursement(p1, { amountVnd: 1_500_000, paidOn: '2026-12-05', payee: 'hospital-bill' });
  await pledge(second.id, w.orgA.id, { amountVnd: 700_000, createdAt: '2026-12-10T03:00:00Z' });
  await pledge(second.id, w.orgA.id, { amountVnd: 300_000, state: 'cancelled', createdAt: '2026-12-11T03:00:00Z' });
  await pledge(second.id, w.orgA.id, { amountVnd: 200_000, state: 'expired', createdAt: '2026-12-02T03:00:00Z' });
  // Outside the period (23:59 on 30 November in Vietnam), a reversed payment and one still recording: none counts.
  await pledge(first.id, w.orgA.id, { amountVnd: 999_000, createdAt: '2026-11-30T16:59:00Z' });
  const p2 = await pledge(second.id, w.orgA.id, { amountVnd: 400_000, createdAt: '2026-12-12T03:00:00Z' });
  await disbursement(p2, { amountVnd: 400_000, paidOn: '2026-12-13', state: 'reversed' });
  const p3 = await pledge(first.id, w.orgA.id, { amountVnd: 250_000, createdAt: '2026-12-14T03:00:00Z' });
  await disbursement(p3, { amountVnd: 250_000, paidOn: '2026-12-14', state: 'recording' });
  // Organisation B's money on the same request: never in A's statement.
  const b = await pledge(first.id, w.orgB.id, { amountVnd: 5_000_000, createdAt: '2026-12-03T03:00:00Z' });
  await disbursement(b, { amountVnd: 5_000_000, paidOn: '2026-12-04', payee: 'patient-family', method: 'cash' });
  // Two receipts on A's payment, and an outcome posted on the first request in the period.
  const receipt = (name: string) => ({ _id: new (FundingRequestModel.base.Types.ObjectId)(), fileId: new (FundingRequestModel.base.Types.ObjectId)(), fileName: name, contentType: 'application/pdf', size: 10, at: new Date('2026-12-05T04:00:00Z'), by: w.partnerA.user.id });
  await DisbursementModel.updateOne({ pledgeId: p1 }, { $push: { receipts: { $each: [receipt('hoa-don.pdf'), receipt('phieu-thu.pdf')] } } });
  await FundingRequestModel.updateOne({ _id: first.id }, { $push: { outcomes: { _id: new (FundingRequestModel.base.Types.ObjectId)(), text: 'Chị đã mổ xong và đã về nhà.', by: w.sw.user.id, at: new Date('2026-12-08T02:00:00Z') } } });
});

afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

const binary = (res: supertest.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: string[] }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const out = await parser.getText();
    return { text: out.text, pages: out.pages.map((p) => p.text) };
  } finally {
    await parser.destroy();
  }
}

describe('the statement as JSON', () => {
  it('holds the period’s pledges, standing payments, receipts and outcomes of the partner’s own organisation, de-identified', async () => {
    const res = await w.partnerA.agent.get(`/api/v1/statements?${PERIOD}`).expect(200);
    const s = statementSchema.parse(res.body);
    expect(s).toMatchObject({ organisation: { id: w.orgA.id, name: 'Quỹ Vòng Tay Ấm' }, from: '2026-12-01', to: '2026-12-31' });
    // 1.500.000 + 700.000 + 400.000 + 250.000 stand; 300.000 cancelled, 200.000 expired; 999.000 was on 30 November.
    expect(s).toMatchObject({ pledgedVnd: 2_850_000, cancelledVnd: 300_000, expiredVnd: 200_000, disbursedVnd: 1_500_000 });
    expect(s.pledges.map((p) => p.amountVnd)).toEqual([1_500_000, 200_000, 700_000, 300_000, 400_000, 250_000]);
    expect(s.pledges[0]).toMatchObject({ reference: first.reference, hospital: 'Bệnh viện Đa khoa tỉnh Lào Cai', ageBand: '45-59', province: 'Lào Cai', state: 'disbursed' });
    expect(s.disbursements).toEqual([expect.objectContaining({ reference: first.reference, payee: 'hospital-bill', method: 'bank-transfer', amountVnd: 1_500_000, paidOn: '2026-12-05', receipts: 2 })]);
    expect(s.outcomes).toEqual([{ reference: first.reference, text: 'Chị đã mổ xong và đã về nhà.', at: '2026-12-08T02:00:00.000Z' }]);
    expect(JSON.stringify(res.body)).not.toContain(PATIENT_NAME);
    expect(JSON.stringify(res.body)).not.toContain('5000000');
    const [audit] = await auditOf('statement.read', w.partnerA);
    expect(audit).toMatchObject({ outcome: 'success', resourceId: w.orgA.id });
  });

  it('for organisation B shows only B’s money; an outcome reaches B too (it funds the request)', async () => {
    const s = statementSchema.parse((await w.partnerB.agent.get(`/api/v1/statements?${PERIOD}`).expect(200)).body);
    expect(s).toMatchObject({ pledgedVnd: 5_000_000, disbursedVnd: 5_000_000, cancelledVnd: 0, expiredVnd: 0 });
    expect(s.disbursements).toEqual([expect.objectContaining({ payee: 'patient-family', method: 'cash', receipts: 0 })]);
    expect(s.outcomes).toHaveLength(1);
  });

  it('a coordinator names the organisation; a partner naming another is refused; a social worker has none', async () => {
    const s = statementSchema.parse((await w.coordinator.agent.get(`/api/v1/statements?${PERIOD}&organisationId=${w.orgA.id}`).expect(200)).body);
    expect(s.pledgedVnd).toBe(2_850_000);
    const unnamed = await w.coordinator.agent.get(`/api/v1/statements?${PERIOD}`).expect(400);
    expect(unnamed.body.error.details).toEqual([expect.objectContaining({ path: 'query.organisationId' })]);
    await w.partnerA.agent.get(`/api/v1/statements?${PERIOD}&organisationId=${w.orgB.id}`).expect(403);
    await w.sw.agent.get(`/api/v1/statements?${PERIOD}`).expect(403);
    await w.coordinator.agent.get(`/api/v1/statements?${PERIOD}&organisationId=${'0'.repeat(24)}`).expect(404);
  });

  it('refuses a period that ends before it starts, or runs over a year (400 at query.to)', async () => {
    const back = await w.partnerA.agent.get('/api/v1/statements?from=2026-12-31&to=2026-12-01').expect(400);
    expect(back.body.error.details).toEqual([expect.objectContaining({ path: 'query.to', code: 'too_small' })]);
    const long = await w.partnerA.agent.get('/api/v1/statements?from=2025-01-01&to=2026-12-31').expect(400);
    expect(long.body.error.details).toEqual([expect.objectContaining({ path: 'query.to', code: 'too_big' })]);
  });
});

describe('the statement as CSV', () => {
  it('is UTF-8 with a BOM and Vietnamese headers, amounts as integers and written 1.500.000 ₫, no patient', async () => {
    const res = await w.partnerA.agent.get(`/api/v1/statements?${PERIOD}&format=csv`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="bao-cao-tai-tro-2026-12-01-2026-12-31\.csv"/);
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Loại,Mã đề nghị,Bệnh viện,Nhóm tuổi,Tỉnh/thành,Người nhận,Hình thức,Trạng thái,Ngày,Số tiền (đồng),Số tiền,Số chứng từ,Nội dung');
    expect(lines).toContain(`Giải ngân,${first.reference},Bệnh viện Đa khoa tỉnh Lào Cai,,,Viện phí tại bệnh viện,Chuyển khoản,,05/12/2026,1500000,1.500.000 ₫,2,`);
    expect(lines).toContain(`Cam kết tài trợ,${second.reference},Bệnh viện Đa khoa tỉnh Lào Cai,6-15 tuổi,Điện Biên,,,Đã huỷ,11/12/2026,300000,300.000 ₫,,`);
    expect(lines).toContain(`Kết quả hỗ trợ,${first.reference},,,,,,,08/12/2026,,,,Chị đã mổ xong và đã về nhà.`);
    expect(lines).toContain('Tổng đã giải ngân,,,,,,,,,1500000,1.500.000 ₫,2,');
    expect(bytes.toString('utf8')).not.toContain(PATIENT_NAME);
  });
});

describe('the statement as PDF', () => {
  it('renders the Vietnamese words with their marks, the amounts 1.500.000 ₫, and no patient', async () => {
    const res = await w.partnerA.agent.get(`/api/v1/statements?${PERIOD}&format=pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="bao-cao-tai-tro-2026-12-01-2026-12-31\.pdf"/);
    // A table cell's words may wrap onto two lines: compare with the whitespace folded.
    const text = (await pdfText(res.body as Buffer)).text.replace(/\s+/g, ' ');
    for (const words of ['Báo cáo tài trợ', 'Quỹ Vòng Tay Ấm', 'Kỳ báo cáo: 01/12/2026 – 31/12/2026', 'Bệnh viện Đa khoa tỉnh Lào Cai', 'Giải ngân', 'Cam kết tài trợ', 'Kết quả hỗ trợ', 'Chị đã mổ xong và đã về nhà.', 'Viện phí tại bệnh viện', '1.500.000 ₫', '2.850.000 ₫', first.reference]) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain(PATIENT_NAME);
    expect(text).not.toContain('5.000.000 ₫');
  });

  it('runs a long table over pages, its header again at the top of each, the pages numbered', async () => {
    const many = await publishedRequest(w);
    for (let i = 0; i < 70; i += 1) await pledge(many.id, w.orgB.id, { amountVnd: 100_000 + i, createdAt: '2026-12-15T03:00:00Z' });
    const res = await w.partnerB.agent.get(`/api/v1/statements?${PERIOD}&format=pdf`).buffer(true).parse(binary).expect(200);
    const { pages } = await pdfText(res.body as Buffer);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => expect(page).toContain(`Trang ${i + 1}/${pages.length}`));
    // The pledges' table continues on the next page under its header again.
    expect(pages[1]).toContain('Mã đề nghị');
    expect(pages.join('\n')).toContain('100.069 ₫');
  });
});
