import type { Bundle, Patient } from '@medplum/fhirtypes';
import type { Types } from 'mongoose';
import { BHYT_BENEFIT_LEVELS } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { mapPatient, foldVietnamese } from '../../../fhir-mappings/patient.js';
import { buildPatientRecord, type PatientRecordInput, type PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { AppError, notFound } from '../../errors.js';
import { interactiveGatewayFor } from '../../fhir/gateways.js';
import { findHospital, type HospitalRecord } from '../admin/hospitals.service.js';
import { fetchPatientRecord } from './fhir-fetch.js';
import { leftOnOf, stayChanged } from './patients.presence.js';
export { fetchRelated, type RelatedResources } from './fhir-fetch.js';
// Other features take the record type from here, never from the model (decision 0019).
export type { PatientRecord } from './patients.model.js';
import { fromStored, PatientModel, storedSnapshot, type PatientRecord, type StoredPatient } from './patients.model.js';
import type { PatientSearchQuery, SearchHit } from './patients.schemas.js';
import { deriveCensus, deriveKeys } from './record-derive.js';
import { patientReference } from './reference.js';

export async function hospitalOrThrow(hospitalId: string | null): Promise<HospitalRecord> {
  const h = hospitalId ? await findHospital(hospitalId) : null;
  if (!h) throw notFound('Hospital');
  return h;
}

export function snapshotOf(input: PatientRecordInput, now: Date, hospitalCode: string): PatientRecordSnapshot {
  const s = buildPatientRecord(input, { ...patientReference, benefitLevels: BHYT_BENEFIT_LEVELS, now: now.toISOString() });
  if (!s) throw new AppError(502, 'FHIR.UPSTREAM_ERROR', `The FHIR server of ${hospitalCode} returned a Patient the module cannot read`);
  return s;
}

/**
 * Writes a snapshot for (hospital, fhirId): creates the link or refreshes it. One upsert on the
 * unique (hospitalId, fhirId) index, so two syncs or two clicks never make two records.
 */
export async function saveSnapshot(h: HospitalRecord, fhirId: string, snapshot: PatientRecordSnapshot, source: 'link' | 'census', by: string | null, now: Date): Promise<PatientRecord> {
  const { search, personKeys } = deriveKeys(snapshot);
  const set: Record<string, unknown> = { snapshot: storedSnapshot(snapshot), snapshotAt: now, search, personKeys, hospitalCode: h.code, fhirRef: `Patient/${fhirId}` };
  if (source === 'census' || snapshot.currentEncounter) set.census = deriveCensus(snapshot);
  const saved = await PatientModel.findOneAndUpdate(
    { hospitalId: h._id, fhirId },
    { $set: set, $addToSet: { sources: source }, $setOnInsert: { linkedBy: by } },
    { upsert: true, returnDocument: 'after' },
  ).lean<StoredPatient>();
  if (!saved) throw new Error('patient upsert returned nothing');
  if (set.census) await stayChanged([{ patientId: saved._id, leftOn: leftOnOf(saved.census) }]);
  return fromStored(saved);
}

/** One census patient's snapshot and derived fields, written as one upsert on the unique (hospital, FHIR id). */
export interface CensusPatient {
  fhirId: string;
  set: Pick<PatientRecord, 'snapshot' | 'snapshotAt' | 'search' | 'personKeys' | 'census' | 'hospitalCode' | 'fhirRef' | 'updatedAt'>;
}

/** Maps one census patient, without the database: the sync maps page N+1 while page N is written. */
export function censusPatientOf(h: HospitalRecord, fhirId: string, input: PatientRecordInput, asOf: Date, now: Date): CensusPatient {
  const snapshot = snapshotOf(input, asOf, h.code);
  const { search, personKeys } = deriveKeys(snapshot);
  return { fhirId, set: { snapshot, snapshotAt: asOf, search, personKeys, census: deriveCensus(snapshot), hospitalCode: h.code, fhirRef: `Patient/${fhirId}`, updatedAt: now } };
}

/**
 * Upserts a census page's patients in one bulk write, each on the unique (hospital, FHIR id) key.
 * The records screening needs are built from what was written: a new record's id comes back from
 * the write; a known one's is read by that same unique key. No search by a list of ids, so a
 * page costs the same however many patients the hospital has.
 */
export async function saveCensusPatients(h: HospitalRecord, upserts: CensusPatient[]): Promise<{ record: Pick<PatientRecord, '_id' | 'fhirId' | 'snapshot' | 'census'>; created: boolean }[]> {
  if (upserts.length === 0) return [];
  const res = await PatientModel.collection.bulkWrite(
    upserts.map(({ fhirId, set }) => ({
      updateOne: {
        filter: { hospitalId: h._id, fhirId },
        update: { $set: { ...set, snapshot: storedSnapshot(set.snapshot) }, $addToSet: { sources: 'census' as const }, $setOnInsert: { linkedBy: null, createdAt: set.updatedAt } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  const inserted = res.upsertedIds as Record<number, Types.ObjectId>;
  return Promise.all(
    upserts.map(async ({ fhirId, set }, i) => {
      const created = inserted[i];
      const id = created ?? (await PatientModel.collection.findOne({ hospitalId: h._id, fhirId }, { projection: { _id: 1 } }))?._id;
      if (!id) throw new Error(`patient ${fhirId} vanished while it was saved`);
      return { record: { _id: id, fhirId, snapshot: set.snapshot, census: set.census }, created: created !== undefined };
    }),
  );
}

export async function linkPatient(h: HospitalRecord, fhirId: string, by: string, now: Date): Promise<{ record: PatientRecord; created: boolean }> {
  const existed = await PatientModel.exists({ hospitalId: h._id, fhirId });
  // A person waits for the link: one deadline over all its FHIR reads, not retries of full timeouts.
  const input = await fetchPatientRecord(interactiveGatewayFor(h), fhirId);
  const record = await saveSnapshot(h, fhirId, snapshotOf(input, now, h.code), 'link', by, now);
  return { record, created: !existed };
}

export async function findPatient(id: string): Promise<PatientRecord | null> {
  const doc = await PatientModel.findById(id).lean<StoredPatient>();
  return doc ? fromStored(doc) : null;
}

export async function findPatients(ids: string[]): Promise<PatientRecord[]> {
  return ids.length ? (await PatientModel.find({ _id: { $in: ids } }).lean<StoredPatient[]>()).map(fromStored) : [];
}

export async function resyncPatient(record: PatientRecord, now: Date): Promise<PatientRecord> {
  const h = await hospitalOrThrow(record.hospitalId.toHexString());
  const input = await fetchPatientRecord(interactiveGatewayFor(h), record.fhirId);
  return saveSnapshot(h, record.fhirId, snapshotOf(input, now, h.code), 'link', null, now);
}

/**
 * The name as typed, and the same with each "d" read as "đ", joined as a FHIR OR (comma): a
 * server such as HAPI strips diacritics before matching but keeps "Đ" apart from "D" (it has no
 * decomposition), so "Dang" would never find "Đặng". Capped at 16 variants (four d's); commas
 * in the text are escaped (FHIR R4 search.html#escaping).
 */
export function nameVariants(typed: string): string {
  const text = typed.replace(/[\\,$|]/g, (c) => `\\${c}`);
  let variants = [''];
  let ds = 0;
  for (const ch of text) {
    const alt = /[dD]/.test(ch) && ds++ < 4 ? (ch === 'd' ? 'đ' : 'Đ') : null;
    variants = variants.flatMap((v) => (alt ? [v + ch, v + alt] : [v + ch]));
  }
  return variants.join(',');
}

const ID_CARD = /^(\d{12}|\d{9})$/;

/** An identity-card number by its length: a 12-digit CCCD or a 9-digit CMND (old card); null otherwise. */
function idCardOf(q: PatientSearchQuery): { kind: 'cccd' | 'cmnd'; value: string } | null {
  // The bhyt field also takes an identity card (searched as one); a bare 10-digit social-insurance
  // number is not an identifier the server indexes (found among linked patients).
  const value = q.nationalId ?? (q.bhyt && ID_CARD.test(q.bhyt) ? q.bhyt : undefined);
  if (!value) return null;
  return { kind: value.length === 12 ? 'cccd' : 'cmnd', value };
}

/**
 * The identifier search of an identity card, as a FHIR OR over both card systems, the one its
 * length names first: hospitals mix up the CCCD (national_id) and CMND (citizen_id) systems
 * (vn-core.ts reads either by the value's length), so a CMND filed under national_id is found too.
 */
function idCardToken(card: { kind: 'cccd' | 'cmnd'; value: string }): string {
  const systems = card.kind === 'cccd' ? [SYSTEMS.vnCore.nationalId, SYSTEMS.vnCore.citizenId] : [SYSTEMS.vnCore.citizenId, SYSTEMS.vnCore.nationalId];
  return systems.map((s) => `${s}|${card.value}`).join(',');
}

/** FHIR search parameters for a query; identifier searches use the VN Core systems. */
function fhirParams(q: PatientSearchQuery): Record<string, string | number> {
  const p: Record<string, string | number> = { _count: q.limit };
  if (q.q) p.name = nameVariants(q.q);
  const card = idCardOf(q);
  if (q.bhyt && /^[A-Z]{2}\d{13}$/.test(q.bhyt)) p.identifier = `${SYSTEMS.vnCore.insuranceNumber}|${q.bhyt}`;
  else if (card) p.identifier = idCardToken(card);
  else if (q.mrn) p.identifier = `${SYSTEMS.vnCore.patientInternalId}|${q.mrn}`;
  if (q.birthDate) p.birthdate = q.birthDate;
  return p;
}

/**
 * Search within one hospital: the hospital's FHIR server, plus the module's own linked and
 * census patients by folded name (so "Giang A Pao" finds "Giàng A Páo" even when the server
 * does not fold Vietnamese diacritics). Linked hits carry their module id.
 */
export async function searchPatients(h: HospitalRecord, q: PatientSearchQuery, access: Record<string, unknown>): Promise<SearchHit[]> {
  const hits = new Map<string, SearchHit>();
  const params = fhirParams(q);
  const bundle: Bundle = Object.keys(params).length > 1 ? await interactiveGatewayFor(h).search('Patient', params) : { resourceType: 'Bundle', type: 'searchset' };
  for (const e of bundle.entry ?? []) {
    const m = mapPatient(e.resource as Patient, patientReference);
    if (m.ok && m.value.fhirId) hits.set(m.value.fhirId, hitFromSnapshot(m.value, null, false));
  }
  for (const r of await searchLocal(h, q, access)) {
    hits.set(r.fhirId, hitFromSnapshot(r.snapshot.patient, r._id.toHexString(), r.census?.inpatient ?? false));
  }
  const linked = await PatientModel.find({ hospitalId: h._id, fhirId: { $in: [...hits.keys()] } }, { fhirId: 1, census: 1 }).lean();
  for (const l of linked) {
    const hit = hits.get(l.fhirId);
    if (hit) Object.assign(hit, { linkedId: l._id.toHexString(), inpatient: l.census?.inpatient ?? false });
  }
  return [...hits.values()].slice(0, q.limit);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function searchLocal(h: HospitalRecord, q: PatientSearchQuery, access: Record<string, unknown>): Promise<PatientRecord[]> {
  // The hospital whose FHIR server was searched, within what the policy lets the caller list.
  const filter: Record<string, unknown> = { $and: [access, { hospitalId: h._id }] };
  if (q.q) filter['search.name'] = { $regex: foldVietnamese(q.q).split(/\s+/).map(escapeRegex).join('.*') };
  const card = idCardOf(q);
  if (q.bhyt && /^\d{10}$/.test(q.bhyt)) filter['search.ssn'] = q.bhyt;
  else if (q.bhyt && !ID_CARD.test(q.bhyt)) filter['search.bhyt'] = q.bhyt;
  // A CCCD is the search key; a CMND is kept as a person key (record-derive.ts), indexed too.
  if (card?.kind === 'cccd') filter['search.nationalId'] = card.value;
  else if (card) filter.personKeys = `cmnd:${card.value}`;
  if (q.mrn) filter['search.mrn'] = q.mrn;
  if (q.birthDate) filter['search.birthDate'] = q.birthDate;
  return (await PatientModel.find(filter).limit(q.limit).lean<StoredPatient[]>()).map(fromStored);
}

function hitFromSnapshot(p: PatientRecordSnapshot['patient'], linkedId: string | null, inpatient: boolean): SearchHit {
  return {
    fhirId: p.fhirId ?? '',
    name: p.name?.full ?? null,
    gender: p.gender,
    birthDate: p.birthDate,
    bhyt: p.identifiers.bhyt,
    mrn: p.identifiers.mrn,
    ethnicity: p.ethnicity?.display ?? null,
    linkedId,
    inpatient,
  };
}

/**
 * The same person at other hospitals: confirmed by BHYT social-insurance number or citizen ID,
 * suggested by folded name + birth date.
 */
export async function findMatches(record: PatientRecord): Promise<{ confirmed: PatientRecord[]; suggested: PatientRecord[] }> {
  const others = { hospitalId: { $ne: record.hospitalId } };
  const confirmed = record.personKeys.length ? (await PatientModel.find({ ...others, personKeys: { $in: record.personKeys } }).limit(20).lean<StoredPatient[]>()).map(fromStored) : [];
  const seen = new Set(confirmed.map((c) => c._id.toHexString()));
  const suggested =
    record.search.name && record.search.birthDate
      ? (await PatientModel.find({ ...others, 'search.name': record.search.name, 'search.birthDate': record.search.birthDate }).limit(20).lean<StoredPatient[]>()).map(fromStored).filter(
          (s) => !seen.has(s._id.toHexString()),
        )
      : [];
  return { confirmed, suggested };
}

/**
 * The same person's records at other hospitals, by BHYT social-insurance number or citizen ID
 * (CCCD, or the old CMND): ids and hospitals only, for the consent feature's "a case exists at
 * another hospital". No keys, no matches: a name and birth date are never enough here.
 */
export async function samePersonElsewhere(record: Pick<PatientRecord, 'hospitalId' | 'personKeys'>): Promise<{ id: Types.ObjectId; hospitalId: Types.ObjectId }[]> {
  if (record.personKeys.length === 0) return [];
  const rows = await PatientModel.find({ hospitalId: { $ne: record.hospitalId }, personKeys: { $in: record.personKeys } }, { hospitalId: 1 }).lean<Pick<StoredPatient, '_id' | 'hospitalId'>[]>();
  return rows.map((r) => ({ id: r._id, hospitalId: r.hospitalId }));
}

/**
 * `samePersonElsewhere` for many patients at once, seen from one hospital: for each given patient
 * (of other hospitals), that hospital's records of the same person (BHYT number, CCCD or CMND).
 * Two reads whatever their number: the consent feature's "continuity of care" rule asks it for a
 * list's rows. Given patients with no match are absent from the map.
 */
export async function samePersonAt(hospitalId: Types.ObjectId, patientIds: readonly Types.ObjectId[]): Promise<Map<string, Types.ObjectId[]>> {
  const out = new Map<string, Types.ObjectId[]>();
  type Keys = Pick<StoredPatient, '_id' | 'personKeys'>;
  const given = patientIds.length ? await PatientModel.find({ _id: { $in: [...patientIds] }, hospitalId: { $ne: hospitalId } }, { personKeys: 1 }).lean<Keys[]>() : [];
  const keys = [...new Set(given.flatMap((p) => p.personKeys ?? []))];
  if (keys.length === 0) return out;
  const here = await PatientModel.find({ hospitalId, personKeys: { $in: keys } }, { personKeys: 1 }).lean<Keys[]>();
  for (const p of given) {
    const theirs = new Set(p.personKeys ?? []);
    const same = here.filter((h) => (h.personKeys ?? []).some((k) => theirs.has(k))).map((h) => h._id);
    if (same.length > 0) out.set(p._id.toHexString(), same);
  }
  return out;
}

/** `access` is the policy's list filter (server/access): the list names no tenant of its own. */
export async function listPatients(access: Record<string, unknown>, opts: { inpatient?: boolean; after: Types.ObjectId | null; limit: number }): Promise<PatientRecord[]> {
  const filter: Record<string, unknown> = { $and: [access] };
  if (opts.inpatient !== undefined) filter['census.inpatient'] = opts.inpatient;
  if (opts.after) filter._id = { $gt: opts.after };
  return (await PatientModel.find(filter).sort({ _id: 1 }).limit(opts.limit + 1).lean<StoredPatient[]>()).map(fromStored);
}
