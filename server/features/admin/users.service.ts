import { Types, type QueryFilter } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, notFound, validationFailed, type ErrorDetail } from '../../errors.js';
import { cursorObjectId, toPage, type Page } from '../../http/pagination.js';
import type { Role } from '../../http/policy.js';
import { hashPassword } from '../auth/passwords.js';
import { HospitalModel } from './hospitals.model.js';
import { OrganisationModel } from './organisations.model.js';
import { UserModel, type UserRecord } from './users.model.js';
import type { UserCreate, UserListQuery, UserUpdate, UserView } from './users.schemas.js';
// Other features (sign-in) take the record type from here, never from the model (decision 0019).
export type { UserRecord } from './users.model.js';

type Tenants = {
  hospitals: Map<string, { id: string; code: string; name: string }>;
  organisations: Map<string, { id: string; name: string }>;
};

export const HOSPITAL_ROLES: readonly Role[] = ['social_worker', 'sw_lead'];

async function loadTenants(users: UserRecord[]): Promise<Tenants> {
  const hIds = [...new Set(users.map((u) => u.hospitalId?.toHexString()).filter((x): x is string => !!x))];
  const oIds = [...new Set(users.map((u) => u.organisationId?.toHexString()).filter((x): x is string => !!x))];
  const [hs, os] = await Promise.all([
    hIds.length ? HospitalModel.find({ _id: { $in: hIds } }, { code: 1, name: 1 }).lean() : [],
    oIds.length ? OrganisationModel.find({ _id: { $in: oIds } }, { name: 1 }).lean() : [],
  ]);
  return {
    hospitals: new Map(hs.map((h) => [h._id.toHexString(), { id: h._id.toHexString(), code: h.code, name: h.name }])),
    organisations: new Map(os.map((o) => [o._id.toHexString(), { id: o._id.toHexString(), name: o.name }])),
  };
}

/** `now` (the caller's clock) decides whether a lock still holds. */
function toUserView(u: UserRecord, t: Tenants, now: Date): UserView {
  return {
    id: u._id.toHexString(),
    username: u.username,
    displayName: u.displayName,
    email: u.email ?? null,
    role: u.role,
    locale: u.locale,
    hospital: u.hospitalId ? (t.hospitals.get(u.hospitalId.toHexString()) ?? null) : null,
    organisation: u.organisationId ? (t.organisations.get(u.organisationId.toHexString()) ?? null) : null,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function userView(u: UserRecord, now: Date): Promise<UserView> {
  return toUserView(u, await loadTenants([u]), now);
}

/** `access` is the policy's list filter (a head of social work: their own hospital's team; an admin: all). */
export async function listUsers(q: UserListQuery, access: Record<string, unknown>, now: Date): Promise<Page<UserView>> {
  const filter: QueryFilter<UserRecord> = { $and: [access as QueryFilter<UserRecord>] };
  const after = cursorObjectId(q.cursor);
  if (after) filter._id = { $gt: after };
  if (q.role) filter.role = q.role;
  if (q.hospitalId) filter.hospitalId = new Types.ObjectId(q.hospitalId);
  if (q.organisationId) filter.organisationId = new Types.ObjectId(q.organisationId);
  const rows = await UserModel.find(filter).sort({ _id: 1 }).limit(q.limit + 1).lean<UserRecord[]>();
  const tenants = await loadTenants(rows);
  return toPage(rows, q.limit, (u) => toUserView(u, tenants, now), (r) => ({ id: r._id.toHexString() }));
}

export async function findUser(id: string): Promise<UserRecord | null> {
  return UserModel.findById(id).lean<UserRecord>();
}

export async function findUserByUsername(username: string): Promise<UserRecord | null> {
  return UserModel.findOne({ username: username.trim().toLowerCase() }).lean<UserRecord>();
}

/**
 * A wrong password: counts it and, at `maxFailures`, locks the account for `lockoutMinutes`.
 * Single-document atomic updates, so two service instances agree. Returns the end of a new lock, or null.
 */
export async function recordFailedSignIn(id: Types.ObjectId, policy: { maxFailures: number; lockoutMinutes: number }, now: Date): Promise<Date | null> {
  const after = await UserModel.findOneAndUpdate({ _id: id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after' }).lean<UserRecord>();
  if (!after || after.failedLogins < policy.maxFailures) return null;
  const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
  await UserModel.updateOne({ _id: id }, { $set: { lockedUntil, failedLogins: 0 } });
  return lockedUntil;
}

/** A good sign-in clears the failure count and any lock. */
export async function recordSignIn(id: Types.ObjectId, now: Date): Promise<void> {
  await UserModel.updateOne({ _id: id }, { $set: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
}

/** Stores a new password hash and bumps the session version, which ends every session signed in before. */
export async function replacePasswordHash(id: Types.ObjectId, passwordHash: string): Promise<UserRecord | null> {
  return UserModel.findOneAndUpdate({ _id: id }, { $set: { passwordHash }, $inc: { sessionVersion: 1 } }, { returnDocument: 'after' }).lean<UserRecord>();
}

/** Who a notification reaches: enabled users by id, and/or a hospital's (or the network's) users of some roles. */
export interface NotificationAddressee {
  id: string;
  email: string | null;
  locale: 'vi' | 'en';
}

export async function findAddressees(to: { userIds?: readonly string[]; hospitalId?: string; organisationId?: string; roles?: readonly Role[] }): Promise<NotificationAddressee[]> {
  const or: QueryFilter<UserRecord>[] = [];
  const ids = (to.userIds ?? []).filter((id) => Types.ObjectId.isValid(id) && /^[a-f0-9]{24}$/i.test(id));
  if (ids.length) or.push({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
  if (to.hospitalId || to.organisationId || to.roles) {
    const group: QueryFilter<UserRecord> = {};
    if (to.hospitalId) group.hospitalId = new Types.ObjectId(to.hospitalId);
    // An organisation's users (its charity partners): the receiver of a referral to an organisation.
    if (to.organisationId) group.organisationId = new Types.ObjectId(to.organisationId);
    if (to.roles) group.role = { $in: [...to.roles] };
    or.push(group);
  }
  if (or.length === 0) return [];
  const rows = await UserModel.find({ $or: or, disabled: false }, { email: 1, locale: 1 }).sort({ _id: 1 }).lean<Pick<UserRecord, '_id' | 'email' | 'locale'>[]>();
  return rows.map((u) => ({ id: u._id.toHexString(), email: u.email ?? null, locale: u.locale }));
}

/** DOMAIN.md: hospital staff belong to one hospital, charity partners to one organisation, the rest to the network. */
async function checkTenantBinding(role: Role, hospitalId: string | null, organisationId: string | null): Promise<void> {
  const details: ErrorDetail[] = [];
  const needsHospital = HOSPITAL_ROLES.includes(role);
  const needsOrganisation = role === 'charity_partner';
  if (needsHospital && !hospitalId) details.push({ path: 'body.hospitalId', message: `required for role ${role}`, code: 'required_for_role', params: { role } });
  if (!needsHospital && hospitalId) details.push({ path: 'body.hospitalId', message: `not allowed for role ${role}`, code: 'not_allowed_for_role', params: { role } });
  if (needsOrganisation && !organisationId) details.push({ path: 'body.organisationId', message: `required for role ${role}`, code: 'required_for_role', params: { role } });
  if (!needsOrganisation && organisationId) details.push({ path: 'body.organisationId', message: `not allowed for role ${role}`, code: 'not_allowed_for_role', params: { role } });
  if (details.length === 0 && hospitalId && !(await HospitalModel.exists({ _id: hospitalId }))) {
    details.push({ path: 'body.hospitalId', message: 'no such hospital', code: 'no_such_record', params: { resource: 'hospital' } });
  }
  if (details.length === 0 && organisationId && !(await OrganisationModel.exists({ _id: organisationId }))) {
    details.push({ path: 'body.organisationId', message: 'no such organisation', code: 'no_such_record', params: { resource: 'organisation' } });
  }
  if (details.length > 0) throw validationFailed(details);
}

export async function createUser(input: UserCreate, now: Date): Promise<UserView> {
  const hospitalId = input.hospitalId ?? null;
  const organisationId = input.organisationId ?? null;
  await checkTenantBinding(input.role, hospitalId, organisationId);
  if (input.password.toLowerCase().includes(input.username)) {
    throw validationFailed([{ path: 'body.password', message: 'must not contain the username', code: 'contains_username' }]);
  }
  try {
    const created = await UserModel.create({
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      role: input.role,
      hospitalId,
      organisationId,
      locale: input.locale,
      passwordHash: await hashPassword(input.password),
    });
    return userView(created.toObject<UserRecord>(), now);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('USER.USERNAME_TAKEN', `The username ${input.username} is taken`);
    throw err;
  }
}

export async function updateUser(id: string, input: UserUpdate, now: Date): Promise<UserView> {
  const current = await findUser(id);
  if (!current) throw notFound('User');
  const role = input.role ?? current.role;
  const hospitalId = input.hospitalId !== undefined ? input.hospitalId : (current.hospitalId?.toHexString() ?? null);
  const organisationId = input.organisationId !== undefined ? input.organisationId : (current.organisationId?.toHexString() ?? null);
  await checkTenantBinding(role, hospitalId, organisationId);
  const { password, ...rest } = input;
  const set: Record<string, unknown> = { ...rest, hospitalId, organisationId };
  const update: Record<string, unknown> = { $set: set };
  if (password) {
    set.passwordHash = await hashPassword(password);
    set.failedLogins = 0;
    set.lockedUntil = null;
  }
  // Any change to role, tenant, password or access ends the user's current sessions.
  if (password || input.role || input.hospitalId !== undefined || input.organisationId !== undefined || input.disabled) {
    update.$inc = { sessionVersion: 1 };
  }
  const updated = await UserModel.findByIdAndUpdate(id, update, { returnDocument: 'after', runValidators: true }).lean<UserRecord>();
  if (!updated) throw notFound('User');
  return userView(updated, now);
}
