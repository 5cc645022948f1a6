import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import { disbursementSchema } from '../../../server/features/funding/funding.schemas.js';
import { DisbursementModel } from '../../../server/features/funding/pledges.model.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { auditOf } from '../cases/timeline-fixtures.js';
import { disbursement, pledge, publishedRequest, world, type World } from './statements-fixture.js';

/**
 * Receipts of a disbursement (issue 12 point 4): the paying partner and the request's hospital staff
 * add the papers that prove the money arrived; the type is decided by the bytes (PDF, JPEG, PNG), a
 * file over the limit is refused with 413 and nothing kept; they come back byte for byte, never
 * cached nor sniffed; every upload and read is audited; nobody else reaches them.
 */
const LIMIT = 200_000;
const clock = settableClock('2026-12-10T03:00:00Z');
const t = await startTestApp({ attachmentMaxBytes: LIMIT }, { clock });
let w: World;
let stranger: SignedIn;
let paid: string;
let requestId: string;

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), randomBytes(20_000)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), randomBytes(30_000)]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const TEXT = Buffer.from('Đây là một tệp văn bản, không phải biên lai.\n'.repeat(100));

beforeAll(async () => {
  w = await world(t, clock.now());
  stranger = await signInAs(t.app, 'social_worker', { hospitalId: (await makeFhirHospital(w.demo.baseUrl)).id });
  const r = await publishedRequest(w);
  requestId = r.id;
  const p = await pledge(r.id, w.orgA.id, { amountVnd: 1_500_000, createdAt: '2026-12-01T03:00:00Z' });
  paid = await disbursement(p, { amountVnd: 1_500_000, paidOn: '2026-12-05' });
});

afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

const upload = (who: SignedIn, id: string, file: Buffer, name: string) => who.agent.post(`/api/v1/disbursements/${id}/receipts`).set('x-csrf-token', who.csrf).attach('file', file, name);

const binary = (res: supertest.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const stored = async (): Promise<{ files: number; chunks: number; receipts: number }> => {
  const db = mongoose.connection.db!;
  const d = await DisbursementModel.findById(paid).lean();
  return { files: await db.collection('funding_files.files').countDocuments(), chunks: await db.collection('funding_files.chunks').countDocuments(), receipts: d?.receipts.length ?? 0 };
};

describe('adding receipts', () => {
  it('the paying partner adds a PDF: kept, listed on the disbursement, back byte for byte with private headers, audited, evented', async () => {
    const name = 'Biên lai viện phí (bản chụp).pdf';
    const res = await upload(w.partnerA, paid, PDF, name).expect(201);
    const d = disbursementSchema.parse(res.body);
    expect(d.receipts).toEqual([expect.objectContaining({ fileName: name, contentType: 'application/pdf', size: PDF.length, at: clock.now().toISOString() })]);
    const receiptId = d.receipts[0]!.id;
    const got = await w.partnerA.agent.get(`/api/v1/disbursements/${paid}/receipts/${receiptId}/content`).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="Bien lai vien phi \(ban chup\)\.pdf"; filename\*=UTF-8''Bi%C3%AAn%20lai/);
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect((await auditOf('receipt.create', w.partnerA))[0]).toMatchObject({ outcome: 'success', resourceId: receiptId });
    expect((await auditOf('receipt.read', w.partnerA))[0]).toMatchObject({ outcome: 'success', resourceId: receiptId });
    const event = await EventModel.findOne({ stream: `funding:${requestId}`, type: 'funding.receipt-added' }).lean();
    expect(event?.data).toMatchObject({ disbursementId: paid, receiptId });
  });

  it('the request’s hospital staff add the family’s signed receipt (JPEG) and read the partner’s; a coordinator may not open it (a receipt may name the patient)', async () => {
    const res = await upload(w.sw, paid, JPEG, 'phieu-thu.jpg').expect(201);
    const d = disbursementSchema.parse(res.body);
    expect(d.receipts.map((r) => r.contentType)).toEqual(['application/pdf', 'image/jpeg']);
    await w.sw.agent.get(`/api/v1/disbursements/${paid}/receipts/${d.receipts[0]!.id}/content`).expect(200);
    await w.coordinator.agent.get(`/api/v1/disbursements/${paid}/receipts/${d.receipts[1]!.id}/content`).expect(403);
  });

  it('decides the type by the bytes: a text file or a PNG named .pdf is refused, nothing kept', async () => {
    const before = await stored();
    const text = await upload(w.partnerA, paid, TEXT, 'bien-lai.pdf').expect(400);
    expect(text.body.error).toMatchObject({ code: 'ATTACHMENT.TYPE_NOT_ALLOWED', details: [expect.objectContaining({ path: 'body.file' })] });
    const png = await upload(w.partnerA, paid, PNG, 'bien-lai.pdf').expect(400);
    expect(png.body.error).toMatchObject({ code: 'ATTACHMENT.TYPE_MISMATCH', params: { detected: 'png', extension: 'pdf' } });
    expect(await stored()).toEqual(before);
  });

  it('over the limit: 413 ATTACHMENT.TOO_LARGE with the limit, nothing kept', async () => {
    const before = await stored();
    const big = Buffer.concat([PDF, randomBytes(LIMIT)]);
    const res = await upload(w.partnerA, paid, big, 'qua-lon.pdf');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'ATTACHMENT.TOO_LARGE', params: { limit: LIMIT } });
    expect(await stored()).toEqual(before);
  });

  it('a payment still being recorded takes none (409 RECEIPT.NOT_PAID), nothing kept', async () => {
    const p = await pledge(requestId, w.orgA.id, { amountVnd: 100_000, createdAt: '2026-12-06T03:00:00Z' });
    const recording = await disbursement(p, { amountVnd: 100_000, paidOn: '2026-12-06', state: 'recording' });
    const before = await stored();
    const res = await upload(w.partnerA, recording, PDF, 'som.pdf').expect(409);
    expect(res.body.error.code).toBe('RECEIPT.NOT_PAID');
    expect(await stored()).toEqual(before);
  });
  it('a payment with its 20 papers takes no more (409 RECEIPT.TOO_MANY with the maximum), nothing kept', async () => {
    const p = await pledge(requestId, w.orgA.id, { amountVnd: 200_000, createdAt: '2026-12-07T03:00:00Z' });
    const full = await disbursement(p, { amountVnd: 200_000, paidOn: '2026-12-07' });
    for (let i = 0; i < 20; i += 1) await upload(w.partnerA, full, PNG, `anh-${i}.png`).expect(201);
    const db = mongoose.connection.db!;
    const files = await db.collection('funding_files.files').countDocuments();
    const res = await upload(w.partnerA, full, PDF, 'thu-21.pdf').expect(409);
    expect(res.body.error).toMatchObject({ code: 'RECEIPT.TOO_MANY', params: { max: 20 } });
    expect(await db.collection('funding_files.files').countDocuments()).toBe(files);
    expect((await DisbursementModel.findById(full).lean())?.receipts).toHaveLength(20);
  });
});

describe('who reaches receipts', () => {
  it('another partner and another hospital get 404 for upload and download; a coordinator may not upload', async () => {
    const d = disbursementSchema.parse((await upload(w.partnerA, paid, PDF, 'them.pdf').expect(201)).body);
    const content = `/api/v1/disbursements/${paid}/receipts/${d.receipts[0]!.id}/content`;
    const before = await stored();
    for (const who of [w.partnerB, stranger]) {
      await upload(who, paid, PDF, 'x.pdf').expect(404);
      await who.agent.get(content).expect(404);
    }
    await upload(w.coordinator, paid, PDF, 'x.pdf').expect(403);
    expect(await stored()).toEqual(before);
    // A receipt id that is not this disbursement's: 404.
    await w.partnerA.agent.get(`/api/v1/disbursements/${paid}/receipts/${'0'.repeat(24)}/content`).expect(404);
  });
});
