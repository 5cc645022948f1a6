import type { Bundle, Coverage, Patient } from '@medplum/fhirtypes';
import type { Client } from 'fhir-kit-client';
import { DEPRIVATION_INDICATORS, SCREENING_QUESTIONNAIRE_URL, SCREENING_QUESTIONNAIRE_VERSION } from '../../server/features/screening/questionnaire.js';
import type { SignedIn } from './factories.js';
import { untilSignalled, type SignalFilter } from './wait.js';

/** QuestionnaireResponses to the screening questionnaire, and the patients the screening tests need. */
export interface Answers {
  residence?: 'rural' | 'urban' | string;
  householdSize?: unknown;
  income?: unknown;
  certificate?: 'none' | 'poor' | 'near-poor' | string;
  /** Deprivation indicators answered yes (all 12 are answered). */
  deprivations?: string[];
  needs?: string[];
}

/** The questionnaire's own deprivation items: a response built here always matches it. */
const DEPRIVATION_IDS: string[] = DEPRIVATION_INDICATORS.map((d) => d.id);

type Item = { linkId: string; answer?: Record<string, unknown>[]; item?: Item[] };

const coding = (system: string, code: string): Record<string, unknown> => ({ valueCoding: { system, code } });

/** Household group items; a key set to undefined in `a` leaves that question out. */
function householdItems(a: Answers): Item[] {
  const items: Item[] = [];
  const has = (k: keyof Answers): boolean => !(k in a) || a[k] !== undefined;
  if (has('residence')) items.push({ linkId: 'residence', answer: [coding('https://nhipcau.vn/fhir/CodeSystem/residence', a.residence ?? 'rural')] });
  if (has('householdSize')) items.push({ linkId: 'household-size', answer: [{ valueInteger: a.householdSize ?? 4 }] });
  if (has('income')) items.push({ linkId: 'household-income', answer: [{ valueInteger: a.income ?? 2_000_000 }] });
  if (has('certificate')) items.push({ linkId: 'certificate', answer: [coding('https://nhipcau.vn/fhir/CodeSystem/poverty-certificate', a.certificate ?? 'none')] });
  return items;
}

/** A complete response; by default a rural household of 4 on 2 000 000 VND a month with 4 deprivations (self-reported poor). */
export function questionnaireResponse(a: Answers = {}): Record<string, unknown> & { item: Item[] } {
  const deprived = new Set(a.deprivations ?? DEPRIVATION_IDS.slice(0, 4));
  const needs = new Set(a.needs ?? []);
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${SCREENING_QUESTIONNAIRE_URL}|${SCREENING_QUESTIONNAIRE_VERSION}`,
    status: 'completed',
    item: [
      { linkId: 'household', item: householdItems(a) },
      { linkId: 'deprivations', item: DEPRIVATION_IDS.map((id) => ({ linkId: id, answer: [{ valueBoolean: deprived.has(id) }] })) },
      { linkId: 'needs', item: ['need-food', 'need-housing'].map((id) => ({ linkId: id, answer: [{ valueBoolean: needs.has(id) }] })) },
    ],
  };
}

/** A household well above the poverty lines: no poverty finding from the answers. */
export const COMFORTABLE: Answers = { residence: 'urban', householdSize: 2, income: 60_000_000, deprivations: [] };

export function postScreening(who: SignedIn, patientId: string, qr: unknown): ReturnType<SignedIn['agent']['post']> {
  return who.agent.post(`/api/v1/patients/${patientId}/screenings`).set('x-csrf-token', who.csrf).send({ questionnaireResponse: qr });
}

/** Links a FHIR patient through the API; returns the module's patient id. */
export async function linkViaApi(who: SignedIn, fhirId: string): Promise<string> {
  const res = await who.agent.post('/api/v1/patients').set('x-csrf-token', who.csrf).send({ fhirId });
  if (res.status !== 201 && res.status !== 200) throw new Error(`link ${fhirId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/**
 * A new adult Patient on the FHIR server with no stay, no diagnosis and no charges; insured by a copy
 * of a valid demo card of an ordinary group (GD) unless `insured` is false. Only answers can flag them.
 */
export async function createBarePatient(fhir: Client, insured = true): Promise<string> {
  const body: Patient = { resourceType: 'Patient', name: [{ family: 'Giàng', given: ['A', 'Páo'], text: 'Giàng A Páo' }], gender: 'male', birthDate: '1980-05-01' };
  const created = (await fhir.create({ resourceType: 'Patient', body: body as unknown as { resourceType: 'Patient' } })) as unknown as Patient;
  if (!created.id) throw new Error('the FHIR server gave no id');
  if (insured) {
    const card = await validCard(fhir, 'GD');
    const { id: _id, meta: _meta, ...rest } = card;
    await fhir.create({ resourceType: 'Coverage', body: { ...rest, beneficiary: { reference: `Patient/${created.id}` } } });
  }
  return created.id;
}

const groupOf = (c: Coverage): string | undefined => c.class?.find((k) => k.type.coding?.[0]?.code === 'group')?.value;

async function validCard(fhir: Client, group: string, today = new Date().toISOString().slice(0, 10)): Promise<Coverage> {
  const bundle = (await fhir.search({ resourceType: 'Coverage', searchParams: { _count: 1000 } })) as unknown as Bundle;
  const found = (bundle.entry ?? [])
    .map((e) => e.resource as Coverage)
    .find((c) => groupOf(c) === group && c.status === 'active' && (c.period?.start ?? '').slice(0, 10) <= today && (c.period?.end ?? '').slice(0, 10) >= today);
  if (!found) throw new Error(`the demo data has no valid ${group} card`);
  return found;
}

/** A Patient of the demo data whose BHYT card is of group HN (poor household) and valid today. */
export async function poorCardHolder(fhir: Client): Promise<string> {
  return ((await validCard(fhir, 'HN')).beneficiary.reference ?? '').replace('Patient/', '');
}

/**
 * Reads until `done` says so, reading again at each signal `on` accepts (the work's own signal, e.g.
 * `heard.outbox(flagId)`; test/setup/wait.ts), never sleeping. Bounded: fails after `timeoutMs`
 * with the last value read.
 */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, on: SignalFilter, timeoutMs = 30_000): Promise<T> {
  return untilSignalled(read, done, on, { timeoutMs });
}
