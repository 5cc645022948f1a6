import type { Patient } from '@medplum/fhirtypes';
import type { Client } from 'fhir-kit-client';
import type { Test } from 'supertest';
import type { SignedIn } from '../../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';

/**
 * Helpers of the funding request tests: a case whose patient carries the chosen BHYT card (a
 * Coverage on the hospital's FHIR server), made through the API as a social worker would (link,
 * screen as poor, confirm the flag: the case opens), and requests made and moved through the API.
 */
export const PATIENT_NAME = 'Lò Thị Mai';

export interface Card {
  /** As printed: 15 characters (group, benefit digit, province, 10 digits), or a 12-digit CCCD. */
  number: string;
  start?: string;
  end?: string;
  status?: 'active' | 'cancelled';
}

async function patientWith(fhir: Client, card: Card | null): Promise<string> {
  const body: Patient = { resourceType: 'Patient', name: [{ family: 'Lò', given: ['Thị', 'Mai'], text: PATIENT_NAME }], gender: 'female', birthDate: '1980-05-01' };
  const created = (await fhir.create({ resourceType: 'Patient', body: body as unknown as { resourceType: 'Patient' } })) as unknown as Patient;
  if (!created.id) throw new Error('the FHIR server gave no id');
  if (card) {
    await fhir.create({
      resourceType: 'Coverage',
      body: {
        resourceType: 'Coverage',
        status: card.status ?? 'active',
        subscriberId: card.number,
        beneficiary: { reference: `Patient/${created.id}` },
        payor: [{ display: 'Bảo hiểm xã hội Việt Nam' }],
        period: { start: card.start ?? '2026-01-01', end: card.end ?? '2026-12-31' },
      },
    });
  }
  return created.id;
}

/** A case at the social worker's hospital whose patient holds `card` (none: uninsured). */
export async function caseWithCard(sw: SignedIn, fhir: Client, card: Card | null): Promise<{ caseId: string; patientId: string }> {
  const patientId = await linkViaApi(sw, await patientWith(fhir, card));
  const screened = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' }));
  if (screened.status !== 201) throw new Error(`screening: ${screened.status} ${JSON.stringify(screened.body)}`);
  const confirmed = await sw.agent.post(`/api/v1/flags/${screened.body.flag.id as string}/review`).set('x-csrf-token', sw.csrf).send({ decision: 'confirm', reason: 'Cần hỗ trợ' });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { caseId: confirmed.body.review.caseId as string, patientId };
}

export function post(who: SignedIn, path: string, body: object): Test {
  return who.agent.post(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

export function patch(who: SignedIn, path: string, body: object): Test {
  return who.agent.patch(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

export function get(who: SignedIn, path: string): Test {
  return who.agent.get(`/api/v1${path}`);
}

/** A request body: hospital fees of 10.000.000 ₫ and travel home of 500.000 ₫ unless `over` says otherwise. */
export function requestBody(over: object = {}): Record<string, unknown> {
  return {
    lines: [
      { kind: 'hospital-fees', description: 'Viện phí đợt điều trị', totalVnd: 10_000_000 },
      { kind: 'travel-home', description: 'Xe về quê', totalVnd: 500_000 },
    ],
    urgency: 'urgent',
    neededBy: '2026-12-31',
    justification: 'Gia đình hộ nghèo, không đủ khả năng chi trả phần cùng chi trả',
    ...over,
  };
}

/** Creates a draft request on the case; its detail. */
export async function draft(sw: SignedIn, caseId: string, over: object = {}): Promise<Record<string, unknown> & { id: string }> {
  const res = await post(sw, `/cases/${caseId}/funding-requests`, requestBody(over));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown> & { id: string };
}

export function move(who: SignedIn, id: string, body: object): Test {
  return post(who, `/funding-requests/${id}/moves`, body);
}

/** A move that must succeed; the detail after it. */
export async function moved(who: SignedIn, id: string, body: object): Promise<Record<string, unknown>> {
  const res = await move(who, id, body);
  if (res.status !== 200) throw new Error(`move ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}
