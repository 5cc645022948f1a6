import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppHandle } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { AuditModel, type AuditRecord } from '../../server/features/audit/audit.model.js';
import { recordAudit, type AuditEntry } from '../../server/features/audit/audit.service.js';
import type { Role } from '../../server/http/policy.js';
import { makeUser, signIn, signInAs, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { validateFhir } from '../setup/fhir-validate.js';
import { anonymousSession, API, walkPages } from '../setup/http.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const hex = (n: number): string => randomBytes(n).toString('hex');

/** An audit entry written through the service, at a chosen time; returns the stored record. */
async function auditEntry(over: Partial<AuditEntry> & { at: Date }): Promise<AuditRecord> {
  const marker = `seed-${hex(6)}`;
  await recordAudit({
    actor: { userId: hex(12), username: 'seed.user', role: 'social_worker' },
    tenant: { hospitalId: null, organisationId: null },
    action: 'case.read',
    resourceType: 'case',
    outcome: 'success',
    requestId: marker,
    ...over,
  });
  const found = await AuditModel.findOne(
    over.requestId ? { requestId: over.requestId, at: over.at } : { requestId: marker },
  ).lean<AuditRecord>();
  if (!found) throw new Error('seeded audit entry not found');
  return found;
}

const actor = (role = 'social_worker'): AuditEntry['actor'] => ({ userId: hex(12), username: `u.${hex(3)}`, role });

type Page = { data: { id: string; at: string }[]; nextCursor: string | null };

describe('audit log', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await signInAs(t.app, 'coordinator');
    admin = await signInAs(t.app, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const read = (who: SignedIn, query: Record<string, string | number>): supertest.Test => who.agent.get(`${API}/audit-events`).query(query);

  describe('append-only model', () => {
    const tamperings: [string, () => Promise<unknown>][] = [
      ['updateOne', () => AuditModel.updateOne({}, { $set: { action: 'tampered' } })],
      ['updateMany', () => AuditModel.updateMany({}, { $set: { action: 'tampered' } })],
      ['findOneAndUpdate', () => AuditModel.findOneAndUpdate({}, { $set: { action: 'tampered' } })],
      [
        'findByIdAndUpdate',
        async () => AuditModel.findByIdAndUpdate((await AuditModel.findOne().lean())?._id, { $set: { outcome: 'denied' } }),
      ],
      ['replaceOne', () => AuditModel.replaceOne({}, { action: 'tampered' })],
      ['findOneAndReplace', () => AuditModel.findOneAndReplace({}, { action: 'tampered' })],
      ['deleteOne', () => AuditModel.deleteOne({})],
      ['deleteMany', () => AuditModel.deleteMany({})],
      ['findOneAndDelete', () => AuditModel.findOneAndDelete({})],
      ['findByIdAndDelete', async () => AuditModel.findByIdAndDelete((await AuditModel.findOne().lean())?._id)],
      [
        'document save after a change',
        async () => {
          const doc = await AuditModel.findOne();
          if (!doc) throw new Error('no entry');
          doc.action = 'tampered';
          return doc.save();
        },
      ],
      ['document deleteOne', async () => (await AuditModel.findOne())?.deleteOne()],
      ['bulkWrite delete', () => AuditModel.bulkWrite([{ deleteMany: { filter: {} } }])],
      ['bulkWrite update', () => AuditModel.bulkWrite([{ updateMany: { filter: {}, update: { $set: { action: 'tampered' } } } }])],
    ];

    it.each(tamperings)('refuses %s and leaves the log as it was', async (_name, tamper) => {
      await auditEntry({ at: new Date('2020-06-01T00:00:00Z') });
      const before = await AuditModel.find({}).sort({ _id: 1 }).lean();
      await expect(tamper()).rejects.toThrow(/append-only/);
      expect(await AuditModel.find({}).sort({ _id: 1 }).lean()).toEqual(before);
    });

    it('still appends, one by one or in bulk', async () => {
      const before = await AuditModel.countDocuments({});
      await auditEntry({ at: new Date('2020-06-02T00:00:00Z') });
      await AuditModel.bulkWrite([
        {
          insertOne: {
            document: {
              at: new Date('2020-06-03T00:00:00Z'),
              actor: null,
              tenant: { hospitalId: null, organisationId: null },
              action: 'bulk.create',
              resourceType: 'x',
              outcome: 'success',
            },
          },
        },
      ]);
      expect(await AuditModel.countDocuments({})).toBe(before + 2);
    });
  });

  describe('GET /audit-events', () => {
    it('filters by actorId, action, outcome and a [from, to) time window, newest first', async () => {
      const m = `m${hex(4)}`;
      const a = actor();
      const b = actor('sw_lead');
      const e1 = await auditEntry({ actor: a, action: `${m}.create`, outcome: 'success', at: new Date('2021-01-01T00:00:00Z') });
      const e2 = await auditEntry({
        actor: a,
        action: `${m}.read`,
        outcome: 'denied',
        reason: 'record belongs to another hospital',
        at: new Date('2021-01-02T00:00:00Z'),
      });
      const e3 = await auditEntry({ actor: b, action: `${m}.read`, outcome: 'success', at: new Date('2021-01-03T00:00:00Z') });
      const e4 = await auditEntry({ actor: b, action: `${m}.update`, outcome: 'failure', at: new Date('2021-01-04T00:00:00Z') });
      const e5 = await auditEntry({ actor: null, action: `${m}.read`, outcome: 'failure', at: new Date('2021-01-05T00:00:00Z') });
      const ids = async (query: Record<string, string>): Promise<string[]> => {
        const res = await read(coordinator, query);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return (res.body as Page).data.map((e) => e.id);
      };
      const id = (r: AuditRecord): string => r._id.toHexString();

      expect(await ids({ actorId: a?.userId ?? '' })).toEqual([id(e2), id(e1)]);
      expect(await ids({ action: `${m}.read` })).toEqual([id(e5), id(e3), id(e2)]);
      expect(await ids({ action: `${m}.read`, outcome: 'denied' })).toEqual([id(e2)]);
      expect(await ids({ actorId: b?.userId ?? '', outcome: 'failure' })).toEqual([id(e4)]);
      expect(await ids({ from: '2021-01-02T00:00:00Z', to: '2021-01-04T00:00:00Z' })).toEqual([id(e3), id(e2)]);
      expect(await ids({ from: '2021-01-04T00:00:00Z', to: '2021-01-06T00:00:00Z', outcome: 'failure' })).toEqual([id(e5), id(e4)]);

      const res = await read(coordinator, { actorId: a?.userId ?? '', outcome: 'denied' }).expect(200);
      expect(res.body.data[0]).toEqual({
        id: id(e2),
        at: '2021-01-02T00:00:00.000Z',
        actor: a,
        tenant: { hospitalId: null, organisationId: null },
        action: `${m}.read`,
        resourceType: 'case',
        resourceId: null,
        patientId: null,
        patientIds: [],
        outcome: 'denied',
        reason: 'record belongs to another hospital',
        requestId: e2.requestId,
        ip: null,
      });
    });

    it('refuses a malformed filter with 400 naming it', async () => {
      const bad = await read(coordinator, { outcome: 'maybe', from: 'not-a-date', limit: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.from', 'query.limit', 'query.outcome']);
      const cursor = await read(coordinator, { cursor: 'garbage' });
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.details[0].path).toBe('query.cursor');
    });

    it('pages newest first with cursors: entries sharing a timestamp are neither repeated nor skipped, even as new ones arrive', async () => {
      const who = actor();
      const times = ['2022-03-01T10:00:00Z', '2022-03-01T09:00:00Z', '2022-03-01T08:00:00Z'];
      const seeded: AuditRecord[] = [];
      for (let i = 0; i < 9; i++) seeded.push(await auditEntry({ actor: who, at: new Date(times[(i * 2) % 3] ?? '') }));
      const expected = [...seeded]
        .sort((x, y) => y.at.getTime() - x.at.getTime() || (y._id.toHexString() < x._id.toHexString() ? -1 : 1))
        .map((r) => r._id.toHexString());

      let added = false;
      const pages = await walkPages(async (cursor) => {
        const res = await read(coordinator, { actorId: who?.userId ?? '', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        if (!added) {
          // a new entry arriving during the walk is newer than every page still to come
          await auditEntry({ actor: who, at: new Date() });
          added = true;
        }
        return res.body as Page;
      });
      expect(pages).toHaveLength(5);
      expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
      expect(pages.flat().map((e) => e.id)).toEqual(expected);
    });

    it('is itself audited: each read and export names the reader and the request', async () => {
      const requestId = `audit-read-${hex(4)}`;
      await read(coordinator, { limit: 1 }).set('x-request-id', requestId).expect(200);
      const entries = await AuditModel.find({ requestId }).lean();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'audit.read',
        outcome: 'success',
        actor: { userId: coordinator.user.id, role: 'coordinator' },
      });

      const exportId = `audit-export-${hex(4)}`;
      await admin.agent.get(`${API}/audit-events/fhir`).query({ limit: 1 }).set('x-request-id', exportId).expect(200);
      expect(await AuditModel.find({ requestId: exportId }).lean()).toEqual([
        expect.objectContaining({ action: 'audit.export', outcome: 'success', actor: expect.objectContaining({ userId: admin.user.id }) }),
      ]);
    });
  });

  describe('who may read it', () => {
    it.each(['coordinator', 'admin'] as const)('lets a %s read and export it', async (role) => {
      const who = await signInAs(t.app, role);
      await who.agent.get(`${API}/audit-events`).expect(200);
      await who.agent.get(`${API}/audit-events/fhir`).expect(200);
    });

    it.each(['social_worker', 'sw_lead', 'charity_partner'] as const)(
      'refuses a %s with 403, and audits the refusal',
      async (role: Role) => {
        const who = await signInAs(t.app, role);
        for (const path of ['/audit-events', '/audit-events/fhir']) {
          const res = await who.agent.get(`${API}${path}`);
          expect(res.status, path).toBe(403);
          expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
          expect(res.body).not.toHaveProperty('data');
        }
        const denials = await AuditModel.find({ 'actor.userId': who.user.id, outcome: 'denied' }).lean();
        expect(denials.map((d) => d.action).sort()).toEqual(['audit.export', 'audit.read']);
      },
    );

    it('refuses anonymous requests with 401', async () => {
      expect((await supertest(t.app).get(`${API}/audit-events`)).status).toBe(401);
      expect((await supertest(t.app).get(`${API}/audit-events/fhir`)).status).toBe(401);
    });
  });

  describe('GET /audit-events/fhir', () => {
    it('exports a valid FHIR Bundle of AuditEvent, with Bundle.link next while more pages exist', async () => {
      const resourceType = `fhirprobe${hex(3)}`;
      const at = (d: number): Date => new Date(`2023-05-0${d}T07:00:00Z`);
      await auditEntry({ resourceType, action: `${resourceType}.create`, resourceId: 'r-1', ip: '10.1.2.3', at: at(1) });
      await auditEntry({ resourceType, action: `${resourceType}.read`, patientId: 'p-77', resourceId: 'p-77', at: at(2) });
      await auditEntry({ resourceType, action: `${resourceType}.update`, outcome: 'denied', reason: 'not your record', at: at(3) });
      await auditEntry({
        resourceType,
        action: 'auth.login',
        actor: null,
        outcome: 'failure',
        reason: 'unknown-user',
        ip: '::ffff:127.0.0.1',
        at: at(4),
      });
      await auditEntry({
        resourceType,
        action: `${resourceType}.revoke`,
        tenant: { hospitalId: hex(12), organisationId: null },
        at: at(5),
      });

      const bundles: Bundle<AuditEvent>[] = [];
      let url: string | undefined = `${API}/audit-events/fhir?resourceType=${resourceType}&limit=2`;
      while (url) {
        const res = await coordinator.agent.get(url);
        expect(res.status, url).toBe(200);
        const bundle = res.body as Bundle<AuditEvent>;
        bundles.push(bundle);
        url = bundle.link?.find((l) => l.relation === 'next')?.url;
        if (bundles.length > 10) throw new Error('Bundle.link next does not end');
      }
      expect(bundles.map((b) => b.entry?.length ?? 0)).toEqual([2, 2, 1]);
      expect(bundles.map((b) => Boolean(b.link?.some((l) => l.relation === 'next')))).toEqual([true, true, false]);
      for (const bundle of bundles) {
        expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
        expect(validateFhir(bundle)).toEqual([]);
        for (const entry of bundle.entry ?? []) expect(validateFhir(entry.resource as AuditEvent)).toEqual([]);
      }
      expect(bundles[0]?.link?.[0]?.url).toContain(`resourceType=${resourceType}`);

      const events = bundles.flatMap((b) => (b.entry ?? []).map((e) => e.resource as AuditEvent));
      expect(events.map((e) => e.recorded)).toEqual([5, 4, 3, 2, 1].map((d) => at(d).toISOString()));
      expect(new Set(events.map((e) => e.id)).size).toBe(5);
      expect(events.map((e) => e.action)).toEqual(['D', 'E', 'U', 'R', 'C']);
      expect(events[1]?.agent[0]?.who).toEqual({ display: 'anonymous' });
      expect(events[2]).toMatchObject({ outcome: '4', outcomeDesc: 'not your record' });
      expect(events[3]?.entity?.some((e) => e.what?.reference === 'Patient/p-77')).toBe(true);
    });

    it('exports the real entries of this log (sign-ins, reads, denials) as valid AuditEvents', async () => {
      const res = await admin.agent.get(`${API}/audit-events/fhir`).query({ limit: 100 }).expect(200);
      const bundle = res.body as Bundle<AuditEvent>;
      expect(bundle.entry?.length).toBeGreaterThan(10);
      expect(validateFhir(bundle)).toEqual([]);
      for (const entry of bundle.entry ?? []) expect(validateFhir(entry.resource as AuditEvent)).toEqual([]);
    });
  });

  describe('passwords', () => {
    let logged: string[];
    let handle: AppHandle;
    beforeAll(() => {
      logged = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          logged.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      });
      // A logger without redaction, at the most verbose level: whatever the app hands it is kept.
      handle = createApp({
        config: testConfig({ login: { maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 1000 } }),
        logger: pino({ level: 'trace' }, sink),
      });
    });
    afterAll(async () => {
      await handle.close();
    });

    it('never reach an audit entry or a log line', async () => {
      const app = handle.app;
      const wrong = `wrong-${hex(6)}-password`;
      const fresh = `fresh-${hex(6)}-password`;
      const created = `created-${hex(6)}-password`;
      const user = await makeUser('sw_lead');

      const { agent, csrf } = await anonymousSession(app);
      await agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password: wrong }).expect(401);
      await agent
        .post(`${API}/auth/login`)
        .set('x-csrf-token', csrf)
        .send({ username: `ghost.${hex(3)}`, password: wrong })
        .expect(401);
      const me = await signIn(app, user);
      await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: wrong, newPassword: fresh })
        .expect(401);
      await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
        .expect(400);
      await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: TEST_PASSWORD, newPassword: fresh })
        .expect(200);
      const boss = await signInAs(app, 'admin');
      await boss.agent
        .post(`${API}/users`)
        .set('x-csrf-token', boss.csrf)
        .send({ username: `new.${hex(3)}`, displayName: 'Người mới', role: 'coordinator', password: created })
        .expect(201);
      await boss.agent.patch(`${API}/users/${user.id}`).set('x-csrf-token', boss.csrf).send({ password: created }).expect(200);
      const token = await boss.agent
        .post(`${API}/auth/tokens`)
        .set('x-csrf-token', boss.csrf)
        .send({ name: 'x', scopes: ['audit:read'] })
        .expect(201);
      await supertest(app).get(`${API}/audit-events`).set('Authorization', `Bearer ${token.body.token}`).expect(200);
      await boss.agent.get(`${API}/audit-events?action=${encodeURIComponent(wrong)}`).expect(200);

      const secrets = [wrong, fresh, created, TEST_PASSWORD, token.body.token as string];
      expect(logged.some((l) => l.includes('/api/v1/auth/login'))).toBe(true);
      expect(logged.some((l) => l.includes('/api/v1/auth/password'))).toBe(true);
      for (const s of secrets) {
        expect(
          logged.filter((l) => l.includes(s)),
          s,
        ).toEqual([]);
      }
      const audit = JSON.stringify(await AuditModel.find({}).lean());
      for (const s of secrets.slice(0, 4)) expect(audit.includes(s), s).toBe(false);
      expect(audit).not.toContain('$argon2');
    });
  });
});
