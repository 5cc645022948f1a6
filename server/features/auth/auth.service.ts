import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { AppError, tooManyRequests, unauthenticated } from '../../errors.js';
import type { Principal, Scope } from '../../http/policy.js';
import { findUser, findUserByUsername, recordFailedSignIn, recordSignIn, replacePasswordHash, type UserRecord } from '../admin/users.service.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { ApiTokenModel, type ApiTokenRecord } from './tokens.model.js';

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

export type SignInResult =
  | { ok: true; user: UserRecord }
  | { ok: false; user: UserRecord | null; reason: 'unknown-user' | 'bad-password' | 'disabled' | 'locked'; retryAfterSeconds?: number };

/**
 * Checks a username and password. Failures count per account; at `maxFailures` the account is
 * locked for `lockoutMinutes` (single-document atomic updates, so two instances agree).
 */
export async function checkCredentials(username: string, password: string, policy: LockoutPolicy, now: Date): Promise<SignInResult> {
  const user = await findUserByUsername(username);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password); // same work as a real check
    return unknownUserFailure(username, policy, now);
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return { ok: false, user, reason: 'locked', retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const good = await verifyPassword(user.passwordHash, password);
  if (!good) {
    const locked = await recordFailedSignIn(user._id, policy, now);
    return locked ? { ok: false, user, reason: 'locked', retryAfterSeconds: policy.lockoutMinutes * 60 } : { ok: false, user, reason: 'bad-password' };
  }
  if (user.disabled) return { ok: false, user, reason: 'disabled' };
  await recordSignIn(user._id, now);
  return { ok: true, user };
}

/**
 * Unknown usernames are throttled exactly like real ones (a failure count and a lock of their
 * own), so a lockout answer never tells whether an account exists.
 */
const UnknownLoginModel = mongoose.model<{ _id: string; failures: number; lockedUntil: Date | null }>(
  'UnknownLogin',
  new Schema({ _id: String, failures: { type: Number, default: 0 }, lockedUntil: { type: Date, default: null } }, { collection: 'unknown_logins', versionKey: false }),
);

async function unknownUserFailure(username: string, policy: LockoutPolicy, now: Date): Promise<SignInResult> {
  const key = username.trim().toLowerCase().slice(0, 64);
  const prior = await UnknownLoginModel.findById(key).lean();
  if (prior?.lockedUntil && prior.lockedUntil > now) {
    return { ok: false, user: null, reason: 'locked', retryAfterSeconds: Math.ceil((prior.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const after = await UnknownLoginModel.findOneAndUpdate({ _id: key }, { $inc: { failures: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
  if (after && after.failures >= policy.maxFailures) {
    await UnknownLoginModel.updateOne({ _id: key }, { $set: { failures: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) } });
    return { ok: false, user: null, reason: 'locked', retryAfterSeconds: policy.lockoutMinutes * 60 };
  }
  return { ok: false, user: null, reason: 'unknown-user' };
}

/** The error a failed sign-in answers with; unknown user and wrong password look the same. */
export function signInError(result: Extract<SignInResult, { ok: false }>): AppError {
  if (result.reason === 'locked') {
    return tooManyRequests('AUTH.ACCOUNT_LOCKED', 'Too many failed sign-ins: this account is locked for a while', result.retryAfterSeconds ?? 60);
  }
  return new AppError(401, 'AUTH.INVALID_CREDENTIALS', 'Wrong username or password, or the account is disabled');
}

export function principalOf(user: UserRecord, via: Principal['via'], scopes: readonly Scope[] = []): Principal {
  return {
    userId: user._id.toHexString(),
    username: user.username,
    role: user.role,
    hospitalId: user.hospitalId?.toHexString() ?? null,
    organisationId: user.organisationId?.toHexString() ?? null,
    via,
    scopes,
  };
}

/** For the session: the user, if still enabled and the session is not older than a password change. */
export async function userForSession(id: string, sessionVersion: number): Promise<UserRecord | null> {
  const user = await findUser(id);
  if (!user || user.disabled || (user.sessionVersion ?? 0) !== sessionVersion) return null;
  return user;
}

export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<UserRecord> {
  const user = await findUser(userId);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(401, 'AUTH.WRONG_CURRENT_PASSWORD', 'The current password is wrong');
  }
  if (currentPassword === newPassword) {
    throw new AppError(400, 'VALIDATION.FAILED', 'Choose a new password', [{ path: 'body.newPassword', message: 'must differ from the current password', code: 'same_as_current' }]);
  }
  const updated = await replacePasswordHash(user._id, await hashPassword(newPassword));
  if (!updated) throw unauthenticated();
  return updated;
}

const TOKEN_PREFIX = 'ncau_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueToken(userId: string, name: string, scopes: Scope[], expiresAt: Date | null): Promise<{ token: string; record: ApiTokenRecord }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const created = await ApiTokenModel.create({ userId, name, scopes, expiresAt, prefix: token.slice(0, TOKEN_PREFIX.length + 6), hash: hashToken(token) });
  return { token, record: created.toObject<ApiTokenRecord>() };
}

/** The principal a bearer token stands for, or null when it is unknown, revoked, expired, or its user disabled. */
export async function principalForToken(token: string, now: Date): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const record = await ApiTokenModel.findOne({ hash: hashToken(token) }).lean<ApiTokenRecord>();
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  const user = await findUser(record.userId.toHexString());
  if (!user || user.disabled) return null;
  await ApiTokenModel.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } });
  return principalOf(user, 'token', record.scopes);
}
