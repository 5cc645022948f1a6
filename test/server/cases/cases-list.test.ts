import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { openCase, patch, patientWith, post, put } from './cases-setup.js';

/**
 * "My cases" and the hospital's caseload (issue 10 points 1 and 6): each filter is proven with
 * cases that would be listed without it; age on the Vietnam day of the clock, ward of the stay in
 * progress, overdue goals by the clock's Vietnam day; keyset pages with a total; another
 * hospital's cases never listed.
 */
const clock = settableClock('2026-03-10T03:00:00Z'); // 10:00 in Vietnam, 10 March 2026
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;
let sw2: SignedIn;
let lead: SignedIn;
const ids: Record<string, string> = {};

type Row = {
  id: string;
  patient: { name: string; ageYears: number | null; ward: string | null };
  needs: string[];
  overdueGoals: number;
  nextGoalDue: string | null;
  assignedTo: { id: string };
};
async function list(who: SignedIn, query = ''): Promise<{ data: Row[]; total: number; nextCursor: string | null }> {
  return (await who.agent.get(`/api/v1/cases${query ? `?${query}` : ''}`).expect(200)).body;
}
const listedIds = async (who: SignedIn, query = ''): Promise<string[]> => (await list(who, query)).data.map((r) => r.id).sort();
const sorted = (...names: string[]): string[] => names.map((n) => ids[n] as string).sort();

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 5, seed: 1011, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  sw2 = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: hospital.id });
  // child: 8 on 10/03/2026 (9 from 11/03), in Khoa Nhi; elder: 70, in Khoa Nội tổng hợp; adult: 40, not in hospital.
  ids.child = await openCase(sw, await patientWith(fhir, sw, { name: 'Sùng Thị Dợ', birthDate: '2017-03-11', ward: 'Khoa Nhi' }));
  ids.elder = await openCase(sw, await patientWith(fhir, sw, { name: 'Vàng Văn Chứ', birthDate: '1956-01-20', ward: 'Khoa Nội tổng hợp' }));
  ids.adult = await openCase(sw2, await patientWith(fhir, sw2, { name: 'Hà Thị Lan', birthDate: '1986-02-01' }));
  ids.closed = await openCase(sw, await patientWith(fhir, sw, { name: 'Lý A Sử', birthDate: '1990-01-01' }));
  await post(sw, `/cases/${ids.closed}/closure-request`, { outcome: 'declined', summary: 'Gia đình từ chối' }).expect(200);
  await post(lead, `/cases/${ids.closed}/closure-decision`, { decision: 'approve' }).expect(200);
  // Needs: the child's food need is open; the elder's food need is met (not an open need any more).
  await post(sw, `/cases/${ids.child}/needs`, { domain: 'food', description: 'Thiếu ăn' }).expect(201);
  const elder = await post(sw, `/cases/${ids.elder}/needs`, { domain: 'food', description: 'Thiếu ăn' }).expect(201);
  await post(sw, `/cases/${ids.elder}/needs`, { domain: 'housing', description: 'Nhà dột' }).expect(201);
  await patch(sw, `/cases/${ids.elder}/needs/${elder.body.needs[0].id as string}`, { status: 'met' }).expect(200);
  // Goals: the child's is due 11/03 (overdue from 12/03); the adult's is due 20/03.
  await post(sw, `/cases/${ids.child}/goals`, { description: 'Có suất ăn', targetDate: '2026-03-11' }).expect(201);
  await post(sw2, `/cases/${ids.adult}/goals`, { description: 'Có thẻ BHYT', targetDate: '2026-03-20' }).expect(201);
  // Another hospital's case, never in this hospital's lists.
  const otherHospital = await makeFhirHospital(demo.baseUrl);
  const stranger = await signInAs(t.app, 'social_worker', { hospitalId: otherHospital.id });
  ids.elsewhere = await openCase(stranger, await patientWith(fhir, stranger, { birthDate: '2017-01-01', ward: 'Khoa Nhi' }));
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('scope', () => {
  it('a social worker sees the cases assigned to them by default; the head, the caseload not closed', async () => {
    expect(await listedIds(sw)).toEqual(sorted('child', 'elder'));
    expect(await listedIds(sw2)).toEqual(sorted('adult'));
    expect(await listedIds(sw, 'scope=hospital')).toEqual(sorted('child', 'elder', 'adult'));
    expect(await listedIds(lead)).toEqual(sorted('child', 'elder', 'adult'));
    expect(await listedIds(lead, 'scope=mine')).toEqual([]);
  });

  it('status: the closed ones only when asked; one step at a time', async () => {
    expect(await listedIds(lead, 'status=closed')).toEqual(sorted('closed'));
    await post(sw, `/cases/${ids.elder}/transitions`, { to: 'assessment' }).expect(200);
    expect(await listedIds(lead, 'status=assessment')).toEqual(sorted('elder'));
    expect(await listedIds(lead, 'status=open')).toEqual(sorted('child', 'adult'));
    await post(sw, `/cases/${ids.elder}/transitions`, { to: 'open' }).expect(200);
  });

  it('assignedTo, and a reassignment moves the case between the two social workers’ lists', async () => {
    expect(await listedIds(lead, `assignedTo=${sw2.user.id}`)).toEqual(sorted('adult'));
    await put(lead, `/cases/${ids.adult}/assignee`, { userId: sw.user.id }).expect(200);
    expect(await listedIds(sw)).toEqual(sorted('child', 'elder', 'adult'));
    expect(await listedIds(sw2)).toEqual([]);
    await put(lead, `/cases/${ids.adult}/assignee`, { userId: sw2.user.id }).expect(200);
  });
});

describe('filters on the plan and the patient', () => {
  it('need: only cases with an OPEN need of that domain', async () => {
    expect(await listedIds(lead, 'need=food')).toEqual(sorted('child'));
    expect(await listedIds(lead, 'need=housing')).toEqual(sorted('elder'));
    const rows = (await list(lead)).data;
    expect(rows.find((r) => r.id === ids.elder)?.needs).toEqual(['housing']);
  });

  it('age from the birth date on the Vietnam day of the clock', async () => {
    expect(await listedIds(lead, 'ageMax=15')).toEqual(sorted('child'));
    expect(await listedIds(lead, 'ageMin=60')).toEqual(sorted('elder'));
    expect(await listedIds(lead, 'ageMin=30&ageMax=59')).toEqual(sorted('adult'));
    expect((await list(lead, 'ageMax=15')).data[0]?.patient.ageYears).toBe(8);
    expect(await listedIds(lead, 'ageMin=9&ageMax=15')).toEqual([]);
    clock.set('2026-03-10T17:30:00Z'); // 00:30 on 11 March in Vietnam: the child turns 9
    expect(await listedIds(lead, 'ageMin=9&ageMax=15')).toEqual(sorted('child'));
    clock.set('2026-03-10T03:00:00Z');
  });

  it('ward of the stay in progress, with or without diacritics', async () => {
    expect(await listedIds(lead, 'ward=nhi')).toEqual(sorted('child'));
    expect(await listedIds(lead, `ward=${encodeURIComponent('Nội')}`)).toEqual(sorted('elder'));
    const rows = (await list(lead)).data;
    expect(rows.find((r) => r.id === ids.child)?.patient).toMatchObject({ name: 'Sùng Thị Dợ', ward: 'Khoa Nhi' });
    expect(rows.find((r) => r.id === ids.adult)?.patient.ward).toBeNull();
  });

  it('overdue goals: an open goal whose target day is before Vietnam today', async () => {
    expect(await listedIds(lead, 'overdueGoals=true')).toEqual([]);
    clock.set('2026-03-11T16:59:00Z'); // 23:59 on 11 March: due today is not overdue yet
    expect(await listedIds(lead, 'overdueGoals=true')).toEqual([]);
    clock.set('2026-03-11T17:01:00Z'); // 00:01 on 12 March
    expect(await listedIds(lead, 'overdueGoals=true')).toEqual(sorted('child'));
    const child = (await list(lead, 'overdueGoals=true')).data[0];
    expect(child).toMatchObject({ overdueGoals: 1, nextGoalDue: '2026-03-11' });
    expect(await listedIds(lead, 'overdueGoals=false')).toEqual(sorted('child', 'elder', 'adult'));
    clock.set('2026-03-10T03:00:00Z');
  });

  it('filters combine', async () => {
    expect(await listedIds(lead, 'ward=nhi&need=food&ageMax=10')).toEqual(sorted('child'));
    expect(await listedIds(lead, 'ward=nhi&need=housing')).toEqual([]);
  });
});

describe('pages', () => {
  it('keyset pages newest first with the total, the same rows as one page', async () => {
    const all = await list(lead, 'limit=100');
    expect(all.total).toBe(3);
    const first = await list(lead, 'limit=2');
    expect(first).toMatchObject({ total: 3 });
    expect(first.data).toHaveLength(2);
    const second = await list(lead, `limit=2&cursor=${first.nextCursor as string}`);
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.data, ...second.data].map((r) => r.id)).toEqual(all.data.map((r) => r.id));
    expect(all.data.map((r) => r.id)).toEqual([ids.adult, ids.elder, ids.child]);
  });
});
