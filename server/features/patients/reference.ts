import { BHYT_BENEFIT_LEVELS } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import type { BhytReference } from '../../../fhir-mappings/bhyt.js';
import type { PatientReferenceData } from '../../../fhir-mappings/patient.js';
import { bhytGroups, provinces, vnCoreEthnicGroups } from '../../reference-data/index.js';

/** The reference tables the FHIR mappings take as parameters, built once from configuration. */
export const bhytReference: BhytReference = {
  groups: bhytGroups,
  provinces,
  benefitLevels: BHYT_BENEFIT_LEVELS,
};

export const patientReference: PatientReferenceData = {
  groups: bhytGroups,
  provinces,
  ethnicGroups: vnCoreEthnicGroups,
};
