import mongoose, { Schema, type Types } from 'mongoose';

import { FUNDING_INTERESTS, ORGANISATION_SERVICES, ORGANISATION_TYPES, type OrganisationService } from './organisations.schemas.js';

export { FUNDING_INTERESTS, ORGANISATION_TYPES };

export interface OrganisationRecord {
  _id: Types.ObjectId;
  name: string;
  type: (typeof ORGANISATION_TYPES)[number];
  contact: { name: string; email: string; phone: string };
  fundingInterests: (typeof FUNDING_INTERESTS)[number][];
  /** What it receives referrals for (issue 11); absent on records older than referrals: the type's defaults. */
  services?: OrganisationService[];
  /** The 2025 province it works in; null (or absent): across the country. */
  province?: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const organisationSchema = new Schema<OrganisationRecord>(
  {
    name: { type: String, required: true, unique: true },
    type: { type: String, enum: ORGANISATION_TYPES, required: true },
    contact: {
      name: { type: String, required: true },
      email: { type: String, required: true },
      phone: { type: String, default: '' },
    },
    fundingInterests: { type: [String], enum: FUNDING_INTERESTS, default: [] },
    services: { type: [String], enum: ORGANISATION_SERVICES, default: undefined },
    province: { type: String, default: null },
    active: { type: Boolean, default: true },
  },
  { collection: 'organisations', timestamps: true },
);

export const OrganisationModel = mongoose.model<OrganisationRecord>('Organisation', organisationSchema);
