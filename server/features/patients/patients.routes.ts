import { idParams } from '../../http/common-schemas.js';
import { cursorObjectId, pageSchema, toPage } from '../../http/pagination.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { z } from 'zod';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import type { PatientRecord } from './patients.model.js';
import { linkBodySchema, matchesSchema, patientListQuery, patientSearchQuery, patientSummarySchema, patientViewSchema, searchHitSchema } from './patients.schemas.js';
import { loadAuthorizedPatient } from './patients.access.js';
import { findMatches, hospitalOrThrow, linkPatient, listPatients, resyncPatient, searchPatients } from './patients.service.js';
import { toPatientSummary, toPatientView } from './patients.view.js';

const tag = 'patient';
/** Today in Vietnam (UTC+7), for card validity. */
const today = (): string => vietnamDay(new Date().toISOString()) ?? new Date().toISOString().slice(0, 10);

function ownHospital(ctx: RequestContext): string | null {
  return ctx.principal?.hospitalId ?? null;
}

export const patientRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/patients/search',
    action: 'patient.search',
    tag,
    summary: "Search your hospital's patients: its FHIR server, and linked patients by name without diacritics",
    query: patientSearchQuery,
    response: z.object({ data: z.array(searchHitSchema) }),
    handler: async ({ query }, ctx) => {
      const h = await hospitalOrThrow(ownHospital(ctx));
      const data = await searchPatients(h, query);
      await ctx.audit({ action: 'patient.search', resourceType: tag, reason: `${data.length} results` });
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
    response: pageSchema(patientSummarySchema),
    handler: async ({ query }, ctx) => {
      const h = await hospitalOrThrow(ownHospital(ctx));
      const rows = await listPatients(h._id, { inpatient: query.inpatient, after: cursorObjectId(query.cursor), limit: query.limit });
      await ctx.audit({ action: 'patient.list', resourceType: tag, reason: `${Math.min(rows.length, query.limit)} listed` });
      return toPage(rows, query.limit, toPatientSummary, (r) => ({ id: r._id.toHexString() }));
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
      const { record } = await linkPatient(h, body.fhirId, ctx.principal?.userId ?? 'unknown');
      await ctx.audit({ action: 'patient.link', resourceType: tag, resourceId: record._id.toHexString(), patientId: record._id.toHexString() });
      return toPatientView(record, today());
    },
  }),
  route({
    method: 'get',
    path: '/patients/:id',
    action: 'patient.read',
    tag,
    summary: 'A linked patient: identity, insurance, current stay, diagnoses, charges',
    params: idParams,
    response: patientViewSchema,
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      await ctx.audit({ action: 'patient.read', resourceType: tag, resourceId: params.id, patientId: params.id });
      return toPatientView(record, today());
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
      const fresh = await resyncPatient(record);
      await ctx.audit({ action: 'patient.resync', resourceType: tag, resourceId: params.id, patientId: params.id });
      return toPatientView(fresh, today());
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
