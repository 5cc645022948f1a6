import { Types } from 'mongoose';
import { vietnamDayOf } from '../../clock.js';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, validationFailed, type ErrorDetail } from '../../errors.js';
import { publishPending, updateWithEvent, withFirstEvent } from '../../events/append.js';
import { findAttachment } from '../cases/attachments.service.js';
import { assertCaseOpenForWork, type CaseRecord } from '../cases/cases.service.js';
import { findPatient, type PatientRecord } from '../patients/patients.service.js';
import { computeLines, NO_INSURANCE, type ComputedLines, type PatientInsurance } from './funding.bhyt.js';
import { fundingEventBase, fundingEvents } from './funding.events.js';
import { FundingCounterModel, FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import type { FundingPatchBody } from './funding-requests.schemas.js';
import type { FundingCreateBody } from './funding.schemas.js';

/**
 * Funding requests' records (issue 12 point 1, decision 0025): created from a case as a draft with
 * the BHYT split of its lines computed from the patient's card (read through the patients
 * feature's service), edited while a draft, listed for the case page. The moves are in
 * funding.workflow.ts; what others see in funding.view.ts.
 */
export type { FundingRequestRecord } from './funding.model.js';
export { expireFundingRequests, moveFundingRequest, settleFundingStatus } from './funding.workflow.js';
export { toFundingDetail, toFundingSummaries } from './funding.view.js';

export async function findFundingRequest(id: string): Promise<FundingRequestRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return FundingRequestModel.findById(id).lean<FundingRequestRecord>();
}

/** The patient's insurance as the BHYT split needs it, from the record's snapshot (none when the record is gone). */
export function insuranceOf(p: PatientRecord | null): PatientInsurance {
  if (!p) return NO_INSURANCE;
  const s = p.snapshot;
  return { coverages: s.insurance ?? [], patientCard: s.patient.bhytCard ?? null, patientHasNumber: Boolean(s.patient.identifiers?.bhyt) };
}

const problem = (path: string, code: string, message: string, params?: ErrorDetail['params']): ErrorDetail => ({ path: `body.${path}`, code, message, ...(params ? { params } : {}) });

async function checkDocuments(c: CaseRecord, ids: readonly string[], out: ErrorDetail[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if (!(await findAttachment(c._id.toHexString(), id))) out.push(problem(`documentIds.${i}`, 'no_such_record', 'not an attachment of this case', { resource: 'attachment' }));
  }
}

/** The lines' split on the request's day (Vietnam today), from the case's patient's card. */
async function splitLines(c: CaseRecord, lines: FundingCreateBody['lines'], now: Date): Promise<{ computed: ComputedLines; patient: PatientRecord | null }> {
  const patient = await findPatient(c.patientId.toHexString());
  return { computed: computeLines(lines, insuranceOf(patient), vietnamDayOf(now)), patient };
}

/** The treatment episode (claims MA_LK) by default: the current stay's encounter. */
function defaultEpisode(p: PatientRecord | null): string | null {
  return p?.census.encounterId ?? p?.snapshot.currentEncounter?.fhirId ?? null;
}

/** What the editor shows live: the split and what would be asked, nothing stored (the same checks as creating). */
export async function previewFundingRequest(c: CaseRecord, body: FundingCreateBody, now: Date): Promise<Pick<ComputedLines, 'lines' | 'bhyt' | 'askedVnd'>> {
  const { computed } = await splitLines(c, body.lines, now);
  const problems = [...computed.problems];
  await checkDocuments(c, body.documentIds, problems);
  if (problems.length > 0) throw validationFailed(problems);
  return { lines: computed.lines, bhyt: computed.bhyt, askedVnd: computed.askedVnd };
}

/** "HT-<year>-<6 digits>" from the year's counter (one atomic $inc; two first uses at once: the loser retries). */
export async function nextReference(now: Date): Promise<string> {
  const year = vietnamDayOf(now).slice(0, 4);
  const _id = `funding-request:${year}`;
  const bump = (): Promise<{ seq: number } | null> => FundingCounterModel.findOneAndUpdate({ _id }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{ seq: number }>();
  const doc = await bump().catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
    return bump();
  });
  if (!doc) throw new Error('the reference counter answered nothing');
  return `HT-${year}-${String(doc.seq).padStart(6, '0')}`;
}

/** A new request of the case, a draft. */
export async function createFundingRequest(c: CaseRecord, input: FundingCreateBody, by: string, now: Date): Promise<FundingRequestRecord> {
  assertCaseOpenForWork(c);
  const { computed, patient } = await splitLines(c, input.lines, now);
  const problems = [...computed.problems];
  await checkDocuments(c, input.documentIds, problems);
  if (problems.length > 0) throw validationFailed(problems);
  const base = { _id: new Types.ObjectId(), caseId: c._id, hospitalId: c.hospitalId };
  const doc = withFirstEvent(
    fundingEvents,
    {
      ...base,
      reference: await nextReference(now),
      patientId: c.patientId,
      lines: computed.lines,
      bhyt: computed.bhyt,
      askedVnd: computed.askedVnd,
      urgency: input.urgency,
      neededBy: input.neededBy,
      justification: input.justification,
      documentIds: input.documentIds.map((id) => new Types.ObjectId(id)),
      episodeId: input.episodeId ?? defaultEpisode(patient),
      status: 'draft' as const,
      history: [{ from: null, to: 'draft' as const, by, at: now, reason: null }],
      version: 1,
      story: null,
      outcomes: [],
      createdBy: by,
      createdAt: now,
      updatedAt: now,
    },
    { type: 'funding.created', hospitalId: c.hospitalId, actorUserId: by, data: { ...fundingEventBase(base), status: 'draft', askedVnd: computed.askedVnd } },
    now,
  );
  await FundingRequestModel.collection.insertOne(doc as never);
  await publishPending(fundingEvents, [doc]);
  return (await findFundingRequest(base._id.toHexString())) as FundingRequestRecord;
}

/** The draft's fields an edit sets (lines recomputed on today's card when they change). */
async function editSet(r: FundingRequestRecord, c: CaseRecord, input: FundingPatchBody, now: Date): Promise<Record<string, unknown>> {
  const problems: ErrorDetail[] = [];
  const set: Record<string, unknown> = { updatedAt: now };
  if (input.lines) {
    const { computed } = await splitLines(c, input.lines, now);
    problems.push(...computed.problems);
    Object.assign(set, { lines: computed.lines, bhyt: computed.bhyt, askedVnd: computed.askedVnd });
  }
  if (input.documentIds) {
    await checkDocuments(c, input.documentIds, problems);
    set.documentIds = input.documentIds.map((id) => new Types.ObjectId(id));
  }
  if (problems.length > 0) throw validationFailed(problems);
  for (const k of ['urgency', 'neededBy', 'justification', 'episodeId'] as const) if (input[k] !== undefined) set[k] = input[k];
  return set;
}

/** A draft's edit (409 FUNDING.NOT_DRAFT once submitted), conditional on the version read. */
export async function updateFundingDraft(r: FundingRequestRecord, c: CaseRecord, input: FundingPatchBody, by: string, now: Date): Promise<FundingRequestRecord> {
  if (r.status !== 'draft') throw conflict('FUNDING.NOT_DRAFT', 'Only a draft can be changed', { status: r.status });
  assertCaseOpenForWork(c);
  const set = await editSet(r, c, input, now);
  const done = await updateWithEvent<FundingRequestRecord>(
    fundingEvents,
    { _id: r._id, status: 'draft', version: r.version },
    { $set: set, $inc: { version: 1 } },
    { type: 'funding.updated', hospitalId: r.hospitalId, actorUserId: by, data: { ...fundingEventBase(r), fields: Object.keys(input), askedVnd: (set.askedVnd as number | undefined) ?? r.askedVnd } },
    now,
  );
  if (done) return done;
  const fresh = await findFundingRequest(r._id.toHexString());
  if (!fresh) throw new Error('a funding request vanished during an edit');
  return updateFundingDraft(fresh, c, input, by, now);
}

/** A case's requests, newest first (the case page's panel). */
export async function fundingRequestsOfCase(caseId: Types.ObjectId): Promise<FundingRequestRecord[]> {
  return FundingRequestModel.find({ caseId }).sort({ createdAt: -1, _id: -1 }).limit(100).lean<FundingRequestRecord[]>();
}
