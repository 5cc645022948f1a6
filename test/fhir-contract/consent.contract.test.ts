import type { Consent, RelatedPerson } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { systemClock, vietnamToday } from '../../server/clock.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { until } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';
import { heard } from '../setup/wait.js';
import { caseFor, GUARDIAN, postConsent, shareWith, withdraw } from '../server/consent/consent-fixture.js';

/**
 * A consent written back to HAPI FHIR (issue 10, point 4): recorded, it is an active Consent on
 * HAPI; withdrawn, the same Consent (same id, a new version) is inactive with its provision period
 * ended. A child's consent given by a parent with the signed form carries the contained
 * RelatedPerson performer and the logical DocumentReference, which HAPI must accept as sent. The
 * write-back follows from the consent's events: the worker's dispatcher and outbox sweep run here.
 */
const t = await startTestApp({}, { worker: { only: ['events.dispatch', 'fhir-outbox.sweep'] } });
const hapiBase = inject('hapiBaseUrl');
const hapi = new Client({ baseUrl: hapiBase });
const today = vietnamToday(systemClock);
let admin: SignedIn;
let sw: SignedIn;

// A minimal PDF: the upload decides the type by its content.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function onHapi(consentId: string): Promise<Consent | null> {
  try {
    return (await hapi.read({ resourceType: 'Consent', id: `nc-consent-${consentId}` })) as unknown as Consent;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  admin = await signInAs(t.app, 'admin');
  const h = await makeFhirHospital(hapiBase, { timeoutMs: 30_000 });
  await admin.agent.patch(`/api/v1/hospitals/${h.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack: true } }).expect(200);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
});

afterAll(async () => {
  await t.close();
});

describe('Consent on HAPI FHIR', () => {
  it('a consent recorded then withdrawn appears on HAPI as active, then as the same Consent inactive', async () => {
    const { caseId } = await caseFor(sw, hapi);
    const bachMai = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
    const consentId = (await postConsent(sw, caseId, shareWith(bachMai.id, today)).expect(201)).body.id as string;

    const active = await until(() => onHapi(consentId), (c) => c?.status === 'active', heard.outbox(consentId), 60_000);
    expect(active).toMatchObject({
      scope: { coding: [{ code: 'patient-privacy' }] },
      provision: { period: { start: today }, purpose: [{ system: SYSTEMS.nhipcau.consentPurpose, code: 'share-hospital' }] },
    });

    await withdraw(sw, caseId, consentId).expect(200);
    const inactive = await until(() => onHapi(consentId), (c) => c?.status === 'inactive', heard.outbox(consentId), 60_000);
    expect(inactive?.provision?.period).toEqual({ start: today, end: today });
    expect(Number(inactive?.meta?.versionId)).toBeGreaterThan(Number(active?.meta?.versionId));
  });

  it('a child’s consent given by the father with the signed form: contained RelatedPerson performer and the form’s reference kept by HAPI', async () => {
    const { caseId } = await caseFor(sw, hapi, '2016-02-03');
    const upload = await sw.agent
      .post(`/api/v1/cases/${caseId}/attachments`)
      .set('x-csrf-token', sw.csrf)
      .field('kind', 'consent-form')
      .attach('file', PDF, { filename: 'phieu-dong-y.pdf', contentType: 'application/pdf' })
      .expect(201);
    const method = { kind: 'signed-form', attachmentId: upload.body.id as string };
    const body = shareWith((await makeHospital()).id, today, { givenBy: GUARDIAN, childAgreed: true, method });
    const consentId = (await postConsent(sw, caseId, body).expect(201)).body.id as string;

    const c = await until(() => onHapi(consentId), (x) => x?.status === 'active', heard.outbox(consentId), 60_000);
    const giver = c?.contained?.[0] as RelatedPerson | undefined;
    expect(giver).toMatchObject({ resourceType: 'RelatedPerson', name: [{ text: GUARDIAN.name }] });
    expect(giver?.relationship?.flatMap((r) => r.coding ?? []).map((x) => x.code)).toEqual(['guardian', 'FTH']);
    expect(c?.performer?.[0]?.reference).toBe(`#${giver?.id ?? ''}`);
    expect(c?.sourceReference).toMatchObject({ identifier: { system: SYSTEMS.nhipcau.attachmentId, value: upload.body.id as string } });
  });
});
