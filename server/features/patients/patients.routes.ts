import { idParams } from '../../http/common-schemas.js';
import { cursorObjectId, pageSchema, toPage } from '../../http/pagination.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { z } from 'zod';
import { vietnamToday } from '../../clock.js';
import { activeNeeds } from '../screening/flag-needs.service.js';
import type { PatientRecord } from './patients.model.js';
import { linkBodySchema, matchesSchema, patientListQuery, patientSearchQuery, patientSummarySchema, patientViewSchema, searchResultSchema, type PatientSummary } from './patients.schemas.js';
import { loadAuthorizedPatient, loadPatientFor } from './patients.access.js';
import { findMatches, hospitalOrThrow, linkPatient, listPatients, resyncPatient, searchPatients } from './patients.service.js';
import { toPatientSummary, toPatientView } from './patients.view.js';
import { deidentifiedPatientSchema, toDeidentifiedPatient, type DeidentifiedPatient } from './views/deidentified.view.js';

const tag = 'patient';

function ownHospital(ctx: RequestContext): string | null {
  return ctx.principal?.hospitalId ?? null;
}

/** Each listed patient in the view of the caller's audience for it (own hospital, or the relationship's). */
async function listView(rows: PatientRecord[], ctx: RequestContext): Promise<(PatientSummary | DeidentifiedPatient)[]> {
  const audiences = await ctx.audiencesOf(rows);
  const outside = rows.filter((_r, i) => audiences[i] !== 'own-hospital');
  const needs = await activeNeeds(outside.map((r) => r._id), ctx.clock.now());
  const today = vietnamToday(ctx.clock);
  return rows.map((r, i) => {
    const audience = audiences[i] ?? 'own-hospital';
    return audience === 'own-hospital' ? toPatientSummary(r) : toDeidentifiedPatient(audience, { record: r, needs: needs.get(r._id.toHexString()) ?? [], today });
  });
}

export const patientRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/patients/search',
    action: 'patient.search',
    tag,
    summary: "Search your hospital's patients: its FHIR server, and linked patients by name without diacritics",
    query: patientSearchQuery,
    response: searchResultSchema,
    handler: async ({ query }, ctx) => {
      const h = await hospitalOrThrow(ownHospital(ctx));
      const data = await searchPatients(h, query, await ctx.listFilter());
      const shown = data.flatMap((hit) => (hit.linkedId ? [hit.linkedId] : []));
      await ctx.audit({ action: 'patient.search', resourceType: tag, reason: `${data.length} results`, patientIds: shown });
      return { data };
    },
  }),
  route({
    method: 'get',
    path: '/patients',
    action: 'patient.list',
    tag,
    summary: "List your hospital's linked patients (census: ?inpatient=true)",
    query: patientListQuery,
    response: pageSchema(z.union([patientSummarySchema, deidentifiedPatientSchema])),
    handler: async ({ query }, ctx) => {
      const rows = await listPatients(await ctx.listFilter(), { inpatient: query.inpatient, after: cursorObjectId(query.cursor), limit: query.limit });
      const page = toPage(rows, query.limit, (r) => r, (r) => ({ id: r._id.toHexString() }));
      await ctx.audit({ action: 'patient.list', resourceType: tag, reason: `${page.data.length} listed`, patientIds: page.data.map((r) => r._id.toHexString()) });
      return { ...page, data: await listView(page.data, ctx) };
    },
  }),
  route({
    method: 'post',
    path: '/patients',
    action: 'patient.link',
    tag,
    summary: "Link a patient of your hospital's FHIR server: keeps its reference and a dated snapshot",
    body: linkBodySchema,
    response: patientViewSchema,
    status: 201,
    handler: async ({ body }, ctx) => {
      const h = await hospitalOrThrow(ownHospital(ctx));
      const { record } = await linkPatient(h, body.fhirId, ctx.principal?.userId ?? 'unknown', ctx.clock.now());
      await ctx.audit({ action: 'patient.link', resourceType: tag, resourceId: record._id.toHexString(), patientId: record._id.toHexString() });
      return toPatientView(record, vietnamToday(ctx.clock));
    },
  }),
  route({
    method: 'get',
    path: '/patients/:id',
    action: 'patient.read',
    tag,
    summary: 'A linked patient: identity, insurance, current stay, diagnoses, charges',
    params: idParams,
    response: z.union([patientViewSchema, deidentifiedPatientSchema]),
    handler: async ({ params }, ctx) => {
      const { record, audience } = await loadPatientFor(params.id, ctx);
      await ctx.audit({ action: 'patient.read', resourceType: tag, resourceId: params.id, patientId: params.id, reason: audience === 'own-hospital' ? null : `as ${audience}` });
      if (audience === 'own-hospital') return toPatientView(record, vietnamToday(ctx.clock));
      const needs = await activeNeeds([record._id], ctx.clock.now());
      return toDeidentifiedPatient(audience, { record, needs: needs.get(params.id) ?? [], today: vietnamToday(ctx.clock) });
    },
  }),
  route({
    method: 'post',
    path: '/patients/:id/resync',
    action: 'patient.resync',
    tag,
    summary: "Re-read the patient from the hospital's FHIR server now",
    params: idParams,
    response: patientViewSchema,
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      const fresh = await resyncPatient(record, ctx.clock.now());
      await ctx.audit({ action: 'patient.resync', resourceType: tag, resourceId: params.id, patientId: params.id });
      return toPatientView(fresh, vietnamToday(ctx.clock));
    },
  }),
  route({
    method: 'get',
    path: '/patients/:id/matches',
    action: 'patient.read',
    tag,
    summary: 'The same person at other hospitals: confirmed by insurance number or citizen ID, suggested by name and birth date',
    params: idParams,
    response: matchesSchema,
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      const { confirmed, suggested } = await findMatches(record);
      await ctx.audit({ action: 'patient.matches', resourceType: tag, resourceId: params.id, patientId: params.id });
      const basis = (m: PatientRecord): 'insurance-number' | 'citizen-id' =>
        m.personKeys.some((k) => k.startsWith('ssn:') && record.personKeys.includes(k)) ? 'insurance-number' : 'citizen-id';
      const view = (m: PatientRecord, b: 'insurance-number' | 'citizen-id' | 'name-and-birth-date') => ({ id: m._id.toHexString(), hospital: { id: m.hospitalId.toHexString(), code: m.hospitalCode }, basis: b });
      return { confirmed: confirmed.map((m) => view(m, basis(m))), suggested: suggested.map((m) => view(m, 'name-and-birth-date')) };
    },
  }),
];
