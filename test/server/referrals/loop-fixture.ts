import { Client } from 'fhir-kit-client';
import type { Logger } from 'pino';
import type { Clock } from '../../../server/clock.js';
import { testConfig, type AppConfig } from '../../../server/config.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import type { JobContext } from '../../../server/jobs/scheduler.js';
import { createLogger } from '../../../server/logger.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import type { TestApp } from '../../setup/test-app.js';

/**
 * What the loop's tests share (thread, escalation, notifications, timeline): a sending hospital
 * with a FHIR server (its cases come from screened patients), a receiving hospital, their staff
 * and network staff, e-mail addresses where mail is asserted, and a job context on a clock.
 */
export const MAIL_CONFIG: Partial<AppConfig> = { mail: { ...testConfig().mail, smtpUrl: null, capture: true, publicUrl: 'https://nhipcau.example.vn' } };

export interface Network {
  demo: RunningDemoHospital;
  fhir: Client;
  home: HospitalView;
  receiving: HospitalView;
  elsewhere: HospitalView;
  sw: SignedIn;
  lead: SignedIn;
  rsw: SignedIn;
  rlead: SignedIn;
  otherLead: SignedIn;
  coordinator: SignedIn;
  admin: SignedIn;
}

export async function network(t: TestApp, now: Date, seed: number): Promise<Network> {
  const demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed, now });
  const home = await makeFhirHospital(demo.baseUrl);
  const receiving = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  const elsewhere = await makeHospital({ name: 'Bệnh viện Đa khoa Sa Pa' });
  return {
    demo,
    fhir: new Client({ baseUrl: demo.baseUrl }),
    home,
    receiving,
    elsewhere,
    sw: await signInAs(t.app, 'social_worker', { hospitalId: home.id }),
    lead: await signInAs(t.app, 'sw_lead', { hospitalId: home.id }),
    rsw: await signInAs(t.app, 'social_worker', { hospitalId: receiving.id }),
    rlead: await signInAs(t.app, 'sw_lead', { hospitalId: receiving.id }),
    otherLead: await signInAs(t.app, 'sw_lead', { hospitalId: elsewhere.id }),
    coordinator: await signInAs(t.app, 'coordinator'),
    admin: await signInAs(t.app, 'admin'),
  };
}

/** Gives the user an e-mail address (through the admin API), so notifications reach them by mail too. */
export async function withEmail(admin: SignedIn, who: SignedIn, email: string): Promise<void> {
  const res = await admin.agent.patch(`/api/v1/users/${who.user.id}`).set('x-csrf-token', admin.csrf).send({ email });
  if (res.status !== 200) throw new Error(`email: ${res.status} ${JSON.stringify(res.body)}`);
}

const silent: Logger = createLogger('silent');

/** A job's context, as a scheduler of this owner would give it. */
export const jobCtx = (clock: Clock, owner: string): JobContext => ({ clock, log: silent, signal: new AbortController().signal, owner });
