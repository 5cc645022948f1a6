import mongoose, { Schema, type Types } from 'mongoose';

import { FHIR_AUTH_TYPES, HOSPITAL_LEVELS, SOCIAL_WORK_UNITS } from './hospitals.schemas.js';

export { FHIR_AUTH_TYPES, HOSPITAL_LEVELS, SOCIAL_WORK_UNITS };

/** Secrets for a hospital's FHIR endpoint: written by admins, never returned by the API. */
export interface FhirSecrets {
  username: string | null;
  password: string | null;
  token: string | null;
  clientId: string | null;
  tokenUrl: string | null;
  privateKeyPem: string | null;
  scope: string | null;
}

export interface HospitalRecord {
  _id: Types.ObjectId;
  code: string;
  name: string;
  province: { current: string; old: string };
  level: (typeof HOSPITAL_LEVELS)[number];
  socialWorkUnit: (typeof SOCIAL_WORK_UNITS)[number];
  fhir: {
    baseUrl: string | null;
    authType: (typeof FHIR_AUTH_TYPES)[number];
    enabled: boolean;
    /** Write the module's findings (QuestionnaireResponse, Observation, Condition, Flag) back to this server. */
    writeBack: boolean;
    timeoutMs: number;
    secrets: FhirSecrets;
  };
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const secretsSchema = new Schema<FhirSecrets>(
  {
    username: { type: String, default: null },
    password: { type: String, default: null },
    token: { type: String, default: null },
    clientId: { type: String, default: null },
    tokenUrl: { type: String, default: null },
    privateKeyPem: { type: String, default: null },
    scope: { type: String, default: null },
  },
  { _id: false },
);

const hospitalSchema = new Schema<HospitalRecord>(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    province: { current: { type: String, required: true }, old: { type: String, required: true } },
    level: { type: String, enum: HOSPITAL_LEVELS, required: true },
    socialWorkUnit: { type: String, enum: SOCIAL_WORK_UNITS, required: true },
    fhir: {
      baseUrl: { type: String, default: null },
      authType: { type: String, enum: FHIR_AUTH_TYPES, default: 'none' },
      enabled: { type: Boolean, default: false },
      writeBack: { type: Boolean, default: false },
      timeoutMs: { type: Number, default: 10_000 },
      secrets: { type: secretsSchema, default: () => ({}) },
    },
    active: { type: Boolean, default: true },
  },
  { collection: 'hospitals', timestamps: true },
);

export const HospitalModel = mongoose.model<HospitalRecord>('Hospital', hospitalSchema);
