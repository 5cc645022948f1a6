import type { Types } from 'mongoose';
import { foldVietnamese } from '../../../fhir-mappings/patient-name.js';
import { listHospitals } from '../admin/hospitals.service.js';
import type { HospitalView } from '../admin/hospitals.schemas.js';
import { activeOrganisations, servicesOf, type OrganisationRecord } from '../admin/organisations.service.js';
import { consentForRecipient, type ReferralRecipientRef } from './referrals.relationships.js';
import { HOSPITAL_SERVICES, type Recipient, type RecipientSearchQuery } from './referrals.schemas.js';

/**
 * Who a case may be referred to (issue 11, points 1 and 6): the network's active hospitals other
 * than the caller's (continuing social support with a transfer, psychosocial support) and the
 * active organisations (what each one's record lists). The network is tens of hospitals and
 * organisations, so both are read whole and filtered here: the name is matched folded (with or
 * without diacritics, "mai am" finds "Mái ấm"), and an organisation's services fall back to its
 * type's defaults on records older than referrals, which a database filter would miss.
 *
 * A province filter keeps the organisations working across the country (province null): they
 * serve every province.
 */
type Candidate = Omit<Recipient, 'consent'> & { ref: ReferralRecipientRef };

const byName = (a: Candidate, b: Candidate): number => a.name.localeCompare(b.name, 'vi');

/** Every active hospital (pages of 100 until the last; few in a network). */
async function activeHospitals(province: string | undefined): Promise<HospitalView[]> {
  const out: HospitalView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listHospitals({ limit: 100, active: true, ...(province ? { province } : {}), ...(cursor ? { cursor } : {}) });
    out.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function hospitalCandidates(province: string | undefined, callerHospitalId: string | null): Promise<Candidate[]> {
  const rows = (await activeHospitals(province)).filter((h) => h.id !== callerHospitalId);
  return rows.map((h) => ({
    kind: 'hospital',
    id: h.id,
    name: h.name,
    province: h.province.current,
    type: h.level,
    services: [...HOSPITAL_SERVICES],
    ref: { kind: 'hospital', hospitalId: h.id, organisationId: null },
  }));
}

async function organisationCandidates(province: string | undefined): Promise<Candidate[]> {
  const rows: OrganisationRecord[] = await activeOrganisations(province);
  return rows.map((o) => ({
    kind: 'organisation',
    id: o._id.toHexString(),
    name: o.name,
    province: o.province ?? null,
    type: o.type,
    services: servicesOf(o),
    ref: { kind: 'organisation', hospitalId: null, organisationId: o._id.toHexString() },
  }));
}

export interface RecipientSearch {
  query: RecipientSearchQuery;
  /** The caller's hospital: never a recipient of its own referrals. */
  callerHospitalId: string | null;
  /** A case of the caller's hospital (the route has checked): each recipient carries the consent that covers it. */
  caseId: Types.ObjectId | null;
  now: Date;
}

/** Hospitals first, then organisations, each by name. */
export async function searchRecipients(s: RecipientSearch): Promise<Recipient[]> {
  const { kind, province, service, q } = s.query;
  const candidates = [
    ...(kind === 'organisation' ? [] : (await hospitalCandidates(province, s.callerHospitalId)).sort(byName)),
    ...(kind === 'hospital' ? [] : (await organisationCandidates(province)).sort(byName)),
  ];
  const needle = q ? foldVietnamese(q) : null;
  const found = candidates.filter((c) => (!service || c.services.includes(service)) && (!needle || foldVietnamese(c.name).includes(needle)));
  return Promise.all(found.map(async ({ ref, ...c }) => ({ ...c, consent: s.caseId ? await consentOf(s.caseId, ref, s.now) : null })));
}

async function consentOf(caseId: Types.ObjectId, ref: ReferralRecipientRef, now: Date): Promise<Recipient['consent']> {
  const consent = await consentForRecipient(caseId, ref, now);
  return consent ? { id: consent._id.toHexString(), purpose: consent.purpose, validUntil: consent.validUntil ?? null } : null;
}
