import type { QueryFilter } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, notFound } from '../../errors.js';
import { cursorObjectId, toPage, type Page } from '../../http/pagination.js';
import { OrganisationModel, type OrganisationRecord } from './organisations.model.js';
import type { OrganisationCreate, OrganisationListQuery, OrganisationUpdate, OrganisationView } from './organisations.schemas.js';

export function toOrganisationView(o: OrganisationRecord): OrganisationView {
  return {
    id: o._id.toHexString(),
    name: o.name,
    type: o.type,
    contact: { name: o.contact.name, email: o.contact.email, phone: o.contact.phone ?? '' },
    fundingInterests: [...(o.fundingInterests ?? [])],
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

export async function createOrganisation(input: OrganisationCreate): Promise<OrganisationView> {
  try {
    const created = await OrganisationModel.create(input);
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
