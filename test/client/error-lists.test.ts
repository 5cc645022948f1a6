import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import i18next, { type TFunction } from 'i18next';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiError } from '../../client/src/api.js';
import { describeError } from '../../client/src/components/error-messages.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';
import { openCaseForFlag } from '../../server/features/cases/cases.service.js';
import { makeHospital, makeUser, TEST_PASSWORD } from '../setup/factories.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';
// The run's database address (vitest's provide/inject) is typed there.
import type {} from '../setup/global-setup.js';

/**
 * A 409 for an illegal move names the moves still open (`params.allowed`, a list): the client keeps
 * the list when it reads the error answer and words each move in the user's language, so the
 * sentence can say where the case or referral may go from here. The case's answer comes from the
 * real server over HTTP, read by the client's own parser.
 */
const ts: Record<'vi' | 'en', TFunction> = {} as Record<'vi' | 'en', TFunction>;
let t: TestApp;
let server: Server;
let baseUrl: string;
/** A social worker signed in over HTTP, as a browser would be: the session cookie and the CSRF token. */
let session: { cookie: string; csrf: string; userId: string; hospitalId: string };

async function signInOverHttp(username: string): Promise<{ cookie: string; csrf: string }> {
  const first = await fetch(`${baseUrl}/api/v1/auth/session`);
  const cookieOf = (r: Response, before = ''): string => r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || before;
  const anonymous = cookieOf(first);
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': ((await first.json()) as { csrfToken: string }).csrfToken, cookie: anonymous },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}`);
  return { cookie: cookieOf(login, anonymous), csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
}

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({ lng, resources: { [lng]: { translation: RESOURCES[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
    ts[lng] = instance.t;
  }
  t = await startTestApp();
  server = createServer(t.app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hospitalId = (await makeHospital()).id;
  const user = await makeUser('social_worker', { hospitalId });
  session = { ...(await signInOverHttp(user.username)), userId: user.id, hospitalId };
});

afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  await t?.close();
});

/** The answer to a move the case cannot make, as the browser's fetch gets it. */
async function illegalCaseMove(): Promise<Response> {
  const hospitalId = new mongoose.Types.ObjectId(session.hospitalId);
  const { ObjectId } = mongoose.Types;
  const opened = await openCaseForFlag({ hospitalId, patientId: new ObjectId(), flagId: new ObjectId(), by: session.userId, note: null, now: new Date() });
  return fetch(`${baseUrl}/api/v1/cases/${opened._id.toHexString()}/transitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf, cookie: session.cookie },
    body: JSON.stringify({ to: 'active-support' }),
  });
}

describe('an illegal move names the moves still open, in words', () => {
  it("keeps the server's list of allowed moves and words each in the user's language (a case, from the real server)", async () => {
    const response = await illegalCaseMove();
    expect(response.status).toBe(409);
    const error = await toApiError(response);
    expect(error.code).toBe('CASE.ILLEGAL_TRANSITION');
    expect(error.lists.allowed).toEqual(['assessment']);
    const vi = describeError(error, ts.vi).title;
    const en = describeError(error, ts.en).title;
    expect(vi).toContain('chỉ có thể chuyển sang: Đánh giá.');
    expect(en).toContain('it can only move to: Assessment.');
    for (const sentence of [vi, en]) expect(sentence).not.toMatch(/assessment|active-support|ILLEGAL/);
  });

  it('words a referral’s allowed moves as a list joined in the language ("A, B hoặc C"), and says when none is left', async () => {
    const answer = (allowed: string[]): Response =>
      new Response(JSON.stringify({ error: { code: 'REFERRAL.ILLEGAL_TRANSITION', message: 'illegal', params: { from: 'received', to: 'completed', allowed }, requestId: 'r1' } }), {
        status: 409,
        headers: { 'content-type': 'application/json' },
      });
    const open = await toApiError(answer(['accepted', 'rejected', 'cancelled']));
    expect(describeError(open, ts.vi).title).toContain('chỉ có thể chuyển sang: Đã chấp nhận, Bị từ chối hoặc Đã huỷ.');
    expect(describeError(open, ts.en).title).toContain('it can only move to: Accepted, Rejected or Cancelled.');
    const ended = await toApiError(answer([]));
    expect(describeError(ended, ts.vi).title).toContain('không còn bước nào');
    expect(describeError(ended, ts.en).title).toContain('no step left');
  });

  it('keeps only lists of strings apart from the sentence params (a number or a string stays a param)', async () => {
    const error = await toApiError(
      new Response(JSON.stringify({ error: { code: 'X.Y', message: 'm', params: { hospital: 'BV', count: 3, allowed: ['a'], mixed: ['a', 1] } } }), { status: 409 }),
    );
    expect(error.params).toEqual({ hospital: 'BV', count: 3 });
    expect(error.lists).toEqual({ allowed: ['a'] });
  });
});
