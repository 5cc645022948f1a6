import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { PatientRecordInput } from '../../../fhir-mappings/patient-record.js';
import type { FhirGateway } from '../../fhir/gateway.js';

/**
 * What the module reads from a hospital's FHIR server for a patient: the Patient and what hangs
 * off it. For census sync, the related resources of a whole page of patients are fetched in one
 * search per resource type (comma-separated references: FHIR's OR), not one per patient.
 */
const RELATED = [
  { type: 'Coverage', param: 'beneficiary', key: 'coverages' },
  { type: 'Encounter', param: 'subject', key: 'encounters' },
  { type: 'Condition', param: 'subject', key: 'conditions' },
  { type: 'ChargeItem', param: 'subject', key: 'chargeItems' },
  { type: 'RelatedPerson', param: 'patient', key: 'relatedPersons' },
] as const;

type RelatedKey = (typeof RELATED)[number]['key'];
export type RelatedResources = Pick<PatientRecordInput, RelatedKey>;

function resourcesOf(b: Bundle): Resource[] {
  return (b.entry ?? []).map((e) => e.resource).filter((r): r is Resource => Boolean(r));
}

/** The patient a resource belongs to, by the reference the search used. */
function patientIdOf(r: Resource, param: string): string | null {
  const field = param === 'beneficiary' ? 'beneficiary' : param === 'patient' ? 'patient' : 'subject';
  const ref = (r as unknown as Record<string, { reference?: string } | undefined>)[field]?.reference;
  const m = ref ? /(?:^|\/)Patient\/([^/]+)$/.exec(ref) : null;
  return m?.[1] ?? null;
}

/** Every page of a search (related resources of a patient page are few, but may span pages). */
async function searchAll(gateway: FhirGateway, type: (typeof RELATED)[number]['type'], params: Record<string, string | number>): Promise<Resource[]> {
  const out: Resource[] = [];
  for await (const page of gateway.pages(type, params)) out.push(...resourcesOf(page));
  return out;
}

export async function fetchRelated(gateway: FhirGateway, patientIds: readonly string[]): Promise<Map<string, RelatedResources>> {
  const byPatient = new Map<string, RelatedResources>(patientIds.map((id) => [id, {}]));
  if (patientIds.length === 0) return byPatient;
  const refs = patientIds.map((id) => `Patient/${id}`).join(',');
  const results = await Promise.all(RELATED.map((rel) => searchAll(gateway, rel.type, { [rel.param]: refs, _count: 200 })));
  RELATED.forEach((rel, i) => {
    for (const r of results[i] ?? []) {
      const pid = patientIdOf(r, rel.param);
      const slot = pid ? byPatient.get(pid) : undefined;
      if (!slot) continue;
      const list = (slot[rel.key] as unknown[] | undefined) ?? [];
      list.push(r);
      (slot as Record<string, unknown[]>)[rel.key] = list;
    }
  });
  return byPatient;
}

export async function fetchPatientRecord(gateway: FhirGateway, fhirId: string): Promise<PatientRecordInput> {
  const patient = await gateway.read('Patient', fhirId);
  const related = (await fetchRelated(gateway, [fhirId])).get(fhirId) ?? {};
  return { patient, ...related };
}
