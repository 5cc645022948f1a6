import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHospital, signInAs } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { claimsCsv } from './claims-files.js';

/**
 * A claims export over the upload limit (ATTACHMENT_MAX_BYTES, one limit for every uploaded paper)
 * is stopped with 413 and nothing kept; one under it is read.
 */
const LIMIT = 4096;
const t = await startTestApp({ attachmentMaxBytes: LIMIT });
afterAll(async () => {
  await t.close();
});

describe('claims upload limit', () => {
  it('413 over the limit, nothing kept; 201 under it', async () => {
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
    const send = (csv: string): Promise<{ status: number; body: { error?: { code: string } } }> =>
      sw.agent.post('/api/v1/reconciliation/claims?month=2026-11').set('x-csrf-token', sw.csrf).attach('file', Buffer.from(csv), 'giam-dinh.csv').then((r) => r);
    const many = claimsCsv(Array.from({ length: 200 }, (_, i) => ({ maLk: `LK26110${String(i).padStart(5, '0')}`, maBn: `BN${i}`, nguonKhac: 100_000 })));
    expect(Buffer.byteLength(many)).toBeGreaterThan(LIMIT);
    const big = await send(many).catch((err: unknown) => ({ status: 0, body: { error: { code: String(err) } } }));
    // The server stops reading and closes the connection: the client sees the 413, or the socket closing mid-upload.
    if (big.status !== 0) {
      expect(big.status).toBe(413);
      expect(big.body.error?.code).toBe('ATTACHMENT.TOO_LARGE');
    }
    const db = mongoose.connection.db!;
    expect(await db.collection('funding_claims_uploads').countDocuments()).toBe(0);
    // Not even the bucket's collections exist: the file was never written (the dev server's listCollections ignores a filter).
    expect((await db.listCollections().toArray()).map((c) => c.name)).not.toContain('funding_files.chunks');
    const small = await send(claimsCsv([{ maLk: 'LK1', maBn: 'BN1', nguonKhac: 100_000 }]));
    expect(small.status).toBe(201);
  });
});
