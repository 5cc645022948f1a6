import mongoose, { Schema, type Types } from 'mongoose';
import type { PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';

/**
 * A patient linked to the module at one hospital. The module never owns clinical data: it keeps
 * the FHIR reference and a dated snapshot of what the hospital's server said, for screening and
 * case work, and re-reads it on demand (re-sync) or by census sync.
 */
export interface PatientRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  hospitalCode: string;
  fhirId: string;
  /** 'Patient/<id>' on the hospital's FHIR server. */
  fhirRef: string;
  snapshot: PatientRecordSnapshot;
  snapshotAt: Date;
  /** Indexed search keys, derived from the snapshot (names folded: no diacritics, lower-case). */
  search: {
    name: string | null;
    bhyt: string | null;
    ssn: string | null;
    nationalId: string | null;
    mrn: string | null;
    birthDate: string | null;
  };
  /** Same person across hospitals: 'ssn:<10 digits>', 'cccd:<12 digits>' or 'cmnd:<9 digits>' (old identity card) when known. */
  personKeys: string[];
  /** From census sync: in hospital now, and the stay's ward and dates. */
  census: { inpatient: boolean; ward: string | null; admittedAt: string | null; dischargedAt: string | null; encounterId: string | null };
  sources: ('link' | 'census')[];
  linkedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The record as stored: the snapshot is kept as its JSON text. It is a dated copy of what the FHIR
 * server said, read whole and never queried (the queryable facts are `search`, `personKeys` and
 * `census`, derived from it), and one string costs the database a fraction of the work of a
 * document of hundreds of fields: census sync writes thousands of them.
 */
export type StoredPatient = Omit<PatientRecord, 'snapshot'> & { snapshot: string | PatientRecordSnapshot };

export function storedSnapshot(snapshot: PatientRecordSnapshot): string {
  return JSON.stringify(snapshot);
}

/** A stored record as the module uses it (records written before the snapshot was text have it as a document). */
export function fromStored(doc: StoredPatient): PatientRecord {
  return { ...doc, snapshot: typeof doc.snapshot === 'string' ? (JSON.parse(doc.snapshot) as PatientRecordSnapshot) : doc.snapshot };
}

const patientSchema = new Schema<StoredPatient>(
  {
    hospitalId: { type: Schema.Types.ObjectId, ref: 'Hospital', required: true },
    hospitalCode: { type: String, required: true },
    fhirId: { type: String, required: true },
    fhirRef: { type: String, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true }, // JSON text (see StoredPatient); Mixed also reads older records
    snapshotAt: { type: Date, required: true },
    search: {
      name: { type: String, default: null },
      bhyt: { type: String, default: null },
      ssn: { type: String, default: null },
      nationalId: { type: String, default: null },
      mrn: { type: String, default: null },
      birthDate: { type: String, default: null },
    },
    personKeys: { type: [String], default: [] },
    census: {
      inpatient: { type: Boolean, default: false },
      ward: { type: String, default: null },
      admittedAt: { type: String, default: null },
      dischargedAt: { type: String, default: null },
      encounterId: { type: String, default: null },
    },
    sources: { type: [String], default: [] },
    linkedBy: { type: String, default: null },
  },
  { collection: 'patients', timestamps: true, minimize: false },
);
patientSchema.index({ hospitalId: 1, fhirId: 1 }, { unique: true });
patientSchema.index({ hospitalId: 1, 'search.name': 1 });
patientSchema.index({ personKeys: 1 });
patientSchema.index({ hospitalId: 1, 'census.inpatient': 1 });

export const PatientModel = mongoose.model<StoredPatient>('Patient', patientSchema);
