import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BHYT_BENEFIT_LEVELS } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import type { BhytGroupRef, BhytReference, ProvinceRef } from '../../../fhir-mappings/bhyt.js';
import type { EthnicGroupRef, PatientReferenceData } from '../../../fhir-mappings/patient.js';

/**
 * The reference tables the mappings take as parameters, composed the way the server does: the
 * project's JSON tables (server/reference-data) plus the dated benefit levels.
 */
const here = dirname(fileURLToPath(import.meta.url));
const refDir = join(here, '../../../server/reference-data');
const json = <T>(name: string): T => JSON.parse(readFileSync(join(refDir, name), 'utf8')) as T;

export const groups = json<{ groups: BhytGroupRef[] }>('bhyt-groups.json').groups;
/** The whole country's provinces, as the server loads them (a card from anywhere must parse). */
export const provinces = json<{ provinces: ProvinceRef[] }>('provinces-vn.json').provinces;
export const ethnicGroups = json<{ codes: EthnicGroupRef[] }>('vn-core-ethnic-groups.json').codes;

export const bhytRef: BhytReference = { groups, provinces, benefitLevels: BHYT_BENEFIT_LEVELS };
export const patientRef: PatientReferenceData = { groups, provinces, ethnicGroups };

/** A fixture resource from test/fhir-mappings/fixtures, parsed fresh for each call. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(here, '../fixtures', name), 'utf8')) as Record<string, unknown>;
}

/** Problem codes of a mapping result, for compact assertions. */
export const codes = (problems: readonly { code: string }[]): string[] => problems.map((p) => p.code);
