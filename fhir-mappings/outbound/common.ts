import type { CodeableConcept, Coding, Identifier, Organization, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import { isFhirDate, isFhirDateTime } from '../dates.js';
import { SYSTEMS } from '../vn-core.js';
import { refuseInput } from './validate.js';

/**
 * Shared pieces of the outbound builders. People and organisations of the module are not FHIR
 * resources on the hospital's server, so they are referenced by business identifier
 * (https://hl7.org/fhir/R4/references.html#logical) with a display; hospital resources (Patient,
 * Encounter) by their id on that server.
 */

export interface CodingInput {
  system: string;
  code: string;
  display?: string;
}

/** A user of the module (social worker, head of social work). */
export interface UserRef {
  userId: string;
  display: string;
}

/** A hospital or organisation of the network. */
export interface PartyRef {
  kind: 'hospital' | 'organisation';
  id: string;
  display: string;
}

/**
 * Gravity SDOH domains used by the module (SDOHCC CodeSystem Temporary Codes, STU2,
 * http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem-SDOHCC-CodeSystemTemporaryCodes.html).
 */
export type SdohDomain =
  | 'financial-insecurity'
  | 'medical-cost-burden'
  | 'health-insurance-coverage-status'
  | 'food-insecurity'
  | 'housing-instability'
  | 'inadequate-housing'
  | 'transportation-insecurity'
  | 'employment-status'
  | 'educational-attainment'
  | 'social-connection'
  | 'stress'
  | 'intimate-partner-violence'
  | 'elder-abuse'
  | 'digital-access'
  | 'utility-insecurity'
  | 'material-hardship'
  | 'sdoh-category-unspecified';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A FHIR logical id (https://hl7.org/fhir/R4/datatypes.html#id); refuses anything else. */
export function fhirId(resourceType: string, field: string, value: string): string {
  if (!FHIR_ID.test(value)) refuseInput(resourceType, field, `'${value}' is not a valid FHIR id`);
  return value;
}

export function checkDateTime(resourceType: string, field: string, value: string): string {
  if (!isFhirDateTime(value) && !isFhirDate(value)) refuseInput(resourceType, field, `'${value}' is not a FHIR dateTime`);
  return value;
}

/** A literal reference to a resource on the hospital's server; `from` names the builder for errors. */
export function reference<T extends Resource>(resourceType: T['resourceType'], id: string, from: string, display?: string): Reference<T> {
  return { reference: `${resourceType}/${fhirId(from, `${resourceType} id`, id)}`, ...(display ? { display } : {}) };
}

export function moduleIdentifier(kind: string, id: string): Identifier {
  return { system: SYSTEMS.nhipcau.sid(kind), value: id };
}

/** A module user, in FHIR terms a practitioner of the hospital's social-work unit. */
export function userReference(user: UserRef): Reference<Practitioner> {
  return { type: 'Practitioner', identifier: { system: SYSTEMS.nhipcau.userId, value: user.userId }, display: user.display };
}

export function partyReference(party: PartyRef): Reference<Organization> {
  const system = party.kind === 'hospital' ? SYSTEMS.nhipcau.hospitalId : SYSTEMS.nhipcau.organisationId;
  return { type: 'Organization', identifier: { system, value: party.id }, display: party.display };
}

export function coding(input: CodingInput): Coding {
  return { system: input.system, code: input.code, ...(input.display ? { display: input.display } : {}) };
}

export function concept(input: CodingInput, text?: string): CodeableConcept {
  return { coding: [coding(input)], ...(text ? { text } : {}) };
}

export function sdohDomainConcept(domain: SdohDomain): CodeableConcept {
  return { coding: [{ system: SYSTEMS.hl7.sdohccTemporaryCodes, code: domain }] };
}

/** Whole VND as a Quantity (Observation.value and answers cannot be Money). */
export function vndQuantity(
  resourceType: string,
  field: string,
  amountVnd: number,
): { value: number; unit: string; system: string; code: string } {
  if (!Number.isSafeInteger(amountVnd)) refuseInput(resourceType, field, `${amountVnd} is not a whole number of đồng`);
  return { value: amountVnd, unit: 'VND', system: SYSTEMS.hl7.currency, code: 'VND' };
}

/** An answer or finding value; money is whole VND. */
export type ValueInput =
  | { type: 'boolean'; value: boolean }
  | { type: 'integer'; value: number }
  | { type: 'money'; valueVnd: number }
  | { type: 'string'; value: string }
  | { type: 'date'; value: string }
  | { type: 'coding'; coding: CodingInput };

export function checkInteger(resourceType: string, field: string, value: number): number {
  if (!Number.isSafeInteger(value)) refuseInput(resourceType, field, `${value} is not an integer`);
  return value;
}
