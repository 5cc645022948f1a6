import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_CODES } from '../../server/errors.js';
import { readScreeningResponse } from '../../server/features/screening/answers.js';
import { makeHospital, signInAs, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { API } from '../setup/http.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * The service's own refusals (beyond zod's) carry a registered detail code and its params, so the
 * client words them in the user's language (decision 0010): users, hospitals, tokens, passwords,
 * free text with control characters, questionnaire answers.
 */
const t = await startTestApp();
let admin: SignedIn;
const rand = (): string => randomBytes(3).toString('hex');
type Detail = { path: string; code?: string; params?: Record<string, unknown> };
const details = (res: supertest.Response): Detail[] => res.body.error.details as Detail[];
const post = (who: SignedIn, path: string, body: object): supertest.Test => who.agent.post(`${API}${path}`).set('x-csrf-token', who.csrf).send(body);

beforeAll(async () => {
  admin = await signInAs(t.app, 'admin');
});
afterAll(async () => {
  await t.close();
});

describe('detail codes of the service’s own checks', () => {
  it('users: a tenant the role needs, one it may not have, an unknown hospital, a password with the username', async () => {
    const user = (over: object): object => ({ username: `nv.${rand()}`, displayName: 'Nguyễn Thị Hoa', role: 'coordinator', password: 'mot-mat-khau-du-dai-2026', ...over });
    const needs = await post(admin, '/users', user({ role: 'social_worker' })).expect(400);
    expect(details(needs)).toEqual([expect.objectContaining({ path: 'body.hospitalId', code: 'required_for_role', params: { role: 'social_worker' } })]);
    const hospital = await makeHospital();
    const extra = await post(admin, '/users', user({ hospitalId: hospital.id })).expect(400);
    expect(details(extra)).toEqual([expect.objectContaining({ path: 'body.hospitalId', code: 'not_allowed_for_role', params: { role: 'coordinator' } })]);
    const unknown = await post(admin, '/users', user({ role: 'social_worker', hospitalId: 'a'.repeat(24) })).expect(400);
    expect(details(unknown)).toEqual([expect.objectContaining({ path: 'body.hospitalId', code: 'no_such_record', params: { resource: 'hospital' } })]);
    const name = `nv.${rand()}`;
    const weak = await post(admin, '/users', user({ username: name, password: `x-${name}-2026-long` })).expect(400);
    expect(details(weak)).toEqual([expect.objectContaining({ path: 'body.password', code: 'contains_username' })]);
  });

  it('hospitals: enabling the FHIR link without an address', async () => {
    const h = await makeHospital();
    const res = await admin.agent.patch(`${API}/hospitals/${h.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { enabled: true, baseUrl: null } });
    expect(res.status).toBe(400);
    expect(details(res)).toEqual([expect.objectContaining({ path: 'body.fhir.baseUrl', code: 'required_to_enable' })]);
  });

  it('free text with a control character: control_characters, not a generic custom detail', async () => {
    const res = await post(admin, '/organisations', { name: `Quỹ\u0007 ${rand()}`, type: 'fund', contact: { name: 'Chị Lan', email: `lan.${rand()}@quy.example.vn`, phone: '024 3823 1234' }, fundingInterests: ['children'] }).expect(400);
    expect(details(res)).toEqual([expect.objectContaining({ path: 'body.name', code: 'control_characters' })]);
  });

  it('a wrong current password has its own code; a new password equal to the current one says so', async () => {
    const me = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
    const wrong = await post(me, '/auth/password', { currentPassword: 'not-the-password-123', newPassword: 'a-new-password-2026' }).expect(401);
    expect(wrong.body.error.code).toBe('AUTH.WRONG_CURRENT_PASSWORD');
    // The session goes on: a wrong current password is not a signed-out session.
    expect((await me.agent.get(`${API}/auth/session`).expect(200)).body.authenticated).toBe(true);
    const same = await post(me, '/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }).expect(400);
    expect(details(same)).toEqual([expect.objectContaining({ path: 'body.newPassword', code: 'same_as_current' })]);
  });

  it('questionnaire answers: each problem names its item with a code and its bounds', () => {
    const response = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://example.org/other',
      item: [
        { linkId: 'household-size', answer: [{ valueInteger: 0 }] },
        { linkId: 'no-such-question', answer: [{ valueBoolean: true }] },
      ],
    };
    let thrown: { details?: Detail[] } | null = null;
    try {
      readScreeningResponse(response);
    } catch (e) {
      thrown = e as { details?: Detail[] };
    }
    const got = thrown?.details ?? [];
    expect(got.length).toBeGreaterThanOrEqual(3);
    for (const d of got) expect(DETAIL_CODES as readonly string[], d.path).toContain(d.code);
    expect(got).toContainEqual(expect.objectContaining({ path: 'body.questionnaireResponse.questionnaire', code: 'wrong_questionnaire' }));
    expect(got).toContainEqual(expect.objectContaining({ path: 'body.questionnaireResponse.item[linkId=household-size]', code: 'too_small', params: { minimum: 1, origin: 'number' } }));
    expect(got).toContainEqual(expect.objectContaining({ path: 'body.questionnaireResponse.item[linkId=no-such-question]', code: 'unknown_question' }));
  });
});
