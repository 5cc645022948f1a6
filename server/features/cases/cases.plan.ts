import { Types } from 'mongoose';
import { badRequest, notFound } from '../../errors.js';
import type { CaseRecord, GoalRecord } from './cases.model.js';
import type { z } from 'zod';
import type { goalBody, goalPatch, interventionBody, needBody, needPatch } from './cases.schemas.js';
import { assertCaseOpenForWork, changeCase } from './cases.service.js';

/**
 * The case plan (issue 10 point 1; the Gravity SDOH IG's problem → goal → intervention): needs by
 * social-need domain, goals with target days, interventions counted toward a Circular 43 activity
 * group. Only while the case is not closed; each change is one update with its event.
 */
const field = (path: string, message: string, code: string, params?: Record<string, string>): never => {
  throw badRequest('VALIDATION.FAILED', `Invalid input: ${path}`, [{ path, message, code, ...(params ? { params } : {}) }]);
};

function checkNeed(c: CaseRecord, needId: string | undefined, path: string): Types.ObjectId | null {
  if (!needId) return null;
  if (!c.needs.some((n) => n._id.equals(needId))) field(path, 'not a need of this case', 'no_such_record', { resource: 'need' });
  return new Types.ObjectId(needId);
}

function checkGoal(c: CaseRecord, goalId: string | undefined, path: string): Types.ObjectId | null {
  if (!goalId) return null;
  if (!c.goals.some((g) => g._id.equals(goalId))) field(path, 'not a goal of this case', 'no_such_record', { resource: 'goal' });
  return new Types.ObjectId(goalId);
}

async function saved(
  c: CaseRecord,
  condition: Record<string, unknown>,
  update: Record<string, unknown>,
  type: string,
  data: Record<string, unknown>,
  by: string,
  now: Date,
): Promise<CaseRecord> {
  const done = await changeCase(c, { status: { $ne: 'closed' }, ...condition }, update, { type, actorUserId: by, data }, now);
  if (!done) throw notFound('Case');
  return done;
}

export async function addNeed(c: CaseRecord, input: z.infer<typeof needBody>, by: string, now: Date): Promise<CaseRecord> {
  assertCaseOpenForWork(c);
  const need = {
    _id: new Types.ObjectId(),
    domain: input.domain,
    description: input.description,
    status: 'open',
    createdAt: now,
    createdBy: by,
  };
  // $addToSet of a record with a fresh id appends it (the event write owns $push).
  return saved(c, {}, { $addToSet: { needs: need } }, 'case.need-added', { needId: need._id.toHexString(), domain: input.domain }, by, now);
}

export async function updateNeed(
  c: CaseRecord,
  needId: string,
  input: z.infer<typeof needPatch>,
  by: string,
  now: Date,
): Promise<CaseRecord> {
  assertCaseOpenForWork(c);
  const need = c.needs.find((n) => n._id.equals(needId));
  if (!need) throw notFound('Need');
  const set: Record<string, unknown> = {};
  if (input.description !== undefined) set['needs.$.description'] = input.description;
  if (input.status !== undefined) set['needs.$.status'] = input.status;
  if (Object.keys(set).length === 0) return c;
  const data = { needId, domain: need.domain, ...(input.status ? { status: input.status } : {}) };
  return saved(c, { 'needs._id': need._id }, { $set: set }, 'case.need-updated', data, by, now);
}

export async function addGoal(c: CaseRecord, input: z.infer<typeof goalBody>, today: string, by: string, now: Date): Promise<CaseRecord> {
  assertCaseOpenForWork(c);
  const needId = checkNeed(c, input.needId, 'body.needId');
  if (input.targetDate < today) field('body.targetDate', 'a new goal’s target day cannot be in the past', 'day_in_past', { day: today });
  const goal: GoalRecord = {
    _id: new Types.ObjectId(),
    needId,
    description: input.description,
    targetDate: input.targetDate,
    status: 'open',
    createdAt: now,
    createdBy: by,
  };
  return saved(
    c,
    {},
    { $addToSet: { goals: goal } },
    'case.goal-added',
    { goalId: goal._id.toHexString(), needId: needId?.toHexString() ?? null, targetDate: input.targetDate },
    by,
    now,
  );
}

export async function updateGoal(
  c: CaseRecord,
  goalId: string,
  input: z.infer<typeof goalPatch>,
  today: string,
  by: string,
  now: Date,
): Promise<CaseRecord> {
  assertCaseOpenForWork(c);
  const goal = c.goals.find((g) => g._id.equals(goalId));
  if (!goal) throw notFound('Goal');
  if (input.targetDate !== undefined && input.targetDate !== goal.targetDate && input.targetDate < today) {
    field('body.targetDate', 'a goal’s new target day cannot be in the past', 'day_in_past', { day: today });
  }
  const set: Record<string, unknown> = {};
  if (input.description !== undefined) set['goals.$.description'] = input.description;
  if (input.targetDate !== undefined) set['goals.$.targetDate'] = input.targetDate;
  if (input.status !== undefined) set['goals.$.status'] = input.status;
  if (Object.keys(set).length === 0) return c;
  const data = { goalId, ...(input.status ? { status: input.status } : {}), ...(input.targetDate ? { targetDate: input.targetDate } : {}) };
  return saved(c, { 'goals._id': goal._id }, { $set: set }, 'case.goal-updated', data, by, now);
}

export async function addIntervention(
  c: CaseRecord,
  input: z.infer<typeof interventionBody>,
  today: string,
  by: string,
  now: Date,
): Promise<CaseRecord> {
  assertCaseOpenForWork(c);
  const needId = checkNeed(c, input.needId, 'body.needId');
  const goalId = checkGoal(c, input.goalId, 'body.goalId');
  if (input.performedOn > today) field('body.performedOn', 'the day it was done cannot be in the future', 'day_in_future', { day: today });
  const item = {
    _id: new Types.ObjectId(),
    needId,
    goalId,
    description: input.description,
    activityGroup: input.activityGroup,
    performedOn: input.performedOn,
    by,
    createdAt: now,
  };
  const data = {
    interventionId: item._id.toHexString(),
    activityGroup: input.activityGroup,
    performedOn: input.performedOn,
    needId: needId?.toHexString() ?? null,
    goalId: goalId?.toHexString() ?? null,
  };
  return saved(c, {}, { $addToSet: { interventions: item } }, 'case.intervention-added', data, by, now);
}
