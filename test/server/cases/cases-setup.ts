import type { Client } from 'fhir-kit-client';
import type { Test } from 'supertest';
import type { SignedIn } from '../../setup/factories.js';
import { linkViaApi } from '../../setup/screening.js';

/**
 * Helpers of the cases tests (test/server/cases/cases*.test.ts): a patient of a chosen birth date
 * and ward on the hospital's FHIR server, linked through the API; a case opened by hand; the
 * case API's writes with the session's CSRF token.
 */
export async function patientWith(
  fhir: Client,
  who: SignedIn,
  opts: { birthDate?: string; ward?: string; name?: string } = {},
): Promise<string> {
  const name = opts.name ?? 'Lò Thị Mai';
  const body = {
    resourceType: 'Patient',
    name: [{ text: name, family: name.split(' ')[0], given: name.split(' ').slice(1) }],
    gender: 'female',
    birthDate: opts.birthDate ?? '1980-05-01',
  };
  const created = (await fhir.create({ resourceType: 'Patient', body: body as never })) as unknown as { id: string };
  if (opts.ward) {
    await fhir.create({
      resourceType: 'Encounter',
      body: {
        resourceType: 'Encounter',
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
        subject: { reference: `Patient/${created.id}` },
        period: { start: '2026-01-02T08:00:00+07:00' },
        location: [{ location: { display: opts.ward }, status: 'active' }],
      } as never,
    });
  }
  return linkViaApi(who, created.id);
}

export function post(who: SignedIn, path: string, body: object): Test {
  return who.agent.post(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

export function put(who: SignedIn, path: string, body: object): Test {
  return who.agent.put(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

export function patch(who: SignedIn, path: string, body: object): Test {
  return who.agent.patch(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

/** Opens a case by hand for the patient; the case's id. */
export async function openCase(who: SignedIn, patientId: string, note = 'Gia đình khó khăn, cần hỗ trợ'): Promise<string> {
  const res = await post(who, '/cases', { patientId, note });
  if (res.status !== 201) throw new Error(`open case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Moves a case along the legal steps to `to` (open → assessment → plan → active-support). */
export async function moveTo(who: SignedIn, caseId: string, to: 'assessment' | 'plan' | 'active-support'): Promise<void> {
  const steps = ['assessment', 'plan', 'active-support'];
  for (const step of steps.slice(0, steps.indexOf(to) + 1)) {
    const res = await post(who, `/cases/${caseId}/transitions`, { to: step });
    if (res.status !== 200) throw new Error(`move to ${step}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
