import { z } from 'zod';
import { vietnamToday } from '../../clock.js';
import { notFound, validationFailed } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { loadAuthorizedPatient } from '../patients/patients.access.js';
import { hospitalOrThrow } from '../patients/patients.service.js';
import { readScreeningResponse } from './answers.js';
import { findFlag, flagHistory, flagViews, reviewFlag, worklist } from './flags.service.js';
import { screeningQuestionnaire } from './questionnaire.js';
import { ScreeningModel, type FlagRecord, type ScreeningRecord } from './screening.model.js';
import { flagViewSchema, patientScreeningsSchema, performedOnProblem, questionnaireSchema, reviewBodySchema, screeningBodySchema, screeningResultSchema, type screeningViewSchema, worklistPageSchema, worklistQuery } from './screening.schemas.js';
import { screenOne } from './screening.service.js';
import { deidentifiedFlagSchema, toDeidentifiedFlag } from './views/deidentified-flag.view.js';
import type { Audience } from '../../access/audience.js';
import { tierRoutes } from './tiers.routes.js';
import { retryFlagWriteBack } from './write-back.service.js';

const tag = 'screening';

/** A flag and the caller's audience for it, by the policy (tenancy or a live relationship). */
async function loadFlagFor(id: string, ctx: RequestContext, tenancyOnly = false): Promise<{ flag: FlagRecord; audience: Audience }> {
  const flag = await findFlag(id);
  if (!flag) throw notFound('Flag');
  return { flag, audience: await ctx.authorize(flag, 'flag', id, { tenancyOnly }) };
}

/** A flag only its own hospital may act on (review, write-back). */
async function loadFlag(id: string, ctx: RequestContext): Promise<FlagRecord> {
  return (await loadFlagFor(id, ctx, true)).flag;
}

async function flagView(flag: FlagRecord, now: Date): Promise<z.infer<typeof flagViewSchema>> {
  const [view] = await flagViews([flag], now);
  if (!view) throw new Error('a flag always has a view');
  return view;
}

function toScreeningView(s: ScreeningRecord): z.infer<typeof screeningViewSchema> {
  return {
    id: s._id.toHexString(),
    kind: s.kind,
    screeningDate: s.screeningDate,
    ruleSet: s.ruleSet,
    priority: s.priority,
    findings: s.findings.map((x) => ({ ...x, summary: { vi: x.summary.vi, en: x.summary.en }, inputs: x.inputs.map((i) => ({ name: i.name, value: i.value, source: i.source })) })),
    superseded: s.supersededBy !== null,
    createdAt: s.createdAt.toISOString(),
  };
}

export const screeningRoutes: RouteDef[] = [
  ...tierRoutes,
  route({
    method: 'get',
    path: '/screening/questionnaire',
    action: 'screening.read',
    tag,
    summary: 'The screening questionnaire (FHIR Questionnaire, Vietnamese with English translations)',
    response: questionnaireSchema,
    handler: async () => screeningQuestionnaire,
  }),
  route({
    method: 'post',
    path: '/patients/:id/screenings',
    action: 'screening.create',
    tag,
    summary: 'Record a screening questionnaire for a patient: validated, stored, scored; raises or supersedes the flag',
    params: idParams,
    body: screeningBodySchema,
    response: screeningResultSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      // Not after today, by the request's clock (a schema has none): refused like any bad field.
      const problem = body.performedOn ? performedOnProblem(body.performedOn, vietnamToday(ctx.clock)) : null;
      if (problem) throw validationFailed([{ path: 'body.performedOn', message: problem, code: 'custom' }]);
      const record = await loadAuthorizedPatient(params.id, ctx);
      const { answers } = readScreeningResponse(body.questionnaireResponse);
      const h = await hospitalOrThrow(record.hospitalId.toHexString());
      const out = await screenOne(h, { record, kind: 'questionnaire', answers, questionnaireResponse: body.questionnaireResponse, by: ctx.principal?.userId ?? 'unknown', now: ctx.clock.now(), performedOn: body.performedOn ?? null });
      if (!out.screening) throw new Error('a questionnaire screening is always stored');
      await ctx.audit({ action: 'screening.create', resourceType: tag, resourceId: out.screening._id.toHexString(), patientId: params.id });
      return { screening: toScreeningView(out.screening), flag: out.flag ? await flagView(out.flag, ctx.clock.now()) : null };
    },
  }),
  route({
    method: 'get',
    path: '/patients/:id/screenings',
    action: 'screening.read',
    tag,
    summary: "A patient's screenings and flags, newest first (the history)",
    params: idParams,
    response: patientScreeningsSchema,
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      const screenings = await ScreeningModel.find({ patientId: record._id }).sort({ createdAt: -1 }).limit(50).lean<ScreeningRecord[]>();
      const flags = await flagHistory(record._id);
      await ctx.audit({ action: 'screening.read', resourceType: tag, patientId: params.id, patientIds: [params.id] });
      return { screenings: screenings.map(toScreeningView), flags: await flagViews(flags, ctx.clock.now()) };
    },
  }),
  route({
    method: 'get',
    path: '/worklist',
    action: 'worklist.read',
    tag,
    summary:
      "Your hospital's flagged patients, highest priority first, with the total: by default the flags that are a task (tier support) of patients in hospital now or discharged in the last WORKLIST_DISCHARGED_DAYS days; filter by tier, presence, status, flag type, ward (part of the name, diacritics optional), since",
    query: worklistQuery,
    response: worklistPageSchema,
    handler: async ({ query }, ctx) => {
      // The caller's hospital gives the tiers and the census; which flags show is the policy's.
      const h = await hospitalOrThrow(ctx.principal?.hospitalId ?? null);
      const page = await worklist(await ctx.listFilter(), h._id.toHexString(), query, ctx.clock.now());
      const shown = page.data.flatMap((f) => (f.patient ? [f.patient.id] : []));
      await ctx.audit({ action: 'worklist.read', resourceType: tag, reason: `${page.data.length} flags`, patientIds: shown });
      return page;
    },
  }),
  route({
    method: 'get',
    path: '/flags/:id',
    action: 'flag.read',
    tag,
    summary: 'One flag with its reasons (rule id and version, inputs and their sources)',
    params: idParams,
    response: z.union([flagViewSchema, deidentifiedFlagSchema]),
    handler: async ({ params }, ctx) => {
      const { flag, audience } = await loadFlagFor(params.id, ctx);
      await ctx.audit({ action: 'flag.read', resourceType: 'flag', resourceId: params.id, patientId: flag.patientId.toHexString() });
      return audience === 'own-hospital' ? flagView(flag, ctx.clock.now()) : toDeidentifiedFlag(audience, flag, ctx.clock.now());
    },
  }),
  route({
    method: 'post',
    path: '/flags/:id/review',
    action: 'flag.review',
    tag,
    summary:
      'Review a flag: confirm (opens its one case; a note is required), dismiss (reason required) or expire; 409 FLAG.NOT_ACTIVE when reviewed or past its expiry date',
    params: idParams,
    body: reviewBodySchema,
    response: flagViewSchema,
    handler: async ({ params, body }, ctx) => {
      const flag = await loadFlag(params.id, ctx);
      const reviewed = await reviewFlag(flag, body, ctx.principal?.userId ?? 'unknown', ctx.clock.now());
      await ctx.audit({ action: `flag.${body.decision}`, resourceType: 'flag', resourceId: params.id, patientId: flag.patientId.toHexString() });
      return flagView(reviewed, ctx.clock.now());
    },
  }),
  route({
    method: 'post',
    path: '/flags/:id/write-back/retry',
    action: 'flag.review',
    tag,
    summary: "Try again now to write the flag's findings to the hospital's FHIR server",
    params: idParams,
    response: flagViewSchema,
    handler: async ({ params }, ctx) => {
      const flag = await loadFlag(params.id, ctx);
      await retryFlagWriteBack(flag);
      await ctx.audit({ action: 'flag.write-back', resourceType: 'flag', resourceId: params.id, patientId: flag.patientId.toHexString() });
      return flagView((await findFlag(params.id)) ?? flag, ctx.clock.now());
    },
  }),
];
