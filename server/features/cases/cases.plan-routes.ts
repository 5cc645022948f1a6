import { vietnamToday } from '../../clock.js';
import { forbidden } from '../../errors.js';
import { route, type RouteDef } from '../../http/route.js';
import { answerDetail, loadOwnCase } from './cases.access.js';
import { addGoal, addIntervention, addNeed, updateGoal, updateNeed } from './cases.plan.js';
import {
  caseDetailSchema,
  caseIdParams,
  goalBody,
  goalParams,
  goalPatch,
  interventionBody,
  needBody,
  needParams,
  needPatch,
} from './cases.schemas.js';

/** The case plan's routes (needs, goals, interventions): the own hospital's staff, while the case is not closed. */
const tag = 'case';
const action = 'case.plan.update';
const me = (ctx: { principal: { userId: string } | null }): string => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal.userId;
};

export const casePlanRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases/:id/needs',
    action,
    tag,
    summary: 'Adds a need to the case plan, by social-need domain',
    params: caseIdParams,
    body: needBody,
    response: caseDetailSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await addNeed(c, body, me(ctx), ctx.clock.now()), ctx, action);
    },
  }),
  route({
    method: 'patch',
    path: '/cases/:id/needs/:needId',
    action,
    tag,
    summary: 'Changes a need’s description or status (open, met, unmet)',
    params: needParams,
    body: needPatch,
    response: caseDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await updateNeed(c, params.needId, body, me(ctx), ctx.clock.now()), ctx, action);
    },
  }),
  route({
    method: 'post',
    path: '/cases/:id/goals',
    action,
    tag,
    summary: 'Adds a goal with a target day (not in the past), optionally for one of the case’s needs',
    params: caseIdParams,
    body: goalBody,
    response: caseDetailSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await addGoal(c, body, vietnamToday(ctx.clock), me(ctx), ctx.clock.now()), ctx, action);
    },
  }),
  route({
    method: 'patch',
    path: '/cases/:id/goals/:goalId',
    action,
    tag,
    summary: 'Changes a goal’s description, target day or status (open, achieved, not achieved, dropped)',
    params: goalParams,
    body: goalPatch,
    response: caseDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await updateGoal(c, params.goalId, body, vietnamToday(ctx.clock), me(ctx), ctx.clock.now()), ctx, action);
    },
  }),
  route({
    method: 'post',
    path: '/cases/:id/interventions',
    action,
    tag,
    summary: 'Records an intervention done (not in the future), counted toward a Circular 43/2015/TT-BYT activity group',
    params: caseIdParams,
    body: interventionBody,
    response: caseDetailSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.id, ctx);
      return answerDetail(await addIntervention(c, body, vietnamToday(ctx.clock), me(ctx), ctx.clock.now()), ctx, action);
    },
  }),
];
