import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import supertest from 'supertest';
import { createHospital } from '../../server/features/admin/hospitals.service.js';
import type { HospitalView } from '../../server/features/admin/hospitals.schemas.js';
import { createOrganisation } from '../../server/features/admin/organisations.service.js';
import type { OrganisationView } from '../../server/features/admin/organisations.schemas.js';
import { createUser } from '../../server/features/admin/users.service.js';
import type { UserView } from '../../server/features/admin/users.schemas.js';
import type { Role } from '../../server/http/policy.js';

/** Factories with random identifiers: every test makes the records it needs. */
export const TEST_PASSWORD = 'correct-horse-battery-staple';

const rand = (n = 4): string => randomBytes(n).toString('hex');

export function makeHospital(over: Partial<Parameters<typeof createHospital>[0]> = {}): Promise<HospitalView> {
  return createHospital({
    code: `H${rand(3).toUpperCase()}`,
    name: `Bệnh viện thử ${rand(2)}`,
    province: { current: 'Lào Cai', old: 'Yên Bái' },
    level: 'provincial',
    socialWorkUnit: 'phong',
    ...over,
  });
}

/** A hospital whose FHIR link points at `baseUrl` (a demo hospital or a test server), enabled, no auth unless given. */
export function makeFhirHospital(
  baseUrl: string,
  fhir: NonNullable<Parameters<typeof createHospital>[0]['fhir']> = {},
  over: Partial<Parameters<typeof createHospital>[0]> = {},
): Promise<HospitalView> {
  return makeHospital({ fhir: { baseUrl, enabled: true, authType: 'none', timeoutMs: 10_000, ...fhir }, ...over });
}

export function makeOrganisation(over: Partial<Parameters<typeof createOrganisation>[0]> = {}): Promise<OrganisationView> {
  return createOrganisation({
    name: `Quỹ thử ${rand(3)}`,
    type: 'fund',
    contact: { name: 'Người liên hệ', email: `lienhe-${rand()}@example.vn`, phone: '0912 345 678' },
    fundingInterests: ['children'],
    ...over,
  });
}

export interface Tenancy {
  hospitalId?: string;
  organisationId?: string;
}

/** A user of the role, bound to the tenant the role needs (made on the fly when not given). */
export async function makeUser(role: Role, tenancy: Tenancy = {}): Promise<UserView> {
  let { hospitalId, organisationId } = tenancy;
  if ((role === 'social_worker' || role === 'sw_lead') && !hospitalId) hospitalId = (await makeHospital()).id;
  if (role === 'charity_partner' && !organisationId) organisationId = (await makeOrganisation()).id;
  return createUser({
    username: `${role.replace('_', '')}.${rand()}`,
    displayName: `Người dùng ${role}`,
    role,
    hospitalId: hospitalId ?? null,
    organisationId: organisationId ?? null,
    locale: 'vi',
    password: TEST_PASSWORD,
  }, new Date());
}

export interface SignedIn {
  agent: ReturnType<typeof supertest.agent>;
  csrf: string;
  user: UserView;
}

/** Signs in through the real API; the agent keeps the session cookie, `csrf` goes in x-csrf-token. */
export async function signIn(app: Express, user: { username: string }, password = TEST_PASSWORD): Promise<SignedIn> {
  const agent = supertest.agent(app);
  const session = await agent.get('/api/v1/auth/session').expect(200);
  const res = await agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', session.body.csrfToken as string)
    .send({ username: user.username, password })
    .expect(200);
  return { agent, csrf: res.body.csrfToken as string, user: res.body.user as UserView };
}

export async function signInAs(app: Express, role: Role, tenancy: Tenancy = {}): Promise<SignedIn> {
  return signIn(app, await makeUser(role, tenancy));
}
