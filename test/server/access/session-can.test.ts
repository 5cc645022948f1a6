import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { registerRelationship } from '../../../server/access/relationships.js';
import { makeHospital, signInAs } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';

/** The session's `can` (issue 9, point 1): the actions the policy lets this principal take, token scopes honoured. */
const t = await startTestApp();
afterAll(() => t.close());

const canOf = async (req: supertest.Test): Promise<string[]> => (await req.expect(200)).body.can as string[];

describe('GET /auth/session: can', () => {
  it('anonymous: nothing', async () => {
    expect(await canOf(supertest(t.app).get('/api/v1/auth/session'))).toEqual([]);
  });

  it('by role: a social worker works patients but manages no users; an admin the reverse', async () => {
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
    const swCan = await canOf(sw.agent.get('/api/v1/auth/session'));
    expect(swCan).toEqual(expect.arrayContaining(['patient.list', 'patient.read', 'worklist.read', 'flag.review', 'sync.start']));
    expect(swCan).not.toEqual(expect.arrayContaining(['user.create']));
    const admin = await signInAs(t.app, 'admin');
    const adminCan = await canOf(admin.agent.get('/api/v1/auth/session'));
    expect(adminCan).toEqual(expect.arrayContaining(['user.create', 'hospital.update', 'audit.read']));
    expect(adminCan).not.toContain('patient.read');
  });

  it('a bearer token: only what its scopes allow, and nothing that needs a session', async () => {
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
    const minted = await sw.agent.post('/api/v1/auth/tokens').set('x-csrf-token', sw.csrf).send({ name: 'đọc', scopes: ['patients:read'] }).expect(201);
    const can = await canOf(supertest(t.app).get('/api/v1/auth/session').set('Authorization', `Bearer ${minted.body.token as string}`));
    expect(can).toEqual(expect.arrayContaining(['patient.read', 'patient.list', 'worklist.read']));
    for (const refused of ['patient.link', 'flag.review', 'hospital.list', 'auth.tokens.manage']) expect(can).not.toContain(refused);
  });

  it('a relationship rule registered for a role adds its actions to that role’s can', async () => {
    const partner = await signInAs(t.app, 'charity_partner');
    expect(await canOf(partner.agent.get('/api/v1/auth/session'))).not.toContain('patient.read');
    const off = registerRelationship({ name: 'test.story', actions: ['patient.read'], roles: ['charity_partner'], audience: 'charity-partner', check: async () => false, filter: async () => null });
    try {
      expect(await canOf(partner.agent.get('/api/v1/auth/session'))).toContain('patient.read');
    } finally {
      off();
    }
  });
});
