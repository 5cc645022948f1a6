import { createHash, randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserModel } from '../../server/features/admin/users.model.js';
import { AuditModel } from '../../server/features/audit/audit.model.js';
import { ApiTokenModel } from '../../server/features/auth/tokens.model.js';
import { makeUser, signIn, signInAs, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { anonymousSession, API, cookieAttributes, cookiePair, sessionSetCookie, walkPages } from '../setup/http.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const WRONG_PASSWORD = 'wrong-password-Zq81x';
const NEW_PASSWORD = 'a-brand-new-passphrase-2026';
/** Every password this file sends, so the last test can look for them in the audit log. */
const passwordsUsed = new Set([TEST_PASSWORD, WRONG_PASSWORD, NEW_PASSWORD]);

const rid = (): string => `test-${randomBytes(6).toString('hex')}`;

async function failedLogins(username: string): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const u = await UserModel.findOne({ username }).lean();
  if (!u) throw new Error(`no user ${username}`);
  return { failedLogins: u.failedLogins, lockedUntil: u.lockedUntil };
}

describe('sign-in, sessions and passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** One sign-in attempt from a fresh anonymous session. */
  async function attempt(username: string, password: string, requestId = rid()): Promise<supertest.Response> {
    passwordsUsed.add(password);
    const { agent, csrf } = await anonymousSession(t.app);
    return agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).set('x-request-id', requestId).send({ username, password });
  }

  it('GET /auth/session is anonymous before sign-in and names the user after', async () => {
    const user = await makeUser('social_worker');
    const { agent, csrf } = await anonymousSession(t.app);
    const before = await agent.get(`${API}/auth/session`).expect(200);
    expect(before.body).toEqual({ authenticated: false, csrfToken: csrf, user: null, can: [] });

    await agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password: TEST_PASSWORD }).expect(200);
    const after = await agent.get(`${API}/auth/session`).expect(200);
    expect(after.body.authenticated).toBe(true);
    expect(after.body.user).toMatchObject({
      id: user.id,
      username: user.username,
      role: 'social_worker',
      hospital: { id: user.hospital?.id },
    });
    expect(after.body.csrfToken).toEqual(expect.any(String));
    // What the policy lets a social worker do, for the client's menus and buttons.
    expect(after.body.can).toEqual(expect.arrayContaining(['patient.list', 'worklist.read', 'flag.review']));
    expect(after.body.can).not.toContain('user.list');
  });

  it('a sign-in returns the user and a new CSRF token, in a new session: the old token and cookie stop working', async () => {
    const user = await makeUser('coordinator');
    const agent = supertest.agent(t.app);
    const first = await agent.get(`${API}/auth/session`).expect(200);
    const oldCsrf = first.body.csrfToken as string;
    const oldCookie = sessionSetCookie(first);
    expect(oldCookie).toBeDefined();

    const res = await agent
      .post(`${API}/auth/login`)
      .set('x-csrf-token', oldCsrf)
      .send({ username: user.username.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, username: user.username, role: 'coordinator', hospital: null, organisation: null });
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(res.body.csrfToken).not.toBe(oldCsrf);
    const newCookie = sessionSetCookie(res);
    expect(newCookie).toBeDefined();
    expect(cookiePair(newCookie ?? '')).not.toBe(cookiePair(oldCookie ?? ''));

    // the pre-login token is no longer the session's
    const stale = await agent
      .post(`${API}/auth/tokens`)
      .set('x-csrf-token', oldCsrf)
      .send({ name: 'x', scopes: ['network:read'] });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('AUTH.CSRF');
    await agent
      .post(`${API}/auth/tokens`)
      .set('x-csrf-token', res.body.csrfToken)
      .send({ name: 'x', scopes: ['network:read'] })
      .expect(201);
    // the pre-login cookie does not carry the sign-in (no session fixation)
    const replay = await supertest(t.app)
      .get(`${API}/auth/session`)
      .set('Cookie', cookiePair(oldCookie ?? ''))
      .expect(200);
    expect(replay.body.authenticated).toBe(false);
  });

  it('answers a wrong password and an unknown user alike: 401 AUTH.INVALID_CREDENTIALS', async () => {
    const user = await makeUser('sw_lead');
    const wrong = await attempt(user.username, WRONG_PASSWORD);
    const unknown = await attempt(`nobody.${randomBytes(4).toString('hex')}`, TEST_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(unknown.body.error.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect((await failedLogins(user.username)).failedLogins).toBe(1);
  });

  it('does not let a disabled user sign in, even with the right password', async () => {
    const user = await makeUser('social_worker');
    await UserModel.updateOne({ username: user.username }, { $set: { disabled: true } });
    const res = await attempt(user.username, TEST_PASSWORD);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH.INVALID_CREDENTIALS');
    const entry = await AuditModel.findOne({ action: 'auth.login', 'actor.userId': user.id }).lean();
    expect(entry).toMatchObject({ outcome: 'failure', reason: 'disabled' });
  });

  it('locks an account after 5 wrong passwords (429 with Retry-After, even with the right password), and opens it when the lock expires', async () => {
    const user = await makeUser('social_worker');
    for (let i = 1; i <= 4; i++) {
      const res = await attempt(user.username, WRONG_PASSWORD);
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const fifth = await attempt(user.username, WRONG_PASSWORD);
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('AUTH.ACCOUNT_LOCKED');

    const right = await attempt(user.username, TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('AUTH.ACCOUNT_LOCKED');
    const retryAfter = Number(right.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const locked = await failedLogins(user.username);
    expect(locked.lockedUntil).toBeInstanceOf(Date);

    await UserModel.updateOne({ username: user.username }, { $set: { lockedUntil: new Date(Date.now() - 1000) } });
    const afterLock = await attempt(user.username, TEST_PASSWORD);
    expect(afterLock.status).toBe(200);
    expect(afterLock.body.user.lockedUntil).toBeNull();
    expect(await failedLogins(user.username)).toEqual({ failedLogins: 0, lockedUntil: null });
  });

  it('throttles an unknown username exactly like a real one, so a lockout never tells that an account exists', async () => {
    const ghost = `khong.ton.tai.${Date.now()}`;
    const real = await makeUser('social_worker');
    const answers = async (username: string): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await attempt(username, WRONG_PASSWORD);
        out.push(`${res.status} ${res.body.error.code}`);
      }
      return out;
    };
    const ghostAnswers = await answers(ghost);
    expect(ghostAnswers).toEqual(await answers(real.username));
    expect(ghostAnswers.slice(4)).toEqual(['429 AUTH.ACCOUNT_LOCKED', '429 AUTH.ACCOUNT_LOCKED']);
  });

  it('counts only consecutive failures: a successful sign-in resets the count', async () => {
    const user = await makeUser('coordinator');
    for (let i = 0; i < 4; i++) await attempt(user.username, WRONG_PASSWORD);
    expect((await attempt(user.username, TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(user.username, WRONG_PASSWORD)).status).toBe(401);
    expect((await attempt(user.username, TEST_PASSWORD)).status).toBe(200);
  });

  it('writes an audit entry for each sign-in, success or failure, with the request id and IP', async () => {
    const user = await makeUser('charity_partner');
    const okId = rid();
    const badId = rid();
    const unknownId = rid();
    await attempt(user.username, TEST_PASSWORD, okId).then((r) => expect(r.status).toBe(200));
    await attempt(user.username, WRONG_PASSWORD, badId).then((r) => expect(r.status).toBe(401));
    await attempt(`ghost.${randomBytes(3).toString('hex')}`, WRONG_PASSWORD, unknownId).then((r) => expect(r.status).toBe(401));

    const ok = await AuditModel.find({ requestId: okId }).lean();
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'success',
      actor: { userId: user.id, username: user.username, role: 'charity_partner' },
      tenant: { organisationId: user.organisation?.id, hospitalId: null },
    });
    expect(ok[0]?.ip).toMatch(/127\.0\.0\.1|::1/);

    const bad = await AuditModel.find({ requestId: badId }).lean();
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ action: 'auth.login', outcome: 'failure', reason: 'bad-password', actor: { userId: user.id } });
    expect(bad[0]?.ip).toMatch(/127\.0\.0\.1|::1/);

    const unknown = await AuditModel.find({ requestId: unknownId }).lean();
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ action: 'auth.login', outcome: 'failure', reason: 'unknown-user', actor: null });
    expect(unknown[0]?.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  describe('CSRF', () => {
    it('refuses a sign-in without, or with a wrong, x-csrf-token: 403 AUTH.CSRF, no session, no failure counted', async () => {
      const user = await makeUser('social_worker');
      const { agent, csrf } = await anonymousSession(t.app);
      const none = await agent.post(`${API}/auth/login`).send({ username: user.username, password: TEST_PASSWORD });
      expect(none.status).toBe(403);
      expect(none.body.error.code).toBe('AUTH.CSRF');
      const wrong = await agent
        .post(`${API}/auth/login`)
        .set('x-csrf-token', `${csrf.slice(0, -2)}xx`)
        .send({ username: user.username, password: WRONG_PASSWORD });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('AUTH.CSRF');
      // a cookie-less request has no session token at all
      const bare = await supertest(t.app)
        .post(`${API}/auth/login`)
        .set('x-csrf-token', csrf)
        .send({ username: user.username, password: TEST_PASSWORD });
      expect(bare.status).toBe(403);

      expect((await agent.get(`${API}/auth/session`)).body.authenticated).toBe(false);
      expect(await failedLogins(user.username)).toEqual({ failedLogins: 0, lockedUntil: null });
      expect(await AuditModel.countDocuments({ action: 'auth.login', 'actor.userId': user.id })).toBe(0);
    });

    it('refuses signed-in writes without, with a wrong, or with another session’s token, and changes nothing', async () => {
      const me = await signInAs(t.app, 'coordinator');
      const other = await signInAs(t.app, 'coordinator');
      const tokenBody = { name: 'integration', scopes: ['network:read'] };
      for (const header of [undefined, 'not-the-token', other.csrf]) {
        const req = me.agent.post(`${API}/auth/tokens`);
        const res = await (header === undefined ? req : req.set('x-csrf-token', header)).send(tokenBody);
        expect(res.status, String(header)).toBe(403);
        expect(res.body.error.code).toBe('AUTH.CSRF');
      }
      expect(await ApiTokenModel.countDocuments({ userId: me.user.id })).toBe(0);

      const pw = await me.agent.post(`${API}/auth/password`).send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
      expect(pw.status).toBe(403);
      const logout = await me.agent.post(`${API}/auth/logout`).set('x-csrf-token', 'nope');
      expect(logout.status).toBe(403);
      expect((await me.agent.get(`${API}/auth/session`)).body.authenticated).toBe(true);
      // the password did not change
      await signIn(t.app, me.user, TEST_PASSWORD);
    });
  });

  describe('session cookie', () => {
    it('is HttpOnly and SameSite=Lax, and not Secure on plain http (a forged X-Forwarded-Proto is not trusted)', async () => {
      const user = await makeUser('coordinator');
      const agent = supertest.agent(t.app);
      const first = await agent.get(`${API}/auth/session`).set('X-Forwarded-Proto', 'https').expect(200);
      const login = await agent
        .post(`${API}/auth/login`)
        .set('x-csrf-token', first.body.csrfToken)
        .send({ username: user.username, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      for (const line of [sessionSetCookie(first), sessionSetCookie(login)]) {
        expect(line).toBeDefined();
        const attrs = cookieAttributes(line ?? '');
        expect(attrs).toHaveProperty('httponly');
        expect(attrs.samesite).toBe('Lax');
        expect(attrs.path).toBe('/');
        expect(attrs).not.toHaveProperty('secure');
      }
    });
  });

  it('sign-out ends the session: anonymous afterwards, writes 401, and the old cookie is dead', async () => {
    const me = await signInAs(t.app, 'social_worker');
    const live = await me.agent.get(`${API}/auth/session`).expect(200);
    const cookie = sessionSetCookie(live);
    expect(cookie).toBeDefined();

    await me.agent.post(`${API}/auth/logout`).set('x-csrf-token', me.csrf).expect(204);

    const after = await me.agent.get(`${API}/auth/session`).expect(200);
    expect(after.body.authenticated).toBe(false);
    const write = await me.agent
      .post(`${API}/auth/tokens`)
      .set('x-csrf-token', after.body.csrfToken)
      .send({ name: 'x', scopes: ['network:read'] });
    expect(write.status).toBe(401);
    expect(write.body.error.code).toBe('AUTH.UNAUTHENTICATED');
    const replay = await supertest(t.app)
      .get(`${API}/users/${me.user.id}`)
      .set('Cookie', cookiePair(cookie ?? ''));
    expect(replay.status).toBe(401);
    expect(await AuditModel.countDocuments({ action: 'auth.logout', 'actor.userId': me.user.id })).toBe(1);
  });

  describe('password change', () => {
    let me: SignedIn;
    let elsewhere: SignedIn;
    beforeAll(async () => {
      const user = await makeUser('sw_lead');
      me = await signIn(t.app, user);
      elsewhere = await signIn(t.app, user);
    });

    it('refuses a wrong current password with 401 AUTH.WRONG_CURRENT_PASSWORD (not a failed sign-in) and audits the failure', async () => {
      const res = await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH.WRONG_CURRENT_PASSWORD');
      expect(await AuditModel.countDocuments({ action: 'auth.password.change', resourceId: me.user.id, outcome: 'failure' })).toBe(1);
    });

    it('refuses a weak new password (under 12 characters) with 400 at body.newPassword', async () => {
      const res = await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'short-pw' });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { path: 'body.newPassword', message: expect.stringMatching(/12/), code: 'too_small', params: { minimum: 12, origin: 'string' } },
      ]);
      const same = await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
      expect(same.status).toBe(400);
      expect(same.body.error.details).toEqual([{ path: 'body.newPassword', message: expect.any(String), code: 'same_as_current' }]);
    });

    it('changes the password: 200 with a new CSRF token, this session goes on, other sessions end, the old password stops working', async () => {
      const before = (await UserModel.findById(me.user.id).lean())?.passwordHash;
      const changed = await me.agent
        .post(`${API}/auth/password`)
        .set('x-csrf-token', me.csrf)
        .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      expect(changed.body.csrfToken).toEqual(expect.any(String));
      expect(changed.body.csrfToken).not.toBe(me.csrf);

      const mine = await me.agent.get(`${API}/auth/session`).expect(200);
      expect(mine.body.authenticated).toBe(true);
      expect(mine.body.user.id).toBe(me.user.id);
      await me.agent.get(`${API}/users/${me.user.id}`).expect(200);
      await me.agent
        .post(`${API}/auth/tokens`)
        .set('x-csrf-token', mine.body.csrfToken)
        .send({ name: 'after change', scopes: ['network:read'] })
        .expect(201);

      const theirs = await elsewhere.agent.get(`${API}/auth/session`).expect(200);
      expect(theirs.body.authenticated).toBe(false);
      await elsewhere.agent.get(`${API}/users/${me.user.id}`).expect(401);

      const old = await attempt(me.user.username, TEST_PASSWORD);
      expect(old.status).toBe(401);
      const fresh = await attempt(me.user.username, NEW_PASSWORD);
      expect(fresh.status).toBe(200);

      const after = (await UserModel.findById(me.user.id).lean())?.passwordHash;
      expect(after).not.toBe(before);
      expect(after).toMatch(/^\$argon2id\$/);
      expect(await AuditModel.countDocuments({ action: 'auth.password.change', resourceId: me.user.id, outcome: 'success' })).toBe(1);
    });
  });

  it('stores passwords as argon2id hashes (OWASP parameters) and never returns them', async () => {
    const admin = await signInAs(t.app, 'admin');
    const user = await makeUser('social_worker');
    const stored = await UserModel.findById(user.id).lean();
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored?.passwordHash).not.toContain(TEST_PASSWORD);

    const responses = [
      await admin.agent.get(`${API}/auth/session`).expect(200),
      await admin.agent.get(`${API}/users/${user.id}`).expect(200),
      await admin.agent.get(`${API}/users?limit=100`).expect(200),
      await attempt(user.username, TEST_PASSWORD),
      await attempt(user.username, WRONG_PASSWORD),
    ];
    for (const res of responses) {
      expect(res.text).not.toContain(TEST_PASSWORD);
      expect(res.text).not.toContain(WRONG_PASSWORD);
      expect(res.text).not.toContain('$argon2');
      expect(res.text).not.toMatch(/passwordHash|"password"/);
    }
  });

  // Last in this block: every sign-in, failure and password change above wrote to this database.
  it('never writes a password into the audit log', async () => {
    const entries = await AuditModel.find({}).lean();
    const text = JSON.stringify(entries);
    expect(entries.filter((e) => e.action === 'auth.login').length).toBeGreaterThan(20);
    expect(text).toContain('auth.password.change');
    expect(passwordsUsed.size).toBeGreaterThanOrEqual(3);
    for (const p of passwordsUsed) expect(text).not.toContain(p);
    expect(text).not.toContain('$argon2');
  });
});

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function create(who: SignedIn, body: object): Promise<supertest.Response> {
    return who.agent.post(`${API}/auth/tokens`).set('x-csrf-token', who.csrf).send(body);
  }

  const bearer = (token: string): string => `Bearer ${token}`;

  it('creates a token shown once and stores only its SHA-256', async () => {
    const me = await signInAs(t.app, 'coordinator');
    const res = await create(me, { name: 'Báo cáo mạng lưới', scopes: ['network:read'], expiresInDays: 30 });
    expect(res.status).toBe(201);
    const token = res.body.token as string;
    expect(token).toMatch(/^ncau_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      userId: me.user.id,
      name: 'Báo cáo mạng lưới',
      scopes: ['network:read'],
      prefix: token.slice(0, 11),
      revokedAt: null,
    });
    expect(res.body.expiresAt).toEqual(expect.any(String));

    const raw = await ApiTokenModel.collection.find({ userId: ApiTokenModel.castObject({ userId: me.user.id }).userId }).toArray();
    expect(raw).toHaveLength(1);
    expect(raw[0]?.hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(JSON.stringify(raw)).not.toContain(token.slice(11));

    const list = await me.agent.get(`${API}/auth/tokens`).expect(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty('token');
    expect(list.text).not.toContain(token);
    expect(JSON.stringify(await AuditModel.find({}).lean())).not.toContain(token);
  });

  it('authenticates a request with Authorization: Bearer, within the token’s scopes and without CSRF', async () => {
    const admin = await signInAs(t.app, 'admin');
    const readOnly = (await create(admin, { name: 'read', scopes: ['network:read'] })).body.token as string;
    const writer = (await create(admin, { name: 'write', scopes: ['admin:write'] })).body.token as string;

    await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(readOnly)).expect(200);
    const outOfScope = await supertest(t.app).get(`${API}/users`).set('Authorization', bearer(readOnly));
    expect(outOfScope.status).toBe(403);
    const created = await supertest(t.app)
      .post(`${API}/hospitals`)
      .set('Authorization', bearer(writer))
      .send({
        code: `TK${randomBytes(2).toString('hex').toUpperCase()}`,
        name: 'BV qua token',
        province: { current: 'Sơn La', old: 'Sơn La' },
        level: 'district',
        socialWorkUnit: 'to',
      });
    expect(created.status).toBe(201);
    expect(await AuditModel.countDocuments({ action: 'hospital.create', resourceId: created.body.id, 'actor.userId': admin.user.id })).toBe(
      1,
    );
    // token management is for signed-in sessions only
    const selfIssue = await supertest(t.app)
      .post(`${API}/auth/tokens`)
      .set('Authorization', bearer(writer))
      .send({ name: 'more', scopes: ['admin:write'] });
    expect(selfIssue.status).toBe(403);
    const stored = await ApiTokenModel.findOne({ hash: createHash('sha256').update(readOnly).digest('hex') }).lean();
    expect(stored?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuses scopes beyond the role with 400 at body.scopes.N, creating nothing', async () => {
    const sw = await signInAs(t.app, 'social_worker');
    const res = await create(sw, { name: 'too much', scopes: ['network:read', 'admin:write', 'audit:read'] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.scopes.1', 'body.scopes.2']);
    expect(await ApiTokenModel.countDocuments({ name: 'too much' })).toBe(0);
    await create(sw, { name: 'fine', scopes: ['network:read'] }).then((r) => expect(r.status).toBe(201));
  });

  it('stops accepting a token once revoked (401) and revoking again is harmless', async () => {
    const me = await signInAs(t.app, 'coordinator');
    const created = (await create(me, { name: 'to revoke', scopes: ['network:read'] })).body as { id: string; token: string };
    await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(created.token)).expect(200);
    const revoked = await me.agent.delete(`${API}/auth/tokens/${created.id}`).set('x-csrf-token', me.csrf).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const res = await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(created.token));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH.INVALID_TOKEN');
    const again = await me.agent.delete(`${API}/auth/tokens/${created.id}`).set('x-csrf-token', me.csrf).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect(await AuditModel.countDocuments({ action: 'token.revoke', resourceId: created.id })).toBe(2);
  });

  it('refuses an expired token, and the token of a disabled user', async () => {
    const me = await signInAs(t.app, 'coordinator');
    const created = (await create(me, { name: 'short-lived', scopes: ['network:read'], expiresInDays: 1 })).body as {
      id: string;
      token: string;
    };
    await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(created.token)).expect(200);
    await ApiTokenModel.updateOne({ _id: created.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(created.token));
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('AUTH.INVALID_TOKEN');

    const other = await signInAs(t.app, 'coordinator');
    const token = (await create(other, { name: 'owner disabled', scopes: ['network:read'] })).body.token as string;
    await UserModel.updateOne({ _id: other.user.id }, { $set: { disabled: true } });
    expect((await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(token))).status).toBe(401);
  });

  it.each([['Basic dXNlcjpwYXNzd29yZA=='], ['Bearer'], ['Bearer '], ['Bearer two words'], ['Token ncau_abc']])(
    'answers a malformed Authorization header %j with 401 AUTH.BAD_AUTHORIZATION',
    async (header) => {
      const res = await supertest(t.app).get(`${API}/hospitals`).set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH.BAD_AUTHORIZATION');
    },
  );

  it('answers an unknown token with 401 AUTH.INVALID_TOKEN', async () => {
    for (const token of ['ncau_' + 'A'.repeat(43), 'something-else']) {
      const res = await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(token));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH.INVALID_TOKEN');
    }
  });

  it('lets an admin list every user’s tokens and revoke anyone’s; others may not', async () => {
    const admin = await signInAs(t.app, 'admin');
    const a = await signInAs(t.app, 'coordinator');
    const b = await signInAs(t.app, 'sw_lead');
    const ta = (await create(a, { name: 'a', scopes: ['network:read'] })).body as { id: string; token: string };
    const tb = (await create(b, { name: 'b', scopes: ['admin:read'] })).body as { id: string; token: string };

    const pages = await walkPages(async (cursor) => {
      const res = await admin.agent
        .get(`${API}/admin/tokens`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      return res.body as { data: { id: string }[]; nextCursor: string | null };
    });
    const ids = pages.flat().map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining([ta.id, tb.id]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(await ApiTokenModel.countDocuments({}));
    expect(JSON.stringify(pages)).not.toContain(ta.token);

    const denied = await a.agent.get(`${API}/admin/tokens`);
    expect(denied.status).toBe(403);
    const deniedRevoke = await a.agent.delete(`${API}/admin/tokens/${tb.id}`).set('x-csrf-token', a.csrf);
    expect(deniedRevoke.status).toBe(403);

    const revoked = await admin.agent.delete(`${API}/admin/tokens/${tb.id}`).set('x-csrf-token', admin.csrf).expect(200);
    expect(revoked.body).toMatchObject({ id: tb.id, userId: b.user.id, revokedAt: expect.any(String) });
    expect((await supertest(t.app).get(`${API}/users`).set('Authorization', bearer(tb.token))).status).toBe(401);
    expect(await AuditModel.countDocuments({ action: 'token.revoke', resourceId: tb.id, 'actor.userId': admin.user.id })).toBe(1);
  });

  it('does not let a user revoke another user’s token (404), which keeps working', async () => {
    const owner = await signInAs(t.app, 'coordinator');
    const intruder = await signInAs(t.app, 'coordinator');
    const created = (await create(owner, { name: 'mine', scopes: ['network:read'] })).body as { id: string; token: string };
    const res = await intruder.agent.delete(`${API}/auth/tokens/${created.id}`).set('x-csrf-token', intruder.csrf);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const listed = await intruder.agent.get(`${API}/auth/tokens`).expect(200);
    expect(listed.body.data).toEqual([]);
    await supertest(t.app).get(`${API}/hospitals`).set('Authorization', bearer(created.token)).expect(200);
    expect((await ApiTokenModel.findById(created.id).lean())?.revokedAt).toBeNull();
  });
});

describe('sign-in throttling per IP address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ login: { maxFailures: 100, lockoutMinutes: 15, ratePerMinute: 3 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the 4th attempt in a minute with 429 AUTH.RATE_LIMITED, even with the right password', async () => {
    const user = await makeUser('coordinator');
    const { agent, csrf } = await anonymousSession(t.app);
    const login = (password: string): supertest.Test =>
      agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password });
    for (let i = 1; i <= 3; i++) expect((await login(WRONG_PASSWORD)).status, `attempt ${i}`).toBe(401);

    const fourth = await login(TEST_PASSWORD);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('AUTH.RATE_LIMITED');
    expect(fourth.headers['retry-after']).toBe('60');
    expect((await agent.get(`${API}/auth/session`).expect(200)).body.authenticated).toBe(false);
    // throttled attempts do not reach the account
    expect((await failedLogins(user.username)).failedLogins).toBe(3);
  });

  it('keeps throttling a client that forges X-Forwarded-For (no proxy is trusted)', async () => {
    const user = await makeUser('coordinator');
    const { agent, csrf } = await anonymousSession(t.app);
    const res = await agent
      .post(`${API}/auth/login`)
      .set('x-csrf-token', csrf)
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('AUTH.RATE_LIMITED');
  });
});

describe('behind a TLS-terminating proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: 1 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks the session cookie Secure when the proxy says https, and not on plain http', async () => {
    const user = await makeUser('coordinator');
    const first = await supertest(t.app).get(`${API}/auth/session`).set('X-Forwarded-Proto', 'https').expect(200);
    const anon = sessionSetCookie(first);
    expect(anon).toBeDefined();
    const login = await supertest(t.app)
      .post(`${API}/auth/login`)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookiePair(anon ?? ''))
      .set('x-csrf-token', first.body.csrfToken)
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    for (const line of [anon, sessionSetCookie(login)]) {
      const attrs = cookieAttributes(line ?? '');
      expect(attrs).toHaveProperty('secure');
      expect(attrs).toHaveProperty('httponly');
      expect(attrs.samesite).toBe('Lax');
    }

    const plain = await supertest(t.app).get(`${API}/auth/session`).expect(200);
    const attrs = cookieAttributes(sessionSetCookie(plain) ?? '');
    expect(attrs).toHaveProperty('httponly');
    expect(attrs).not.toHaveProperty('secure');
  });
});
