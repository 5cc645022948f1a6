import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRelationship } from '../../../server/access/relationships.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { openCase, patientWith, post } from './cases-setup.js';

/**
 * A case per audience (issue 10; DOMAIN.md "Personal data protection"): the own hospital's case
 * page, and the de-identified views a relationship gives another hospital's social worker
 * (receiving hospital) or a charity partner. Every key of each view is walked: a field added to a
 * mapper fails here until it is written down. Relationships are registered by this test (the
 * consent feature's real rules are tested with consents in the authorisation matrix).
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;
let receiver: SignedIn;
let partner: SignedIn;
let caseId: string;
let patientId: string;
const shared = new Set<string>();
const off: (() => void)[] = [];
const NAME = 'Thào Thị Súa';
const NOTE = 'Chồng đi làm xa, con nhỏ 2 tuổi';

/** Every key path of a JSON value (array items as []), sorted: what a view shows. */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return [...new Set(v.flatMap((x) => keyPaths(x, `${prefix}[]`)))].sort();
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v)
    .flatMap(([k, x]) => [`${prefix}${prefix ? '.' : ''}${k}`, ...keyPaths(x, `${prefix}${prefix ? '.' : ''}${k}`)])
    .sort();
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 5, seed: 1012, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  receiver = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
  partner = await signInAs(t.app, 'charity_partner');
  patientId = await patientWith(fhir, sw, { name: NAME, birthDate: '2015-06-01', ward: 'Khoa Nhi' });
  caseId = await openCase(sw, patientId, NOTE);
  const need = await post(sw, `/cases/${caseId}/needs`, { domain: 'financial', description: 'Không đủ tiền viện phí' }).expect(201);
  await post(sw, `/cases/${caseId}/needs`, { domain: 'transport', description: 'Xe về quê' }).expect(201);
  await post(sw, `/cases/${caseId}/goals`, {
    needId: need.body.needs[0].id,
    description: 'Được miễn giảm viện phí',
    targetDate: '2099-01-01',
  }).expect(201);
  await post(sw, `/cases/${caseId}/interventions`, {
    description: 'Gặp mẹ của bé',
    activityGroup: 'assessment-psychosocial',
    performedOn: '2026-01-05',
  }).expect(201);
  const rule = (name: string, role: 'social_worker' | 'charity_partner', audience: 'receiving-hospital' | 'charity-partner') =>
    registerRelationship({
      name,
      actions: ['case.read'],
      roles: [role],
      audience,
      check: async (_p, record) => shared.has(`${name}:${String(record._id)}`),
      filter: async () => ({
        _id: { $in: [...shared].filter((k) => k.startsWith(`${name}:`)).map((k) => new Types.ObjectId(k.split(':')[1])) },
      }),
    });
  off.push(
    rule('test.cases.receiving', 'social_worker', 'receiving-hospital'),
    rule('test.cases.partner', 'charity_partner', 'charity-partner'),
  );
});

afterAll(async () => {
  off.forEach((f) => f());
  await t.close();
  await demo?.stop();
});

describe('the own hospital', () => {
  it('sees the whole case page, every key written down', async () => {
    const body = (await sw.agent.get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(keyPaths(body)).toEqual(
      [
        'assignedTo',
        'assignedTo.id',
        'assignedTo.name',
        'audience',
        'can',
        'closure',
        'closureRequest',
        'closureRequested',
        'flag',
        'goals',
        'goals[].description',
        'goals[].id',
        'goals[].needId',
        'goals[].overdue',
        'goals[].status',
        'goals[].targetDate',
        'hospital',
        'hospital.id',
        'hospital.name',
        'id',
        'interventions',
        'interventions[].activityGroup',
        'interventions[].by',
        'interventions[].by.id',
        'interventions[].by.name',
        'interventions[].description',
        'interventions[].goalId',
        'interventions[].id',
        'interventions[].needId',
        'interventions[].performedOn',
        'lastClosureReturn',
        'needs',
        'needs[].createdAt',
        'needs[].description',
        'needs[].domain',
        'needs[].id',
        'needs[].status',
        'nextGoalDue',
        'note',
        'openedAt',
        'openedBy',
        'openedBy.id',
        'openedBy.name',
        'overdueGoals',
        'patient',
        'patient.ageYears',
        'patient.id',
        'patient.name',
        'patient.ward',
        'status',
      ].sort(),
    );
    expect(body).toMatchObject({ audience: 'own-hospital', note: NOTE, patient: { id: patientId, name: NAME, ward: 'Khoa Nhi' } });
  });
});

describe('a receiving hospital (through a relationship)', () => {
  it('is refused without it (404), and with it sees the plan, never who the patient is', async () => {
    await receiver.agent.get(`/api/v1/cases/${caseId}`).expect(404);
    shared.add(`test.cases.receiving:${caseId}`);
    const body = (await receiver.agent.get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(keyPaths(body)).toEqual(
      [
        'ageBand',
        'audience',
        'goals',
        'goals[].description',
        'goals[].status',
        'goals[].targetDate',
        'hospital',
        'hospital.name',
        'id',
        'interventions',
        'interventions[].activityGroup',
        'interventions[].performedOn',
        'needs',
        'needs[].description',
        'needs[].domain',
        'needs[].status',
        'province',
        'status',
      ].sort(),
    );
    expect(body).toMatchObject({ audience: 'receiving-hospital', status: 'open', ageBand: '6-15', hospital: { name: hospital.name } });
    const text = JSON.stringify(body);
    for (const secret of [NAME, patientId, 'Khoa Nhi', NOTE, 'Gặp mẹ của bé', sw.user.id]) expect(text).not.toContain(secret);
    const audit = await AuditModel.findOne({ 'actor.userId': receiver.user.id, action: 'case.read', outcome: 'success' }).lean();
    expect(audit).toMatchObject({ patientId });
  });

  it('cannot change the case even with it (404 on a write)', async () => {
    shared.add(`test.cases.receiving:${caseId}`);
    await post(receiver, `/cases/${caseId}/needs`, { domain: 'food', description: 'x' }).expect(404);
    await post(receiver, `/cases/${caseId}/transitions`, { to: 'assessment' }).expect(404);
  });
});

describe('a charity partner (through a relationship)', () => {
  it('sees an age band, a province, the open need domains and the status: nothing else', async () => {
    await partner.agent.get(`/api/v1/cases/${caseId}`).expect(404);
    shared.add(`test.cases.partner:${caseId}`);
    const body = (await partner.agent.get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(keyPaths(body)).toEqual(['ageBand', 'audience', 'id', 'needs', 'province', 'status'].sort());
    expect(body).toMatchObject({ audience: 'charity-partner', ageBand: '6-15', needs: ['financial', 'transport'] });
    const text = JSON.stringify(body);
    for (const secret of [NAME, patientId, 'Khoa Nhi', NOTE, 'viện phí', hospital.name]) expect(text).not.toContain(secret);
  });

  it('never lists cases (the list carries the own hospital’s view): 403', async () => {
    await partner.agent.get('/api/v1/cases').expect(403);
    await receiver.agent
      .get('/api/v1/cases?scope=hospital')
      .expect(200)
      .then((r) => expect(r.body.data).toEqual([]));
  });
});
