import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../server/fhir/secret-box.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { OrganisationModel } from '../../server/features/admin/organisations.model.js';
import { UserModel } from '../../server/features/admin/users.model.js';
import { AuditModel } from '../../server/features/audit/audit.model.js';
import { makeHospital, makeOrganisation, makeUser, signIn, signInAs, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { anonymousSession, API, walkPages } from '../setup/http.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const rand = (n = 3): string => randomBytes(n).toString('hex');

const hospitalBody = (over: Record<string, unknown> = {}): Record<string, unknown> & { code: string } => ({
  code: `BV${rand(3).toUpperCase()}`,
  name: `Bệnh viện Đa khoa ${rand(2)}`,
  province: { current: 'Tuyên Quang', old: 'Hà Giang' },
  level: 'provincial',
  socialWorkUnit: 'phong',
  ...over,
});

const organisationBody = (over: Record<string, unknown> = {}): Record<string, unknown> & { name: string } => ({
  name: `Quỹ Bảo trợ trẻ em ${rand()}`,
  type: 'fund',
  contact: { name: 'Chị Lan', email: `lan.${rand()}@quy.example.vn`, phone: '024 3823 1234' },
  fundingInterests: ['children', 'cancer'],
  ...over,
});

const userBody = (over: Record<string, unknown> = {}): Record<string, unknown> & { username: string; password: string } => ({
  username: `nv.${rand()}`,
  displayName: 'Nguyễn Thị Hoa',
  role: 'coordinator',
  password: 'mot-mat-khau-du-dai-2026',
  ...over,
});

const paths = (res: supertest.Response): string[] => ((res.body.error?.details ?? []) as { path: string }[]).map((d) => d.path).sort();

describe('admin API', () => {
  let t: TestApp;
  let admin: SignedIn;
  /** Every successful admin write, checked against the audit log at the end. */
  const writes: { action: string; id: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAs(t.app, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string): supertest.Test => admin.agent.get(`${API}${path}`);
  const post = (path: string, body: object): supertest.Test => admin.agent.post(`${API}${path}`).set('x-csrf-token', admin.csrf).send(body);
  const patch = (path: string, body: object): supertest.Test =>
    admin.agent.patch(`${API}${path}`).set('x-csrf-token', admin.csrf).send(body);

  async function created(path: string, body: object, action: string): Promise<Record<string, unknown> & { id: string }> {
    const res = await post(path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    writes.push({ action, id: res.body.id as string });
    return res.body as Record<string, unknown> & { id: string };
  }

  async function walkIds(path: string): Promise<{ pages: string[][]; ids: string[] }> {
    const pages = await walkPages(async (cursor) => {
      const res = await get(path).query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      return res.body as { data: { id: string }[]; nextCursor: string | null };
    });
    const idPages = pages.map((p) => p.map((x) => x.id));
    return { pages: idPages, ids: idPages.flat() };
  }

  function expectCleanPaging(pages: string[][], ids: string[], all: string[]): void {
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages.slice(0, -1)) expect(p).toHaveLength(2);
    expect(pages.at(-1)?.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...all].sort());
  }

  describe('hospitals', () => {
    it('creates (201), gets and patches a hospital', async () => {
      const body = hospitalBody({ level: 'district', socialWorkUnit: 'to' });
      const h = await created('/hospitals', body, 'hospital.create');
      expect(h).toMatchObject({
        code: body.code,
        name: body.name,
        province: body.province,
        level: 'district',
        socialWorkUnit: 'to',
        active: true,
        fhir: { baseUrl: null, authType: 'none', enabled: false, timeoutMs: 10_000, hasSecret: false },
      });
      const got = await get(`/hospitals/${h.id}`).expect(200);
      expect(got.body).toEqual(h);

      const res = await patch(`/hospitals/${h.id}`, { name: 'Bệnh viện Đa khoa huyện Bắc Hà', active: false });
      expect(res.status).toBe(200);
      writes.push({ action: 'hospital.update', id: h.id });
      expect(res.body).toMatchObject({
        id: h.id,
        code: body.code,
        name: 'Bệnh viện Đa khoa huyện Bắc Hà',
        active: false,
        level: 'district',
      });
      expect((await get(`/hospitals/${h.id}`).expect(200)).body.name).toBe('Bệnh viện Đa khoa huyện Bắc Hà');
    });

    it('answers 404 for an unknown hospital and 400 for an empty patch', async () => {
      const missing = '0123456789abcdef01234567';
      expect((await get(`/hospitals/${missing}`)).status).toBe(404);
      expect((await patch(`/hospitals/${missing}`, { name: 'X' })).status).toBe(404);
      const h = await makeHospital();
      expect((await patch(`/hospitals/${h.id}`, {})).status).toBe(400);
    });

    it('walks the list with limit=2 through cursors: no duplicates, no gaps', async () => {
      for (let i = 0; i < 5; i++) await created('/hospitals', hospitalBody(), 'hospital.create');
      const { pages, ids } = await walkIds('/hospitals');
      const all = (await HospitalModel.find({}, { _id: 1 }).lean()).map((h) => h._id.toHexString());
      expect(all.length).toBeGreaterThan(5);
      expectCleanPaging(pages, ids, all);
    });

    it('refuses a duplicate code with 409 HOSPITAL.CODE_TAKEN', async () => {
      const body = hospitalBody();
      await created('/hospitals', body, 'hospital.create');
      const res = await post('/hospitals', { ...body, name: 'Một bệnh viện khác' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('HOSPITAL.CODE_TAKEN');
      expect(await HospitalModel.countDocuments({ code: body.code })).toBe(1);
    });

    describe('FHIR settings', () => {
      const secret = {
        username: `fhir-user-${rand()}`,
        password: `fhir-pass-${rand(8)}`,
        token: `fhir-bearer-${rand(12)}`,
        privateKeyPem: `-----BEGIN PRIVATE KEY-----\nMIIE${rand(24)}\n-----END PRIVATE KEY-----`,
      };
      const leaks = (text: string): string[] =>
        Object.values(secret).filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));

      it('keeps secrets write-only: stored, never returned, hasSecret true', async () => {
        const h = await created(
          '/hospitals',
          hospitalBody({
            fhir: {
              baseUrl: 'https://fhir.bvlaocai.example.vn/R4',
              authType: 'basic',
              enabled: true,
              username: secret.username,
              password: secret.password,
            },
          }),
          'hospital.create',
        );
        expect(h.fhir).toEqual({
          baseUrl: 'https://fhir.bvlaocai.example.vn/R4',
          authType: 'basic',
          enabled: true,
          writeBack: false,
          timeoutMs: 10_000,
          hasSecret: true,
        });
        const stored = await HospitalModel.findById(h.id).lean();
        // Passwords are sealed at rest (AES-256-GCM); the username is not a secret.
        expect(stored?.fhir.secrets.username).toBe(secret.username);
        expect(stored?.fhir.secrets.password).toMatch(/^sealed:v1:/);
        expect(stored?.fhir.secrets.password).not.toContain(secret.password);
        expect(open(stored?.fhir.secrets.password ?? '')).toBe(secret.password);

        const bearer = await patch(`/hospitals/${h.id}`, { fhir: { authType: 'bearer', token: secret.token } });
        expect(bearer.status).toBe(200);
        writes.push({ action: 'hospital.update', id: h.id });
        expect(bearer.body.fhir).toMatchObject({ authType: 'bearer', hasSecret: true });
        const smart = await patch(`/hospitals/${h.id}`, {
          fhir: {
            authType: 'smart-backend',
            clientId: 'nhipcau',
            tokenUrl: 'https://auth.example.vn/token',
            privateKeyPem: secret.privateKeyPem,
          },
        });
        expect(smart.status).toBe(200);
        writes.push({ action: 'hospital.update', id: h.id });
        const sealed = (await HospitalModel.findById(h.id).lean())?.fhir.secrets;
        expect(sealed?.token).toMatch(/^sealed:v1:/);
        expect(sealed?.privateKeyPem).toMatch(/^sealed:v1:/);
        expect(open(sealed?.token ?? '')).toBe(secret.token);
        expect(open(sealed?.privateKeyPem ?? '')).toBe(secret.privateKeyPem);

        const responses = [
          JSON.stringify(h),
          bearer.text,
          smart.text,
          (await get(`/hospitals/${h.id}`)).text,
          (await get('/hospitals?limit=100')).text,
        ];
        for (const text of responses) {
          expect(leaks(text)).toEqual([]);
          expect(text).not.toMatch(/"(password|token|privateKeyPem|username|secrets)"/);
        }
        expect(leaks(JSON.stringify(await AuditModel.find({}).lean()))).toEqual([]);
      });

      it('clears a secret sent as null, and hasSecret follows', async () => {
        const h = await makeHospital({ fhir: { baseUrl: 'https://fhir.example.vn', authType: 'bearer', token: secret.token } });
        expect(h.fhir.hasSecret).toBe(true);
        const res = await patch(`/hospitals/${h.id}`, { fhir: { authType: 'none', token: null } });
        expect(res.status).toBe(200);
        writes.push({ action: 'hospital.update', id: h.id });
        expect(res.body.fhir.hasSecret).toBe(false);
        expect((await HospitalModel.findById(h.id).lean())?.fhir.secrets.token).toBeNull();
      });

      it('refuses to enable FHIR without a base URL: 400 at body.fhir.baseUrl, nothing written', async () => {
        const body = hospitalBody({ fhir: { enabled: true } });
        const res = await post('/hospitals', body);
        expect(res.status).toBe(400);
        expect(paths(res)).toEqual(['body.fhir.baseUrl']);
        expect(await HospitalModel.countDocuments({ code: body.code })).toBe(0);

        const h = await makeHospital();
        const patched = await patch(`/hospitals/${h.id}`, { fhir: { enabled: true } });
        expect(patched.status).toBe(400);
        expect(paths(patched)).toEqual(['body.fhir.baseUrl']);
        expect((await HospitalModel.findById(h.id).lean())?.fhir.enabled).toBe(false);
      });

      it('names every missing credential of the auth type (basic: username and password)', async () => {
        const none = await post('/hospitals', hospitalBody({ fhir: { baseUrl: 'https://fhir.example.vn', authType: 'basic' } }));
        expect(none.status).toBe(400);
        expect(paths(none)).toEqual(['body.fhir.password', 'body.fhir.username']);
        const half = await post(
          '/hospitals',
          hospitalBody({ fhir: { baseUrl: 'https://fhir.example.vn', authType: 'basic', username: 'u' } }),
        );
        expect(half.status).toBe(400);
        expect(paths(half)).toEqual(['body.fhir.password']);
        const bearer = await post('/hospitals', hospitalBody({ fhir: { authType: 'bearer' } }));
        expect(paths(bearer)).toEqual(['body.fhir.token']);
        const smart = await post('/hospitals', hospitalBody({ fhir: { authType: 'smart-backend', clientId: 'c' } }));
        expect(paths(smart)).toEqual(['body.fhir.privateKeyPem', 'body.fhir.tokenUrl']);

        // credentials already stored count: switching back to basic needs none sent again
        const h = await makeHospital({ fhir: { authType: 'basic', username: 'u', password: 'p' } });
        await patch(`/hospitals/${h.id}`, { fhir: { authType: 'none' } }).expect(200);
        await patch(`/hospitals/${h.id}`, { fhir: { authType: 'basic' } }).expect(200);
        writes.push({ action: 'hospital.update', id: h.id }, { action: 'hospital.update', id: h.id });
      });
    });
  });

  describe('organisations', () => {
    it('creates (201), gets, patches and pages through organisations; a duplicate name is 409', async () => {
      const body = organisationBody();
      const o = await created('/organisations', body, 'organisation.create');
      expect(o).toMatchObject({
        name: body.name,
        type: 'fund',
        contact: body.contact,
        fundingInterests: ['children', 'cancer'],
        active: true,
      });
      expect((await get(`/organisations/${o.id}`).expect(200)).body).toEqual(o);
      const res = await patch(`/organisations/${o.id}`, { type: 'ngo', fundingInterests: ['renal'] });
      expect(res.status).toBe(200);
      writes.push({ action: 'organisation.update', id: o.id });
      expect(res.body).toMatchObject({ id: o.id, type: 'ngo', fundingInterests: ['renal'] });

      const dup = await post('/organisations', { ...organisationBody(), name: body.name });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('ORGANISATION.NAME_TAKEN');

      for (let i = 0; i < 4; i++) await created('/organisations', organisationBody(), 'organisation.create');
      const { pages, ids } = await walkIds('/organisations');
      const all = (await OrganisationModel.find({}, { _id: 1 }).lean()).map((x) => x._id.toHexString());
      expectCleanPaging(pages, ids, all);
    });

    it('keeps the services and the province it receives referrals for; without services, the type gives them', async () => {
      const given = await created('/organisations', organisationBody({ type: 'ngo', services: ['shelter', 'legal-aid'], province: 'Lào Cai' }), 'organisation.create');
      expect(given).toMatchObject({ services: ['shelter', 'legal-aid'], province: 'Lào Cai' });
      expect((await get(`/organisations/${given.id}`).expect(200)).body).toMatchObject({ services: ['shelter', 'legal-aid'], province: 'Lào Cai' });

      const changed = await patch(`/organisations/${given.id}`, { services: ['psychosocial'], province: null }).expect(200);
      writes.push({ action: 'organisation.update', id: given.id });
      expect(changed.body).toMatchObject({ services: ['psychosocial'], province: null });
      expect((await get(`/organisations/${given.id}`).expect(200)).body).toMatchObject({ services: ['psychosocial'], province: null });

      const byType = { fund: ['funding'], business: ['funding'], ngo: ['community-service'], religious: ['food', 'shelter'], other: ['other'] };
      for (const [type, services] of Object.entries(byType)) {
        const o = await created('/organisations', organisationBody({ type }), 'organisation.create');
        expect(o, type).toMatchObject({ type, services, province: null });
      }
    });

    it('refuses a service an organisation cannot give, an unknown or pre-2025 province, an empty list (400 with the field path); nothing changes', async () => {
      const o = await created('/organisations', organisationBody({ services: ['funding'], province: 'Hà Nội' }), 'organisation.create');
      const cases: [Record<string, unknown>, string][] = [
        [{ services: ['continuing-support'] }, 'body.services.0'],
        [{ services: ['funding', 'massage'] }, 'body.services.1'],
        [{ services: [] }, 'body.services'],
        [{ province: 'Hà Giang' }, 'body.province'],
        [{ province: 'Atlantis' }, 'body.province'],
        [{ province: '' }, 'body.province'],
      ];
      for (const [change, path] of cases) {
        const created400 = await post('/organisations', organisationBody(change));
        expect(created400.status, JSON.stringify(change)).toBe(400);
        expect(paths(created400), JSON.stringify(change)).toEqual([path]);
        const patched400 = await patch(`/organisations/${o.id}`, change);
        expect(patched400.status, JSON.stringify(change)).toBe(400);
        expect(paths(patched400), JSON.stringify(change)).toEqual([path]);
      }
      expect((await get(`/organisations/${o.id}`).expect(200)).body).toEqual(o);
    });
  });

  describe('users', () => {
    it('creates (201), gets, patches and pages through users, never returning the password', async () => {
      const hospital = await makeHospital();
      const organisation = await makeOrganisation();
      const bodies = [
        userBody({ role: 'social_worker', hospitalId: hospital.id }),
        userBody({ role: 'sw_lead', hospitalId: hospital.id }),
        userBody({ role: 'charity_partner', organisationId: organisation.id }),
        userBody({ role: 'coordinator' }),
        userBody({ role: 'admin', locale: 'en' }),
      ];
      for (const body of bodies) {
        const res = await post('/users', body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        writes.push({ action: 'user.create', id: res.body.id });
        expect(res.body).toMatchObject({ username: body.username, role: body.role, disabled: false, lockedUntil: null, lastLoginAt: null });
        expect(res.text).not.toContain(body.password);
        expect(res.text).not.toMatch(/password/i);
      }
      const sw = await UserModel.findOne({ username: bodies[0]?.username }).lean();
      const view = (await get(`/users/${String(sw?._id)}`).expect(200)).body;
      expect(view).toMatchObject({
        role: 'social_worker',
        hospital: { id: hospital.id, code: hospital.code, name: hospital.name },
        organisation: null,
        locale: 'vi',
      });
      const partner = (await get(`/users?role=charity_partner&organisationId=${organisation.id}`).expect(200)).body.data;
      expect(partner).toHaveLength(1);
      expect(partner[0].organisation).toEqual({ id: organisation.id, name: organisation.name });

      const renamed = await patch(`/users/${view.id}`, { displayName: 'Trần Văn Minh', locale: 'en' });
      expect(renamed.status).toBe(200);
      writes.push({ action: 'user.update', id: view.id });
      expect(renamed.body).toMatchObject({ id: view.id, displayName: 'Trần Văn Minh', locale: 'en', role: 'social_worker' });

      const { pages, ids } = await walkIds('/users');
      const all = (await UserModel.find({}, { _id: 1 }).lean()).map((u) => u._id.toHexString());
      expectCleanPaging(pages, ids, all);
    });

    it('refuses a duplicate username (any case) with 409 USER.USERNAME_TAKEN', async () => {
      const body = userBody();
      await created('/users', body, 'user.create');
      const res = await post('/users', { ...body, username: body.username.toUpperCase() });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('USER.USERNAME_TAKEN');
      expect(await UserModel.countDocuments({ username: body.username })).toBe(1);
    });

    describe('tenant binding', () => {
      let hospitalId: string;
      let organisationId: string;
      beforeAll(async () => {
        hospitalId = (await makeHospital()).id;
        organisationId = (await makeOrganisation()).id;
      });

      it.each([
        ['social_worker', {}, 'body.hospitalId'],
        ['sw_lead', {}, 'body.hospitalId'],
        ['sw_lead', { organisation: true }, 'body.hospitalId,body.organisationId'],
        ['charity_partner', {}, 'body.organisationId'],
        ['charity_partner', { hospital: true, organisation: true }, 'body.hospitalId'],
        ['coordinator', { hospital: true }, 'body.hospitalId'],
        ['admin', { organisation: true }, 'body.organisationId'],
        ['admin', { hospital: true, organisation: true }, 'body.hospitalId,body.organisationId'],
      ] as const)('refuses a %s with tenants %j: 400 at %s', async (role, given, expected) => {
        const body = userBody({
          role,
          ...('hospital' in given ? { hospitalId } : {}),
          ...('organisation' in given ? { organisationId } : {}),
        });
        const res = await post('/users', body);
        expect(res.status).toBe(400);
        expect(paths(res).join(',')).toBe(expected);
        expect(await UserModel.countDocuments({ username: body.username })).toBe(0);
      });

      it('refuses ids of a hospital or organisation that does not exist', async () => {
        const ghost = '0123456789abcdef01234567';
        const h = await post('/users', userBody({ role: 'social_worker', hospitalId: ghost }));
        expect(h.status).toBe(400);
        expect(paths(h)).toEqual(['body.hospitalId']);
        const o = await post('/users', userBody({ role: 'charity_partner', organisationId: ghost }));
        expect(o.status).toBe(400);
        expect(paths(o)).toEqual(['body.organisationId']);
      });

      it('checks the binding a patch leaves behind', async () => {
        const sw = await makeUser('social_worker', { hospitalId });
        const bad = await patch(`/users/${sw.id}`, { role: 'coordinator' });
        expect(bad.status).toBe(400);
        expect(paths(bad)).toEqual(['body.hospitalId']);
        expect((await UserModel.findById(sw.id).lean())?.role).toBe('social_worker');
        const good = await patch(`/users/${sw.id}`, { role: 'coordinator', hospitalId: null });
        expect(good.status).toBe(200);
        writes.push({ action: 'user.update', id: sw.id });
        expect(good.body).toMatchObject({ role: 'coordinator', hospital: null });
      });
    });

    it('shows a head of social work only the users of their own hospital', async () => {
      const mine = await makeHospital();
      const other = await makeHospital();
      const lead = await makeUser('sw_lead', { hospitalId: mine.id });
      const colleagues = [
        await makeUser('social_worker', { hospitalId: mine.id }),
        await makeUser('social_worker', { hospitalId: mine.id }),
      ];
      const stranger = await makeUser('social_worker', { hospitalId: other.id });
      const me = await signIn(t.app, lead);

      const pages = await walkPages(async (cursor) => {
        const res = await me.agent.get(`${API}/users`).query({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        return res.body as { data: { id: string; hospital: { id: string } | null }[]; nextCursor: string | null };
      });
      const seen = pages.flat();
      expect(seen.map((u) => u.id).sort()).toEqual([lead.id, ...colleagues.map((c) => c.id)].sort());
      expect(seen.every((u) => u.hospital?.id === mine.id)).toBe(true);

      const asked = await me.agent.get(`${API}/users`).query({ hospitalId: other.id });
      expect(asked.status).toBe(200);
      expect(asked.body.data.map((u: { id: string }) => u.id)).not.toContain(stranger.id);
      expect((await me.agent.get(`${API}/users/${colleagues[0]?.id}`)).status).toBe(200);
      expect((await me.agent.get(`${API}/users/${stranger.id}`)).status).toBe(404);
    });

    it('ends a user’s sessions when their role changes or they are disabled, not on a rename', async () => {
      const hospital = await makeHospital();
      const user = await makeUser('social_worker', { hospitalId: hospital.id });
      const session = await signIn(t.app, user);
      const authenticated = async (s: SignedIn): Promise<boolean> =>
        (await s.agent.get(`${API}/auth/session`).expect(200)).body.authenticated as boolean;

      await patch(`/users/${user.id}`, { displayName: 'Tên mới' }).expect(200);
      expect(await authenticated(session)).toBe(true);

      await patch(`/users/${user.id}`, { role: 'sw_lead' }).expect(200);
      expect(await authenticated(session)).toBe(false);

      const again = await signIn(t.app, user);
      expect(again.user.role).toBe('sw_lead');
      await patch(`/users/${user.id}`, { disabled: true }).expect(200);
      expect(await authenticated(again)).toBe(false);
      const { agent, csrf } = await anonymousSession(t.app);
      await agent
        .post(`${API}/auth/login`)
        .set('x-csrf-token', csrf)
        .send({ username: user.username, password: TEST_PASSWORD })
        .expect(401);
      writes.push({ action: 'user.update', id: user.id }, { action: 'user.update', id: user.id }, { action: 'user.update', id: user.id });
    });

    it('clears a lockout when an admin resets the password', async () => {
      const user = await makeUser('coordinator');
      const { agent, csrf } = await anonymousSession(t.app);
      const login = (password: string): supertest.Test =>
        agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password });
      for (let i = 0; i < 5; i++) await login('not-the-password-at-all');
      const locked = await login(TEST_PASSWORD);
      expect(locked.status).toBe(429);
      expect((await get(`/users/${user.id}`).expect(200)).body.lockedUntil).toEqual(expect.any(String));

      const reset = await patch(`/users/${user.id}`, { password: 'mat-khau-dat-lai-2026' });
      expect(reset.status).toBe(200);
      writes.push({ action: 'user.update', id: user.id });
      expect(reset.body.lockedUntil).toBeNull();
      expect(reset.text).not.toContain('mat-khau-dat-lai-2026');
      await login('mat-khau-dat-lai-2026').expect(200);
      expect(await UserModel.findById(user.id, { failedLogins: 1, lockedUntil: 1 }).lean()).toMatchObject({
        failedLogins: 0,
        lockedUntil: null,
      });
    });
  });

  // Last: every write above, by the admin, is in the audit log with its resource id.
  it('wrote an audit entry with the resource id for every admin write', async () => {
    expect(writes.length).toBeGreaterThan(20);
    const entries = await AuditModel.find({ 'actor.userId': admin.user.id, outcome: 'success' }).lean();
    for (const w of writes) {
      expect(
        entries.some((e) => e.action === w.action && e.resourceId === w.id),
        `${w.action} ${w.id}`,
      ).toBe(true);
    }
    const counts = new Map<string, number>();
    for (const w of writes) counts.set(`${w.action} ${w.id}`, (counts.get(`${w.action} ${w.id}`) ?? 0) + 1);
    for (const [key, n] of counts) {
      const [action, id] = key.split(' ');
      expect(entries.filter((e) => e.action === action && e.resourceId === id).length, key).toBe(n);
    }
    const text = JSON.stringify(entries);
    expect(text).not.toContain('mot-mat-khau-du-dai-2026');
    expect(text).not.toContain('mat-khau-dat-lai-2026');
  });
});
