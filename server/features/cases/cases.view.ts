import { Types } from 'mongoose';
import { decide, isAction, type Principal } from '../../http/policy.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findUser } from '../admin/users.service.js';
import { findFlag } from '../screening/flags.service.js';
import type { CaseRecord, GoalRecord } from './cases.model.js';
import { patientFacts, type PatientFacts } from './cases.patients.js';
import { CASE_CAN, type CaseDetail, type CaseSummary, type CaseView } from './cases.schemas.js';

/**
 * The own hospital's views of a case (list row and case page): explicit mappers listing every
 * field, so nothing leaks by spreading a record. The other audiences' views are in views/.
 */
export type Names = Map<string, string | null>;

export async function displayNames(ids: readonly (string | null | undefined)[]): Promise<Names> {
  const out: Names = new Map();
  for (const id of new Set(ids.filter((x): x is string => !!x)))
    out.set(id, Types.ObjectId.isValid(id) ? ((await findUser(id))?.displayName ?? null) : null);
  return out;
}

const person = (id: string, names: Names): { id: string; name: string | null } => ({ id, name: names.get(id) ?? null });

const openGoals = (c: CaseRecord): GoalRecord[] => c.goals.filter((g) => g.status === 'open');

function summaryFields(c: CaseRecord, p: PatientFacts | undefined, names: Names, today: string): Omit<CaseSummary, 'needs'> {
  const open = openGoals(c);
  const due = open.map((g) => g.targetDate).sort();
  return {
    id: c._id.toHexString(),
    status: c.status,
    patient: { id: c.patientId.toHexString(), name: p?.name ?? null, ageYears: p?.ageYears ?? null, ward: p?.ward ?? null },
    assignedTo: c.assignedTo ? person(c.assignedTo, names) : null,
    openedAt: c.createdAt.toISOString(),
    overdueGoals: open.filter((g) => g.targetDate < today).length,
    nextGoalDue: due[0] ?? null,
    closureRequested: !!c.closureRequest,
  };
}

const openNeedDomains = (c: CaseRecord): CaseSummary['needs'] => [
  ...new Set(c.needs.filter((n) => n.status === 'open').map((n) => n.domain)),
];

export async function toCaseSummaries(cases: CaseRecord[], today: string): Promise<CaseSummary[]> {
  const facts = await patientFacts(
    cases.map((c) => c.patientId),
    today,
  );
  const names = await displayNames(cases.map((c) => c.assignedTo));
  return cases.map((c) => ({ ...summaryFields(c, facts.get(c.patientId.toHexString()), names, today), needs: openNeedDomains(c) }));
}

/** The case actions this user may take now: the policy's route rule AND the case's state. */
export function caseActions(c: CaseRecord, principal: Principal): CaseDetail['can'] {
  const closed = c.status === 'closed';
  const state: Record<(typeof CASE_CAN)[number], boolean> = {
    'case.transition': !closed,
    'case.closure.request': !closed && !c.closureRequest,
    'case.closure.decide': !closed && !!c.closureRequest,
    'case.assign': !closed,
    'case.plan.update': !closed,
    'case.note.create': !closed,
    'case.attachment.upload': !closed,
    'consent.record': !closed,
    // A patient may withdraw a consent at any moment, the case closed or not.
    'consent.withdraw': true,
  };
  return CASE_CAN.filter((a) => state[a] && isAction(a) && decide(principal, a).allow);
}

async function flagRef(c: CaseRecord): Promise<CaseDetail['flag']> {
  const flag = c.openedFromFlagId ? await findFlag(c.openedFromFlagId.toHexString()) : null;
  if (!flag) return null;
  return {
    id: flag._id.toHexString(),
    priority: flag.priority,
    reasons: flag.findings.map((f) => ({ code: f.code, flagType: f.flagType, summary: { vi: f.summary.vi, en: f.summary.en } })),
  };
}

function planFields(c: CaseRecord, names: Names, today: string): Pick<CaseDetail, 'needs' | 'goals' | 'interventions'> {
  return {
    needs: c.needs.map((n) => ({
      id: n._id.toHexString(),
      domain: n.domain,
      description: n.description,
      status: n.status,
      createdAt: n.createdAt.toISOString(),
    })),
    goals: c.goals.map((g) => ({
      id: g._id.toHexString(),
      needId: g.needId?.toHexString() ?? null,
      description: g.description,
      targetDate: g.targetDate,
      status: g.status,
      overdue: g.status === 'open' && g.targetDate < today,
    })),
    interventions: c.interventions.map((i) => ({
      id: i._id.toHexString(),
      needId: i.needId?.toHexString() ?? null,
      goalId: i.goalId?.toHexString() ?? null,
      description: i.description,
      activityGroup: i.activityGroup,
      performedOn: i.performedOn,
      by: person(i.by, names),
    })),
  };
}

function closureFields(c: CaseRecord, names: Names): Pick<CaseDetail, 'closure' | 'closureRequest' | 'lastClosureReturn'> {
  const r = c.closureRequest;
  const x = c.closure;
  const back = c.lastClosureReturn;
  return {
    closureRequest: r
      ? {
          outcome: r.outcome,
          summary: r.summary,
          requestedBy: person(r.requestedBy, names),
          requestedAt: new Date(r.requestedAt).toISOString(),
        }
      : null,
    closure: x
      ? { outcome: x.outcome, summary: x.summary, approvedBy: person(x.approvedBy, names), closedAt: new Date(x.closedAt).toISOString() }
      : null,
    lastClosureReturn: back
      ? {
          outcome: back.outcome,
          reason: back.reason,
          returnedBy: person(back.returnedBy, names),
          returnedAt: new Date(back.returnedAt).toISOString(),
        }
      : null,
  };
}

export async function toCaseDetail(c: CaseRecord, principal: Principal, today: string): Promise<CaseDetail> {
  const facts = await patientFacts([c.patientId], today);
  const people = [
    c.openedBy,
    c.assignedTo,
    c.closureRequest?.requestedBy,
    c.closure?.approvedBy,
    c.lastClosureReturn?.returnedBy,
    ...c.interventions.map((i) => i.by),
  ];
  const names = await displayNames(people);
  const hospital = await findHospital(c.hospitalId.toHexString());
  return {
    ...summaryFields(c, facts.get(c.patientId.toHexString()), names, today),
    audience: 'own-hospital',
    hospital: { id: c.hospitalId.toHexString(), name: hospital?.name ?? '' },
    openedBy: person(c.openedBy, names),
    note: c.note ?? null,
    flag: await flagRef(c),
    ...planFields(c, names, today),
    ...closureFields(c, names),
    can: caseActions(c, principal),
  };
}

/** The patient page's card (GET /patients/:id/cases). */
export async function toPatientCaseView(c: CaseRecord, names: Names): Promise<CaseView> {
  return {
    id: c._id.toHexString(),
    status: c.status,
    openedAt: c.createdAt.toISOString(),
    openedBy: person(c.openedBy, names),
    assignedTo: c.assignedTo ? person(c.assignedTo, names) : null,
    note: c.note ?? null,
    flag: await flagRef(c),
  };
}
