import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import * as attachments from '../../../server/features/cases/attachments.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, postConsent, shareWith } from './consent-fixture.js';

/**
 * A signed-form consent is proven by the form itself (DOMAIN.md "Consent details"): it must name an
 * attachment of the same case, uploaded as a consent form. The attachments are uploaded through the
 * case's API (another feature's; its service's `findAttachment` is what the consent checks).
 */
const hasFindAttachment = typeof (attachments as Record<string, unknown>).findAttachment === 'function';
const clock = settableClock('2026-12-06T03:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let other: HospitalView;
let sw: SignedIn;

// A minimal PDF: what the upload decides the type by (its content), not its name.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function upload(caseId: string, kind: string): Promise<string> {
  const res = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).field('kind', kind).attach('file', PDF, { filename: 'phieu-dong-y.pdf', contentType: 'application/pdf' });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 23, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  other = await makeHospital();
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe.skipIf(!hasFindAttachment)('signed-form consent (skipped: server/features/cases/attachments.service.ts has no findAttachment yet)', () => {
  it('needs an attachment of this case of kind consent-form: another case’s is no_such_record, a receipt is not_a_consent_form; nothing recorded', async () => {
    const mine = await caseFor(sw, fhir);
    const elsewhere = await caseFor(sw, fhir);
    const form = await upload(mine.caseId, 'consent-form');
    const receipt = await upload(mine.caseId, 'receipt');
    const otherCaseForm = await upload(elsewhere.caseId, 'consent-form');
    const tries: [string, string][] = [
      [otherCaseForm, 'no_such_record'],
      ['c'.repeat(24), 'no_such_record'],
      [receipt, 'not_a_consent_form'],
    ];
    for (const [attachmentId, code] of tries) {
      const res = await postConsent(sw, mine.caseId, shareWith(other.id, '2026-12-06', { method: { kind: 'signed-form', attachmentId } })).expect(400);
      expect((res.body.error.details as { path: string; code: string }[]).map((d) => [d.path, d.code])).toEqual([['body.method.attachmentId', code]]);
    }
    expect((await sw.agent.get(`/api/v1/cases/${mine.caseId}/consents`).expect(200)).body.data).toEqual([]);
    const ok = await postConsent(sw, mine.caseId, shareWith(other.id, '2026-12-06', { method: { kind: 'signed-form', attachmentId: form } })).expect(201);
    expect(ok.body.method).toEqual({ kind: 'signed-form', attachmentId: form });
  });
});
