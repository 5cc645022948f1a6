import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { moved, referableCase, referral, type Recipient } from './core-fixture.js';

/**
 * The boxes (issue 11 point 6, decision 0024): a hospital's outbox (its own referrals, drafts
 * included) and inbox (sent to it: never a draft), a charity partner's inbox (its organisation's),
 * the network's list for coordinators and admins (sent ones); a box that is not the caller's 403;
 * filters by status, state and service; keyset pages on the last change with the total.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let sw: SignedIn;
let rsw: SignedIn;
let partner: SignedIn;
let coordinator: SignedIn;
let admin: SignedIn;
let stranger: SignedIn;
let otherPartner: SignedIn;
let toA: Recipient;
let toOrg: Recipient;
const ids = { sentA: [] as string[], draftA: '', org: '', rejected: '' };

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 1114, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  const home: HospitalView = await makeFhirHospital(demo.baseUrl);
  const a = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  const org = await makeOrganisation({ name: 'Quỹ Bảo trợ trẻ em thử', type: 'fund' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  rsw = await signInAs(t.app, 'sw_lead', { hospitalId: a.id });
  partner = await signInAs(t.app, 'charity_partner', { organisationId: org.id });
  coordinator = await signInAs(t.app, 'coordinator');
  admin = await signInAs(t.app, 'admin');
  stranger = await signInAs(t.app, 'social_worker');
  otherPartner = await signInAs(t.app, 'charity_partner');
  toA = { kind: 'hospital', id: a.id };
  toOrg = { kind: 'organisation', id: org.id };
  const day = '2026-12-07';
  for (let i = 0; i < 5; i += 1) {
    ids.sentA.push(await referral(sw, await referableCase(sw, fhir, toA, day), toA));
    if (i % 2 === 0) clock.advance(1000); // some changes at the same instant: the keyset breaks ties on _id
  }
  ids.draftA = await referral(sw, await referableCase(sw, fhir, toA, day), toA, { send: false });
  ids.org = await referral(sw, await referableCase(sw, fhir, toOrg, day), toOrg, { service: 'funding' });
  ids.rejected = await referral(sw, await referableCase(sw, fhir, toA, day), toA);
  clock.advance(1000);
  await moved(rsw, ids.rejected, { to: 'rejected', reason: 'Không đúng chuyên môn' });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

type Page = { data: { id: string; viewer: string; patient: unknown; status: string; updatedAt: string }[]; nextCursor: string | null; total: number };
const list = async (who: SignedIn, query = ''): Promise<Page> => (await who.agent.get(`/api/v1/referrals${query}`).expect(200)).body as Page;
const idsOf = (p: Page): string[] => p.data.map((r) => r.id).sort();
const sorted = (xs: string[]): string[] => [...xs].sort();

describe('each role’s box', () => {
  it('the sender’s outbox (its default): every referral of its hospital, drafts included, with the patient', async () => {
    const page = await list(sw);
    expect(idsOf(page)).toEqual(sorted([...ids.sentA, ids.draftA, ids.org, ids.rejected]));
    expect(page.total).toBe(8);
    expect(page.data.every((r) => r.viewer === 'sender' && r.patient !== null)).toBe(true);
  });

  it('the receiving hospital’s inbox: what was sent to it, never a draft, without the patient; its outbox is empty', async () => {
    const page = await list(rsw, '?box=inbox');
    expect(idsOf(page)).toEqual(sorted([...ids.sentA, ids.rejected]));
    expect(page.data.every((r) => r.viewer === 'receiver' && r.patient === null)).toBe(true);
    expect((await list(rsw)).total).toBe(0);
  });

  it('a charity partner’s inbox (its default) holds its organisation’s referrals only; another partner’s is empty', async () => {
    const page = await list(partner);
    expect(idsOf(page)).toEqual([ids.org]);
    expect(page.data[0]).toMatchObject({ viewer: 'receiver', patient: null });
    expect((await list(otherPartner)).total).toBe(0);
    expect((await list(stranger, '?box=inbox')).total).toBe(0);
    expect((await list(stranger)).total).toBe(0);
  });

  it('coordinators and admins (default all): every sent referral of the network, no drafts, no patient', async () => {
    for (const who of [coordinator, admin]) {
      const page = await list(who);
      expect(idsOf(page)).toEqual(sorted([...ids.sentA, ids.org, ids.rejected]));
      expect(page.data.every((r) => r.viewer === 'network' && r.patient === null)).toBe(true);
    }
  });

  it('a box that is not the caller’s: 403 REFERRAL.BOX_NOT_ALLOWED', async () => {
    for (const [who, box] of [[sw, 'all'], [partner, 'outbox'], [partner, 'all'], [coordinator, 'inbox'], [admin, 'outbox']] as const) {
      const res = await who.agent.get(`/api/v1/referrals?box=${box}`).expect(403);
      expect(res.body.error).toMatchObject({ code: 'REFERRAL.BOX_NOT_ALLOWED', params: { box } });
    }
  });
});

describe('filters', () => {
  it('status, state (live / ended) and service, each with its total', async () => {
    expect(idsOf(await list(sw, '?status=draft'))).toEqual([ids.draftA]);
    expect(idsOf(await list(sw, '?status=rejected'))).toEqual([ids.rejected]);
    expect(idsOf(await list(sw, '?state=ended'))).toEqual([ids.rejected]);
    const live = await list(sw, '?state=live');
    expect(idsOf(live)).toEqual(sorted([...ids.sentA, ids.org]));
    expect(live.total).toBe(6);
    expect(idsOf(await list(sw, '?service=funding'))).toEqual([ids.org]);
    expect(idsOf(await list(rsw, '?box=inbox&state=live&service=continuing-support'))).toEqual(sorted(ids.sentA));
    expect((await list(sw, '?overdue=true')).total).toBe(0);
    expect((await list(sw, '?overdue=false')).total).toBe(8);
  });
});

describe('pages', () => {
  it('keyset pages on the last change (newest first, ties by id): every row once, the total on each page, a move brings a referral to the top', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    const times: string[] = [];
    while (cursor !== null) {
      const page = await list(rsw, `?box=inbox&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(6);
      seen.push(...page.data.map((r) => r.id));
      times.push(...page.data.map((r) => r.updatedAt));
      cursor = page.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(sorted(seen)).toEqual(sorted([...ids.sentA, ids.rejected]));
    expect(times).toEqual([...times].sort().reverse());
    expect(seen[0]).toBe(ids.rejected);
    clock.advance(1000);
    await moved(rsw, ids.sentA[0] as string, { to: 'received' });
    expect((await list(rsw, '?box=inbox&limit=1')).data[0]?.id).toBe(ids.sentA[0]);
    await rsw.agent.get('/api/v1/referrals?box=inbox&cursor=not-a-cursor').expect(400);
  });
});

describe('the case page', () => {
  it('lists the case’s referrals for its own hospital only (404 elsewhere, 403 for a charity partner)', async () => {
    const got = await sw.agent.get(`/api/v1/referrals/${ids.org}`).expect(200);
    const caseId = got.body.caseId as string;
    const res = await sw.agent.get(`/api/v1/cases/${caseId}/referrals`).expect(200);
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([ids.org]);
    await rsw.agent.get(`/api/v1/cases/${caseId}/referrals`).expect(404);
    await partner.agent.get(`/api/v1/cases/${caseId}/referrals`).expect(403);
  });
});

describe('the audit log', () => {
  it('every read is audited as a referral: with the patient for the sender’s hospital, with ids only for the receiver', async () => {
    const got = await sw.agent.get(`/api/v1/referrals/${ids.org}`).expect(200);
    const patientId = (got.body.patient as { id: string }).id;
    await partner.agent.get(`/api/v1/referrals/${ids.org}`).expect(200);
    await list(sw, '?service=funding');
    type Entry = { actor: { userId: string }; action: string; resourceType: string; patientId: string | null; patientIds: string[] };
    const entries = async (q: string): Promise<Entry[]> => (await admin.agent.get(`/api/v1/audit-events?${q}&limit=100`).expect(200)).body.data as Entry[];
    const reads = await entries(`action=referral.read&resourceId=${ids.org}`);
    expect(reads.find((e) => e.actor.userId === sw.user.id)).toMatchObject({ resourceType: 'referral', patientId });
    expect(reads.find((e) => e.actor.userId === partner.user.id)).toMatchObject({ resourceType: 'referral', patientId: null });
    const lists = await entries(`action=referral.list&actorId=${sw.user.id}`);
    expect(lists.some((e) => e.patientIds.includes(patientId))).toBe(true);
  });
});
