import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentModel } from '../../../server/features/cases/attachments.model.js';
import { CaseModel } from '../../../server/features/cases/cases.model.js';
import { makeHospital, makeUser, signInAs, TEST_PASSWORD, type SignedIn } from '../../setup/factories.js';
import { cookiePair, sessionSetCookie } from '../../setup/http.js';
import { startTestApp } from '../../setup/test-app.js';
import { auditOf, openTestCase } from './timeline-fixtures.js';
import { untilSignalled } from '../../setup/wait.js';

/**
 * Case attachments (issue 10, point 3; decision 0021): streamed into GridFS, the type decided by
 * the content (PDF, JPEG, PNG), a name that lies refused, over the limit refused without holding
 * the body, downloaded byte for byte with headers that keep it out of caches and sniffers.
 */
const t = await startTestApp();
let sw: SignedIn;
let hospitalId: string;
let caseId: string;
let patientId: string;

// Real files' first bytes, then random filler: big enough to span several GridFS chunks (255 kB).
const PNG = Buffer.concat([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'), randomBytes(600_000)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), randomBytes(40_000)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), randomBytes(10_000)]);
// The collector, to measure what the process holds rather than garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const TEXT = Buffer.from('Đây là một tệp văn bản, không phải PDF.\n'.repeat(200));

beforeAll(async () => {
  hospitalId = (await makeHospital()).id;
  sw = await signInAs(t.app, 'social_worker', { hospitalId });
  const c = await openTestCase(hospitalId, sw, new Date());
  caseId = c._id.toHexString();
  patientId = c.patientId.toHexString();
});
afterAll(() => t.close());

const upload = (who: SignedIn, file: Buffer, fileName: string, kind = 'medical-paper') =>
  who.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', who.csrf).field('kind', kind).field('description', 'Giấy ra viện').attach('file', file, fileName);

const binary = (res: supertest.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const gridFsCounts = async (): Promise<{ files: number; chunks: number }> => {
  const db = mongoose.connection.db!;
  return { files: await db.collection('attachments.files').countDocuments(), chunks: await db.collection('attachments.chunks').countDocuments() };
};

describe('accepted files', () => {
  it.each([
    ['PNG', PNG, 'ảnh chụp giấy tờ.png', 'image/png'],
    ['JPEG', JPEG, 'CMND mặt trước.JPG', 'image/jpeg'],
    ['PDF', PDF, 'Giấy ra viện (bản sao).pdf', 'application/pdf'],
  ])('a %s is stored and comes back byte for byte, with headers that keep it private', async (_label, bytes, name, type) => {
    const res = await upload(sw, bytes, name).expect(201);
    expect(res.body).toMatchObject({ kind: 'medical-paper', fileName: name, contentType: type, size: bytes.length, description: 'Giấy ra viện', uploadedBy: { id: sw.user.id } });
    const got = await sw.agent.get(`/api/v1/cases/${caseId}/attachments/${res.body.id}/content`).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    expect(got.headers['content-type']).toBe(type);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${(got.headers['content-disposition'] as string).match(/filename="([^"]*)"/)?.[1]}"; filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const inline = await sw.agent.get(`/api/v1/cases/${caseId}/attachments/${res.body.id}/content?inline=1`).buffer(true).parse(binary).expect(200);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    expect(inline.headers['cache-control']).toBe('no-store');
    const [audit] = await auditOf('attachment.read', sw, { resourceId: res.body.id });
    expect(audit).toMatchObject({ patientId, outcome: 'success', resourceType: 'case-attachment' });
    const stored = await AttachmentModel.findById(res.body.id).lean();
    expect(stored).toMatchObject({ hospitalId: new mongoose.Types.ObjectId(hospitalId), size: bytes.length });
    expect(stored?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the case attachments (audited with the patient), and a path in the file name is dropped', async () => {
    const res = await upload(sw, PDF, 'C:\\Users\\cong-tac-xa-hoi\\bien-lai.pdf', 'receipt').expect(201);
    expect(res.body.fileName).toBe('bien-lai.pdf');
    const list = await sw.agent.get(`/api/v1/cases/${caseId}/attachments`).expect(200);
    expect((list.body.data as { id: string }[])[0]?.id).toBe(res.body.id);
    const [audit] = await auditOf('case.attachment.list', sw);
    expect(audit).toMatchObject({ patientId, resourceId: caseId });
  });
});

describe('refused files: 400, nothing stored', () => {
  it('a PNG named .pdf (its extension lies) is 400 ATTACHMENT.TYPE_MISMATCH on body.file', async () => {
    const before = await gridFsCounts();
    const res = await upload(sw, PNG, 'giay-to.pdf').expect(400);
    expect(res.body.error).toMatchObject({ code: 'ATTACHMENT.TYPE_MISMATCH', params: { detected: 'png', extension: 'pdf' } });
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.file', code: 'type_mismatch' })]);
    expect(await gridFsCounts()).toEqual(before);
  });

  it('a text file renamed .pdf is 400 ATTACHMENT.TYPE_NOT_ALLOWED', async () => {
    const before = await gridFsCounts();
    const res = await upload(sw, TEXT, 'ho-so.pdf').expect(400);
    expect(res.body.error.code).toBe('ATTACHMENT.TYPE_NOT_ALLOWED');
    expect(await gridFsCounts()).toEqual(before);
    expect(await AttachmentModel.countDocuments({ fileName: 'ho-so.pdf' })).toBe(0);
  });

  it('a field after the file (400 body.description), a missing kind and a missing file are refused with the field path', async () => {
    const before = await gridFsCounts();
    const late = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).field('kind', 'other').attach('file', PDF, 'a.pdf').field('description', 'muộn').expect(400);
    expect(late.body.error.details).toEqual([expect.objectContaining({ path: 'body.description', code: 'field_after_file' })]);
    const noKind = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).attach('file', PDF, 'a.pdf').expect(400);
    expect(noKind.body.error.details).toEqual([expect.objectContaining({ path: 'body.kind' })]);
    const noFile = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).field('kind', 'other').expect(400);
    expect(noFile.body.error.details).toEqual([expect.objectContaining({ path: 'body.file', code: 'required' })]);
    const json = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).send({ kind: 'other' }).expect(400);
    expect(json.body.error.details).toEqual([expect.objectContaining({ path: 'body' })]);
    expect(await gridFsCounts()).toEqual(before);
  });
});

describe('a 50 MB upload', () => {
  it('is refused (413 ATTACHMENT.TOO_LARGE) before the body is all sent, without being held in memory, leaving nothing in GridFS', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const cookie = await sessionCookie(port);
      const before = await gridFsCounts();
      const outcome = await streamUpload(port, cookie, 50 * 1024 * 1024);
      expect(outcome.status).toBe(413);
      expect(JSON.parse(outcome.body).error).toMatchObject({ code: 'ATTACHMENT.TOO_LARGE', params: { limit: 10 * 1024 * 1024 } });
      // Answered once the limit was passed: most of the body was never sent (the connection closed).
      expect(outcome.sentWhenAnswered).toBeLessThan(40 * 1024 * 1024);
      // Far below the 50 MB: the body went through in chunks and was never gathered. (Measured 2 to 19 MB:
      // the samples are of the whole test process, both ends of the connection and the database driver.)
      expect(outcome.peakGrowth).toBeLessThan(25 * 1024 * 1024);
      expect(await gridFsCounts()).toEqual(before);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 60_000);
});

describe('an upload whose sender goes away', () => {
  it('is abandoned: what it had stored is deleted', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const auth = await sessionCookie(port);
      const before = await gridFsCounts();
      const boundary = `----nhipcau${randomBytes(8).toString('hex')}`;
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="do-dang.pdf"\r\n\r\n`);
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: `/api/v1/cases/${caseId}/attachments`, headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + 8 * 1024 * 1024 } });
      req.on('error', () => undefined);
      const abandoned = untilSignalled(() => gridFsCounts(), (c) => c.files === before.files && c.chunks === before.chunks, (sig) => sig.kind === 'attachment.upload-abandoned', { what: 'the abandoned upload cleaned up' });
      await new Promise<void>((r) => req.write(Buffer.concat([head, PDF, Buffer.alloc(2 * 1024 * 1024, 0x20)]), () => r()));
      req.destroy();
      await abandoned;
      expect(await AttachmentModel.countDocuments({ fileName: 'do-dang.pdf' })).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('who reaches attachments', () => {
  it("another hospital's social worker gets 404 for the list, the content and an upload", async () => {
    const res = await upload(sw, PDF, 'rieng-tu.pdf').expect(201);
    const stranger = await signInAs(t.app, 'social_worker');
    await stranger.agent.get(`/api/v1/cases/${caseId}/attachments`).expect(404);
    await stranger.agent.get(`/api/v1/cases/${caseId}/attachments/${res.body.id}/content`).expect(404);
    await stranger.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', stranger.csrf).field('kind', 'other').attach('file', PDF, 'x.pdf').expect(404);
    const [denied] = await auditOf('case.attachment.read', stranger);
    expect(denied).toMatchObject({ outcome: 'denied' });
  });

  it('a closed case takes no new attachment (409 CASE.CLOSED), nothing stored; its papers can still be read', async () => {
    const closed = await openTestCase(hospitalId, sw, new Date());
    const id = closed._id.toHexString();
    const kept = await sw.agent.post(`/api/v1/cases/${id}/attachments`).set('x-csrf-token', sw.csrf).field('kind', 'other').attach('file', PDF, 'truoc.pdf').expect(201);
    await CaseModel.updateOne({ _id: closed._id }, { $set: { status: 'closed' } });
    const before = await gridFsCounts();
    const res = await sw.agent.post(`/api/v1/cases/${id}/attachments`).set('x-csrf-token', sw.csrf).field('kind', 'other').attach('file', PDF, 'sau.pdf').expect(409);
    expect(res.body.error.code).toBe('CASE.CLOSED');
    expect(await gridFsCounts()).toEqual(before);
    await sw.agent.get(`/api/v1/cases/${id}/attachments/${kept.body.id}/content`).expect(200);
  });

  it("an attachment id of another case of the same hospital is 404 under this case", async () => {
    const other = await openTestCase(hospitalId, sw, new Date());
    const res = await upload(sw, PDF, 'khac.pdf').expect(201);
    await sw.agent.get(`/api/v1/cases/${other._id.toHexString()}/attachments/${res.body.id}/content`).expect(404);
  });
});

/** A signed-in session's cookie and CSRF token, by hand (the raw request below is not supertest). */
async function sessionCookie(port: number): Promise<{ cookie: string; csrf: string }> {
  const user = await makeUser('social_worker', { hospitalId });
  const agent = supertest(`http://127.0.0.1:${port}`);
  const s = await agent.get('/api/v1/auth/session').expect(200);
  const first = cookiePair(sessionSetCookie(s) ?? '');
  const login = await agent.post('/api/v1/auth/login').set('cookie', first).set('x-csrf-token', s.body.csrfToken).send({ username: user.username, password: TEST_PASSWORD }).expect(200);
  return { cookie: cookiePair(sessionSetCookie(login) ?? first), csrf: login.body.csrfToken as string };
}

interface StreamOutcome {
  status: number;
  body: string;
  sentWhenAnswered: number;
  peakGrowth: number;
}

/** Streams a multipart body of `size` file bytes from a generator (one 64 kB buffer reused), watching memory. */
function streamUpload(port: number, auth: { cookie: string; csrf: string }, size: number): Promise<StreamOutcome> {
  const boundary = `----nhipcau${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const block = Buffer.alloc(64 * 1024, 0x20);
  const live = (): number => {
    gc(); // what is held, not garbage awaiting collection (a collection is slow: sampled every 4 MB sent)
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = live();
  let peak = base;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let sentWhenAnswered = -1;
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: `/api/v1/cases/${caseId}/attachments`, headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length } });
    req.on('response', (res) => {
      sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentWhenAnswered, peakGrowth: peak - base });
      });
    });
    req.on('error', (err) => {
      if (sentWhenAnswered < 0) reject(err);
    });
    const pump = async (): Promise<void> => {
      const write = (b: Buffer): Promise<void> => new Promise((r) => (req.write(b) ? r() : req.once('drain', r)));
      await write(head);
      for (sent = 0; sent < size && sentWhenAnswered < 0 && !req.destroyed; sent += block.length) {
        await write(block);
        if (sent % (4 * 1024 * 1024) === 0) peak = Math.max(peak, live());
      }
      if (sentWhenAnswered < 0 && !req.destroyed) req.end(tail);
    };
    pump().catch(() => undefined);
  });
}
