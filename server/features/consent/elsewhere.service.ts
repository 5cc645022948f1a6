import type { Types } from 'mongoose';
import { findHospital } from '../admin/hospitals.service.js';
import { casesOfPatient, type CaseRecord } from '../cases/cases.service.js';
import { findPatient, samePersonElsewhere } from '../patients/patients.service.js';
import type { Elsewhere } from './elsewhere.schemas.js';
import { activeConsentCaseIds } from './consent.service.js';

/**
 * Issue 10, point 5: when the same person (BHYT social-insurance number, CCCD or CMND, from the
 * patients feature) has a case at another network hospital, the caller learns that much, as a
 * count of hospitals and nothing else ("a case exists at another hospital; ask for consent to
 * share"), and sees the hospital and the case only where that case's `share-hospital` consent
 * covers the caller's hospital now (named, or any network hospital). Asked of the live consents on
 * every request: a withdrawal takes the entry away on the next one.
 */
export interface ElsewhereAnswer extends Elsewhere {
  /** The other hospitals' patients whose cases were shown (for the audit entry). */
  shownPatientIds: string[];
}

const hex = (id: Types.ObjectId): string => id.toHexString();

async function otherCases(c: Pick<CaseRecord, 'patientId' | 'hospitalId'>): Promise<CaseRecord[]> {
  const record = await findPatient(hex(c.patientId));
  if (!record) return [];
  const same = await samePersonElsewhere(record);
  const cases = (await Promise.all(same.map((p) => casesOfPatient(p.id)))).flat();
  return cases.filter((x) => !x.hospitalId.equals(c.hospitalId));
}

async function hospitalNames(ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) out.set(id, (await findHospital(id))?.name ?? '');
  return out;
}

/** `c` is the caller's own case (the policy has checked): its hospital is the recipient a consent must name. */
export async function casesElsewhere(c: Pick<CaseRecord, 'patientId' | 'hospitalId'>, now: Date): Promise<ElsewhereAnswer> {
  const cases = await otherCases(c);
  if (cases.length === 0) return { otherHospitals: 0, shared: [], shownPatientIds: [] };
  const use = { purpose: 'share-hospital' as const, recipient: { hospitalId: hex(c.hospitalId) } };
  const allowed = new Set((await activeConsentCaseIds(use, now, cases.map((x) => x._id))).map(hex));
  const shared = cases.filter((x) => allowed.has(hex(x._id))).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const names = await hospitalNames(shared.map((x) => hex(x.hospitalId)));
  return {
    otherHospitals: new Set(cases.map((x) => hex(x.hospitalId))).size,
    shared: shared.map((x) => ({ hospital: { id: hex(x.hospitalId), name: names.get(hex(x.hospitalId)) ?? '' }, caseId: hex(x._id), status: x.status, openedAt: x.createdAt.toISOString() })),
    shownPatientIds: [...new Set(shared.map((x) => hex(x.patientId)))],
  };
}
