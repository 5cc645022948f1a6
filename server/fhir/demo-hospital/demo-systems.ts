import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';

/**
 * Code systems the demo hospital uses that fhir-mappings/vn-core.ts (the module's one table of
 * system URIs) does not list yet: HL7 terminology for diagnosis role, admission source, discharge
 * disposition and coverage class, and the demo hospital's own department and charge-group codes,
 * under the module's namespace. To be moved into that table by its owner.
 */
export const DEMO_SYSTEMS = {
  diagnosisRole: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
  admitSource: 'http://terminology.hl7.org/CodeSystem/admit-source',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  department: `${SYSTEMS.nhipcau.base}/demo/CodeSystem/department`,
  chargeGroup: `${SYSTEMS.nhipcau.base}/demo/CodeSystem/charge-group`,
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  facility: SYSTEMS.nhipcau.sid('demo-facility'),
} as const;
