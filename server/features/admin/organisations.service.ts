import type { QueryFilter } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, notFound } from '../../errors.js';
import { cursorObjectId, toPage, type Page } from '../../http/pagination.js';
import { OrganisationModel, type OrganisationRecord } from './organisations.model.js';
import { DEFAULT_SERVICES, type OrganisationCreate, type OrganisationListQuery, type OrganisationService, type OrganisationUpdate, type OrganisationView } from './organisations.schemas.js';
// Other features take the record type from here, never from the model (decision 0019).
export type { OrganisationRecord } from './organisations.model.js';

/** What the organisation receives referrals for: its own list, or its type's defaults on a record older than referrals. */
export function servicesOf(o: Pick<OrganisationRecord, 'services' | 'type'>): OrganisationService[] {
  return o.services && o.services.length > 0 ? [...o.services] : [...DEFAULT_SERVICES[o.type]];
}

export function toOrganisationView(o: OrganisationRecord): OrganisationView {
  return {
    id: o._id.toHexString(),
    name: o.name,
    type: o.type,
    contact: { name: o.contact.name, email: o.contact.email, phone: o.contact.phone ?? '' },
    fundingInterests: [...(o.fundingInterests ?? [])],
    services: servicesOf(o),
    province: o.province ?? null,
    active: o.active,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export async function listOrganisations(q: OrganisationListQuery): Promise<Page<OrganisationView>> {
  const filter: QueryFilter<OrganisationRecord> = {};
  const after = cursorObjectId(q.cursor);
  if (after) filter._id = { $gt: after };
  if (q.type) filter.type = q.type;
  if (q.active !== undefined) filter.active = q.active;
  const rows = await OrganisationModel.find(filter).sort({ _id: 1 }).limit(q.limit + 1).lean<OrganisationRecord[]>();
  return toPage(rows, q.limit, toOrganisationView, (r) => ({ id: r._id.toHexString() }));
}

export async function findOrganisation(id: string): Promise<OrganisationRecord | null> {
  return OrganisationModel.findById(id).lean<OrganisationRecord>();
}

export async function getOrganisation(id: string): Promise<OrganisationView> {
  const o = await findOrganisation(id);
  if (!o) throw notFound('Organisation');
  return toOrganisationView(o);
}

/**
 * The active organisations a referral may go to, in a province (those working across the country
 * included) or everywhere. Few enough to read whole: the caller filters by service and name.
 */
export async function activeOrganisations(province?: string): Promise<OrganisationRecord[]> {
  const filter: QueryFilter<OrganisationRecord> = { active: true };
  if (province) filter.province = { $in: [province, null] };
  return OrganisationModel.find(filter).sort({ _id: 1 }).lean<OrganisationRecord[]>();
}

export async function createOrganisation(input: OrganisationCreate): Promise<OrganisationView> {
  try {
    const created = await OrganisationModel.create({ ...input, services: input.services ?? [...DEFAULT_SERVICES[input.type]], province: input.province ?? null });
    return toOrganisationView(created.toObject<OrganisationRecord>());
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('ORGANISATION.NAME_TAKEN', `An organisation named ${input.name} already exists`);
    throw err;
  }
}

export async function updateOrganisation(id: string, input: OrganisationUpdate): Promise<OrganisationView> {
  try {
    const updated = await OrganisationModel.findByIdAndUpdate(id, { $set: input }, { returnDocument: 'after', runValidators: true }).lean<OrganisationRecord>();
    if (!updated) throw notFound('Organisation');
    return toOrganisationView(updated);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('ORGANISATION.NAME_TAKEN', 'Another organisation already has this name');
    throw err;
  }
}
