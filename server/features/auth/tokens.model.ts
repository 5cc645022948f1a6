import mongoose, { Schema, type Types } from 'mongoose';
import { SCOPES, type Scope } from '../../http/policy.js';

/** Bearer API tokens for partner integrations. Only a SHA-256 of the token is stored. */
export interface ApiTokenRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  name: string;
  /** The first characters of the token, shown so a user can tell tokens apart. */
  prefix: string;
  hash: string;
  scopes: Scope[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const tokenSchema = new Schema<ApiTokenRecord>(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    hash: { type: String, required: true, unique: true },
    scopes: { type: [String], enum: SCOPES, required: true },
    expiresAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'api_tokens', timestamps: { createdAt: true, updatedAt: false } },
);

export const ApiTokenModel = mongoose.model<ApiTokenRecord>('ApiToken', tokenSchema);
