import type { Bundle, ServiceRequest, Task } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { systemClock, vietnamToday } from '../../server/clock.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { until } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';
import { heard } from '../setup/wait.js';
import { consentTo, moved, referableCase, referral, type Recipient } from '../server/referrals/core-fixture.js';

/**
 * A referral written back to HAPI FHIR (issue 11, point 5): sent from a hospital whose FHIR server
 * is HAPI, accepted and completed by the receiving hospital; on HAPI the ServiceRequest (active,
 * then completed) and ONE Task whose versions are the referral's states in order, with the
 * capacity answer and the outcome. HAPI checks references on write: the Patient is on it (the
 * sender's census), the receiver and the consent are logical references it must accept as sent.
 * The worker's dispatcher and outbox sweep run here.
 */
const t = await startTestApp({}, { worker: { only: ['events.dispatch', 'fhir-outbox.sweep'] } });
const hapiBase = inject('hapiBaseUrl');
const hapi = new Client({ baseUrl: hapiBase });
const today = vietnamToday(systemClock);
let sender: SignedIn;
let receiver: SignedIn;
let to: Recipient;

async function onHapi<T>(resourceType: string, id: string): Promise<T | null> {
  try {
    return (await hapi.read({ resourceType, id })) as unknown as T;
  } catch {
    return null;
  }
}

const taskIs = (id: string, status: Task['status']): Promise<Task | null> =>
  until(() => onHapi<Task>('Task', `nc-referral-task-${id}`), (x) => x?.status === status, heard.outbox(id), 60_000);

beforeAll(async () => {
  const admin = await signInAs(t.app, 'admin');
  const h = await makeFhirHospital(hapiBase, { timeoutMs: 30_000 });
  await admin.agent.patch(`/api/v1/hospitals/${h.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack: true } }).expect(200);
  sender = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
  const bachMai = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  receiver = await signInAs(t.app, 'social_worker', { hospitalId: bachMai.id });
  to = { kind: 'hospital', id: bachMai.id };
});

afterAll(async () => {
  await t.close();
});

describe('Referral on HAPI FHIR', () => {
  it('sent, accepted, completed: the ServiceRequest active then completed, one Task whose versions follow the states', async () => {
    const caseId = await referableCase(sender, hapi, to, today, false);
    const consentId = await consentTo(sender, caseId, to, today);
    const id = await referral(sender, caseId, to, { needs: ['financial', 'transport'] });

    const requested = await taskIs(id, 'requested');
    expect(requested).toMatchObject({
      intent: 'order',
      focus: { reference: `ServiceRequest/nc-referral-${id}` },
      owner: { identifier: { system: SYSTEMS.nhipcau.hospitalId, value: to.id }, display: 'Bệnh viện Bạch Mai' },
    });
    const sr = await onHapi<ServiceRequest>('ServiceRequest', `nc-referral-${id}`);
    expect(sr).toMatchObject({
      status: 'active',
      subject: { reference: requested?.for?.reference },
      supportingInfo: [{ type: 'Consent', identifier: { value: consentId } }],
    });
    expect(sr?.category?.map((c) => c.coding?.[0]?.code)).toEqual(['financial-insecurity', 'transportation-insecurity']);

    await moved(receiver, id, { to: 'accepted', capacity: 'capacity' });
    const accepted = await taskIs(id, 'accepted');
    expect(accepted?.businessStatus?.coding?.[0]?.code).toBe('capacity');
    await moved(receiver, id, { to: 'in-progress' });
    await taskIs(id, 'in-progress');
    await moved(receiver, id, { to: 'completed', outcome: 'Đã tiếp nhận và hỗ trợ tiếp' });
    const completed = await taskIs(id, 'completed');
    expect(completed?.output?.[0]?.valueString).toBe('Đã tiếp nhận và hỗ trợ tiếp');
    const done = await until(() => onHapi<ServiceRequest>('ServiceRequest', `nc-referral-${id}`), (x) => x?.status === 'completed', heard.outbox(id), 60_000);
    expect(Number(done?.meta?.versionId)).toBeGreaterThan(Number(sr?.meta?.versionId));

    const history = (await hapi.history({ resourceType: 'Task', id: `nc-referral-task-${id}` })) as unknown as Bundle;
    const versions = (history.entry ?? []).map((e) => e.resource as Task).sort((a, b) => Number(a.meta?.versionId) - Number(b.meta?.versionId));
    expect(versions.map((v) => v.status)).toEqual(['requested', 'accepted', 'in-progress', 'completed']);
    // One Task for the referral: found by its business identifier, once.
    const byIdentifier = (await hapi.search({ resourceType: 'Task', searchParams: { identifier: `${SYSTEMS.nhipcau.sid('referral-task')}|${id}` } })) as unknown as Bundle;
    expect(byIdentifier.entry?.map((e) => e.resource?.id)).toEqual([`nc-referral-task-${id}`]);
  });
});
