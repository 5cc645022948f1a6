import { vietnamToday } from '../../clock.js';
import { forbidden } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { loadAuthorizedPatient } from '../patients/patients.access.js';
import { answerDetail, answerView, loadCaseFor, loadOwnCase } from './cases.access.js';
import { listCases } from './cases.list.js';
import { casePlanRoutes } from './cases.plan-routes.js';
import {
  assigneeBody,
  caseDetailSchema,
  caseIdParams,
  caseListQuery,
  caseListSchema,
  caseViewUnionSchema,
  closureDecisionBody,
  closureRequestBody,
  openCaseBody,
  patientCasesSchema,
  transitionBody,
} from './cases.schemas.js';
import { casesOfPatient, openCaseByHand } from './cases.service.js';
import { displayNames, toCaseSummaries, toPatientCaseView } from './cases.view.js';
import { assignCase, decideClosure, requestClosure, transitionCase } from './cases.workflow.js';

/**
 * The cases API (issue 10 point 1, decision 0020): open by hand, list (mine / the caseload), read
 * (per audience), assign, move, plan (cases.plan-routes.ts), closure by request and approval.
 */
const tag = 'case';
const me = (ctx: { principal: { userId: string } | null }): string => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal.userId;
};

const lifecycleRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases/:id/transitions',
    action: 'case.transition',
    tag,
    summary:
      'Moves a case one step forward or back (open → assessment → plan → active support); 409 CASE.ILLEGAL_TRANSITION names the allowed moves',
    params: caseIdParams,
    body: transitionBody,
    response: caseDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await transitionCase(c, body.to, body.reason ?? null, me(ctx), ctx.clock.now()), ctx, 'case.transition');
    },
  }),
  route({
    method: 'put',
    path: '/cases/:id/assignee',
    action: 'case.assign',
    tag,
    summary: 'Assigns the case to a social worker of its hospital (head of social work only); the new assignee is notified',
    params: caseIdParams,
    body: assigneeBody,
    response: caseDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await assignCase(c, body.userId, me(ctx), ctx.clock.now()), ctx, 'case.assign');
    },
  }),
  route({
    method: 'post',
    path: '/cases/:id/closure-request',
    action: 'case.closure.request',
    tag,
    summary: 'Asks the head of social work to close the case with an outcome and a summary; 409 CASE.CLOSURE_PENDING if one waits',
    params: caseIdParams,
    body: closureRequestBody,
    response: caseDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await requestClosure(c, body, me(ctx), ctx.clock.now()), ctx, 'case.closure.request');
    },
  }),
  route({
    method: 'post',
    path: '/cases/:id/closure-decision',
    action: 'case.closure.decide',
    tag,
    summary: 'The head of social work approves the closure request (the case closes) or returns it with a reason',
    params: caseIdParams,
    body: closureDecisionBody,
    response: caseDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      if (!ctx.principal) throw forbidden();
      return answerDetail(
        await decideClosure(c, body.decision, body.reason ?? null, ctx.principal, ctx.clock.now()),
        ctx,
        'case.closure.decide',
      );
    },
  }),
];

export const caseRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases',
    action: 'case.open',
    tag,
    summary:
      'Opens a case by hand for a linked patient of the caller’s hospital; 409 CASE.ALREADY_OPEN (params.caseId) if one is not closed',
    body: openCaseBody,
    response: caseDetailSchema,
    status: 201,
    handler: async ({ body }, ctx) => {
      const patient = await loadAuthorizedPatient(body.patientId, ctx);
      const c = await openCaseByHand({
        hospitalId: patient.hospitalId,
        patientId: patient._id,
        by: me(ctx),
        note: body.note ?? null,
        now: ctx.clock.now(),
      });
      return answerDetail(c, ctx, 'case.open');
    },
  }),
  route({
    method: 'get',
    path: '/cases',
    action: 'case.list',
    tag,
    summary:
      'My cases (scope=mine, a social worker’s default) or the hospital’s caseload (scope=hospital), with filters; not closed unless status=closed',
    query: caseListQuery,
    response: caseListSchema,
    handler: async ({ query }, ctx) => {
      if (!ctx.principal) throw forbidden();
      const today = vietnamToday(ctx.clock);
      const page = await listCases(await ctx.listFilter(), query, ctx.principal, today);
      await ctx.audit({
        action: 'case.list',
        resourceType: tag,
        reason: `${page.data.length} of ${page.total}`,
        patientIds: page.data.map((c) => c.patientId.toHexString()),
      });
      return { data: await toCaseSummaries(page.data, today), nextCursor: page.nextCursor, total: page.total };
    },
  }),
  route({
    method: 'get',
    path: '/cases/:id',
    action: 'case.read',
    tag,
    summary: 'A case: the own hospital’s case page, or the de-identified view a relationship (consent to share) gives',
    params: caseIdParams,
    response: caseViewUnionSchema,
    handler: async ({ params }, ctx) => {
      const { c, audience } = await loadCaseFor(params.id, ctx);
      return answerView(c, audience, ctx);
    },
  }),
  ...lifecycleRoutes,
  ...casePlanRoutes,
  route({
    method: 'get',
    path: '/patients/:id/cases',
    action: 'screening.read',
    tag,
    summary:
      "A patient's cases, the ones not closed first: status, opened when and by whom, assignee, the note, the reasons of the flag that opened it",
    params: idParams,
    response: patientCasesSchema,
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      const cases = await casesOfPatient(record._id);
      const names = await displayNames(cases.flatMap((c) => [c.openedBy, c.assignedTo]));
      await ctx.audit({ action: 'case.read', resourceType: 'case', patientId: params.id });
      return { data: await Promise.all(cases.map((c) => toPatientCaseView(c, names))) };
    },
  }),
];
