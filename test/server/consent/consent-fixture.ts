import type { Patient } from '@medplum/fhirtypes';
import type { Client } from 'fhir-kit-client';
import type { Test } from 'supertest';
import type { SignedIn } from '../../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';

/**
 * Cases for the consent tests, made through the API as a social worker would: a Patient of the
 * chosen birth date on the hospital's FHIR server, linked, screened (a poverty certificate flags
 * them) and the flag confirmed, which opens the case.
 */
export async function caseFor(sw: SignedIn, fhir: Client, birthDate = '1980-05-01'): Promise<{ caseId: string; patientId: string }> {
  const body: Patient = { resourceType: 'Patient', name: [{ family: 'Lò', given: ['Thị', 'Mai'], text: 'Lò Thị Mai' }], gender: 'female', birthDate };
  const created = (await fhir.create({ resourceType: 'Patient', body: body as unknown as { resourceType: 'Patient' } })) as unknown as Patient;
  if (!created.id) throw new Error('the FHIR server gave no id');
  const patientId = await linkViaApi(sw, created.id);
  const screened = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' }));
  if (screened.status !== 201) throw new Error(`screening: ${screened.status} ${JSON.stringify(screened.body)}`);
  const flagId = screened.body.flag.id as string;
  const confirmed = await sw.agent.post(`/api/v1/flags/${flagId}/review`).set('x-csrf-token', sw.csrf).send({ decision: 'confirm', reason: 'Cần hỗ trợ' });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { caseId: confirmed.body.review.caseId as string, patientId };
}

export const VERBAL = { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' } as const;
export const GUARDIAN = { kind: 'guardian', name: 'Lò Văn Sáng', relationship: 'bố' } as const;

export function postConsent(who: SignedIn, caseId: string, body: object): Test {
  return who.agent.post(`/api/v1/cases/${caseId}/consents`).set('x-csrf-token', who.csrf).send(body);
}

export function withdraw(who: SignedIn, caseId: string, consentId: string, body: object = {}): Test {
  return who.agent.post(`/api/v1/cases/${caseId}/consents/${consentId}/withdrawal`).set('x-csrf-token', who.csrf).send(body);
}

/** A consent to share the case with a named hospital, given verbally by the adult patient. */
export function shareWith(hospitalId: string, givenOn: string, over: object = {}): object {
  return { purpose: 'share-hospital', recipient: { kind: 'hospital', id: hospitalId }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn, ...over };
}
