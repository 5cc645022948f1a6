import mongoose, { Schema, type Types } from 'mongoose';
import { ROLES, type Role } from '../../http/policy.js';

export interface UserRecord {
  _id: Types.ObjectId;
  /** Lower-case sign-in name, unique. */
  username: string;
  displayName: string;
  /** Where notifications are e-mailed; none means in-app only. */
  email?: string | null;
  role: Role;
  hospitalId: Types.ObjectId | null;
  organisationId: Types.ObjectId | null;
  locale: 'vi' | 'en';
  passwordHash: string;
  /** Bumped on password change: sessions signed in before it stop working. */
  sessionVersion: number;
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserRecord>(
  {
    username: { type: String, required: true, unique: true, lowercase: true, trim: true },
    displayName: { type: String, required: true },
    email: { type: String, default: null, lowercase: true, trim: true },
    role: { type: String, enum: ROLES, required: true },
    hospitalId: { type: Schema.Types.ObjectId, ref: 'Hospital', default: null, index: true },
    organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', default: null },
    locale: { type: String, enum: ['vi', 'en'], default: 'vi' },
    passwordHash: { type: String, required: true },
    sessionVersion: { type: Number, default: 0 },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    lastLoginAt: { type: Date, default: null },
    disabled: { type: Boolean, default: false },
  },
  { collection: 'users', timestamps: true },
);

export const UserModel = mongoose.model<UserRecord>('User', userSchema);
