import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import type { HospitalRecord } from '../admin/hospitals.service.js';
import type { PatientRecord } from '../patients/patients.service.js';
import { leftOnOf } from '../patients/patients.presence.js';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import { provinces } from '../../reference-data/index.js';
import { evaluate, factsFromRecord, type Evaluation, type ScreeningAnswers } from './rules/index.js';
import { FlagModel, NO_SCREENING, ScreeningModel, ScreeningStateModel, type FlagRecord, type ScreeningRecord, type ScreeningState } from './screening.model.js';
import { publishPending, updateWithEvent, withFirstEvent } from '../../events/append.js';
import { flagChanged, flagEvents, flagRaised, screeningEvents, screeningRecorded } from './screening.events.js';
import { initialWriteBack } from './write-back.service.js';

/**
 * Screening: scores a patient's record (and, for a questionnaire, the answers) with the rule set
 * in force on the screening date, keeps the screening, and raises the flag with its reasons.
 * A new screening supersedes the patient's last (history kept); an automatic re-screening that
 * finds exactly what the last one found adds nothing, so census sync does not churn flags.
 */
export const FLAG_LIFETIME_DAYS = 30;

/** What screening reads of a patient record. */
export type ScreenedPatient = Pick<PatientRecord, '_id' | 'fhirId' | 'snapshot' | 'census'>;

export interface ScreenInput {
  record: ScreenedPatient;
  kind: 'auto' | 'questionnaire';
  answers?: ScreeningAnswers | null;
  questionnaireResponse?: Record<string, unknown> | null;
  by: string;
  now: Date;
  /**
   * The Vietnam day the screening was done (YYYY-MM-DD), when it is not today: a paper form
   * entered later. It chooses the rule set and is the "today" of every rule. Default: now's Vietnam day.
   */
  performedOn?: string | null;
  /** The patient record was created just now (census sync knows): it has no screening history to look up. */
  firstSeen?: boolean;
}

export interface ScreenOutcome {
  screening: ScreeningRecord | null;
  flag: FlagRecord | null;
}

/** The Vietnam day (Asia/Ho_Chi_Minh, UTC+7) a screening counts as done: one day everywhere (rule set, stored date). */
export function screeningDayOf(input: Pick<ScreenInput, 'now' | 'performedOn'>): string {
  return input.performedOn ?? vietnamDay(input.now.toISOString()) ?? input.now.toISOString().slice(0, 10);
}

/** `when`: an instant (its Vietnam day is used) or the Vietnam day itself (YYYY-MM-DD). */
export function evaluateRecord(record: Pick<PatientRecord, 'snapshot'>, h: HospitalRecord, when: Date | string, answers?: ScreeningAnswers | null): Evaluation {
  const day = typeof when === 'string' ? when : screeningDayOf({ now: when });
  const facts = factsFromRecord(
    record.snapshot,
    { screeningDate: day, hospitalProvince: { old: h.province.old, current: h.province.current }, provinces },
    answers ?? null,
  );
  return evaluate(facts);
}

function fingerprintOf(e: Evaluation): string {
  return `${e.ruleSet.id}@${e.ruleSet.version}:${e.findings.map((f) => `${f.code}/${f.certainty}`).sort().join(',')}`;
}

/**
 * Screens a batch of patients of one hospital (census sync calls it once per page): evaluates
 * each, then writes the batch's screenings, supersessions and flags in a few bulk operations.
 * Every lookup goes by a unique key (the patients' screening states by _id, the active flags'
 * `activeFor`), so a page costs the same however many screenings the hospital has.
 * Two screenings of one patient at the same instant (a questionnaire during its census page) both
 * stay in the history and the state names the later writer's; the unique `activeFor` index still
 * keeps exactly one flag active.
 */
export async function screenMany(h: HospitalRecord, inputs: ScreenInput[]): Promise<ScreenOutcome[]> {
  if (inputs.length === 0) return [];
  const { states, stored } = await screeningStates(inputs);
  const answersOf = await answersById([...states.values()].map((st) => st.answersId).filter((id): id is Types.ObjectId => id !== null));
  const outcomes: ScreenOutcome[] = [];
  const screenings: ScreeningRecord[] = [];
  const flags: FlagRecord[] = [];
  const nextStates: { patientId: Types.ObjectId; state: ScreeningState; questionnaire: boolean }[] = [];
  const superseded: { previous: Types.ObjectId; next: Types.ObjectId }[] = [];
  for (const given of inputs) {
    const state = states.get(given.record._id.toHexString()) ?? NO_SCREENING;
    // An automatic re-screening keeps what the patient said in the last questionnaire: the record
    // may change (a new card, a discharge), the answers stand until a new questionnaire.
    const carried = given.answers ?? (state.answersId ? answersOf.get(state.answersId.toHexString()) : undefined) ?? null;
    const input = carried === given.answers ? given : { ...given, answers: carried };
    const evaluation = evaluateRecord(input.record, h, screeningDayOf(input), input.answers);
    const fingerprint = fingerprintOf(evaluation);
    if (input.kind === 'auto' && (state.currentId ? state.fingerprint === fingerprint : evaluation.findings.length === 0)) {
      // Nothing new. A patient seen for the first time still gets a state, so that later screenings know it was screened.
      if (!stored.has(input.record._id.toHexString())) nextStates.push({ patientId: input.record._id, state: state.currentId ? state : { ...state, fingerprint }, questionnaire: false });
      outcomes.push({ screening: null, flag: null });
      continue;
    }
    const screening = screeningDoc(h, input, evaluation, fingerprint);
    const flag = evaluation.findings.length > 0 ? flagDoc(h, input, screening, evaluation) : null;
    screenings.push(screening);
    if (flag) flags.push(flag);
    if (state.currentId) superseded.push({ previous: state.currentId, next: screening._id });
    nextStates.push({ patientId: input.record._id, state: { currentId: screening._id, fingerprint, answersId: input.kind === 'questionnaire' ? screening._id : state.answersId }, questionnaire: input.kind === 'questionnaire' });
    outcomes.push({ screening, flag });
  }
  // The batch's clock: the latest `now` its callers gave (one screening, or a census page).
  const batchNow = new Date(Math.max(...inputs.map((i) => i.now.getTime())));
  if (screenings.length === 0) {
    await saveStates(h, nextStates, batchNow);
    return outcomes;
  }
  await ScreeningModel.insertMany(screenings, { lean: true });
  await publishPending(screeningEvents, screenings);
  if (superseded.length) await ScreeningModel.bulkWrite(superseded.map((x) => ({ updateOne: { filter: { _id: x.previous }, update: { $set: { supersededBy: x.next } } } })));
  // The flags' write-back follows from their flag.raised events (write-back.service.ts).
  await replaceActiveFlags(screenings.map((x) => x.patientId), flags, batchNow);
  // The state last: if anything before fails, the next screening sees the old state and redoes this.
  await saveStates(h, nextStates, batchNow);
  return outcomes;
}

/**
 * Each patient's screening state, by patient id (one read by _id); `stored` names the patients
 * whose state document exists. A patient created just now has none; an older patient without one
 * (records from before the states existed) is looked up in the screenings and flags by patient,
 * once, and gets a state when this screening saves.
 */
async function screeningStates(inputs: ScreenInput[]): Promise<{ states: Map<string, ScreeningState>; stored: Set<string> }> {
  const states = new Map<string, ScreeningState>();
  const known = inputs.filter((i) => !i.firstSeen).map((i) => i.record._id);
  if (known.length === 0) return { states, stored: new Set() };
  const rows = await ScreeningStateModel.find({ _id: { $in: known } }, { currentId: 1, fingerprint: 1, answersId: 1 }).lean<(ScreeningState & { _id: Types.ObjectId })[]>();
  for (const r of rows) states.set(r._id.toHexString(), { currentId: r.currentId, fingerprint: r.fingerprint, answersId: r.answersId });
  const stored = new Set(states.keys());
  const older = known.filter((id) => !stored.has(id.toHexString()));
  if (older.length === 0) return { states, stored };
  const [current, questionnaires] = await Promise.all([
    ScreeningModel.find({ patientId: { $in: older }, supersededBy: null }, { patientId: 1, fingerprint: 1 }).lean<Pick<ScreeningRecord, '_id' | 'patientId' | 'fingerprint'>[]>(),
    ScreeningModel.find({ patientId: { $in: older }, kind: 'questionnaire' }, { patientId: 1 }).sort({ createdAt: 1 }).lean<Pick<ScreeningRecord, '_id' | 'patientId'>[]>(),
  ]);
  // Oldest questionnaire first, so each patient ends with its latest.
  for (const q of questionnaires) states.set(q.patientId.toHexString(), { ...(states.get(q.patientId.toHexString()) ?? NO_SCREENING), answersId: q._id });
  for (const c of current) states.set(c.patientId.toHexString(), { ...(states.get(c.patientId.toHexString()) ?? NO_SCREENING), currentId: c._id, fingerprint: c.fingerprint });
  await tagLegacyFlags(older);
  return { states, stored };
}

/**
 * Active flags raised before `activeFor` existed get it now (the newest per patient; any older
 * duplicate is superseded), so from here on they are found by the unique index like the others.
 */
async function tagLegacyFlags(patientIds: Types.ObjectId[]): Promise<void> {
  const legacy = await FlagModel.find({ patientId: { $in: patientIds }, status: 'active', activeFor: { $exists: false } }, { patientId: 1 })
    .sort({ createdAt: -1 })
    .lean<Pick<FlagRecord, '_id' | 'patientId'>[]>();
  for (const f of legacy) {
    try {
      await FlagModel.updateOne({ _id: f._id }, { $set: { activeFor: f.patientId } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await FlagModel.updateOne({ _id: f._id }, { $set: { status: 'superseded' } });
    }
  }
}

/**
 * Only a questionnaire moves `answersId`: an automatic screening that ran alongside a questionnaire
 * of the same patient must not put back the older answers it read.
 */
async function saveStates(h: HospitalRecord, next: { patientId: Types.ObjectId; state: ScreeningState; questionnaire: boolean }[], now: Date): Promise<void> {
  if (next.length === 0) return;
  await ScreeningStateModel.bulkWrite(
    next.map(({ patientId, state, questionnaire }) => {
      const set = { currentId: state.currentId, fingerprint: state.fingerprint, hospitalId: h._id, updatedAt: now };
      const update = questionnaire ? { $set: { ...set, answersId: state.answersId } } : { $set: set, $setOnInsert: { answersId: state.answersId } };
      return { updateOne: { filter: { _id: patientId }, update, upsert: true } };
    }),
    { ordered: false },
  );
}

async function answersById(ids: Types.ObjectId[]): Promise<Map<string, ScreeningAnswers>> {
  if (ids.length === 0) return new Map();
  const rows = await ScreeningModel.find({ _id: { $in: ids } }, { answers: 1 }).lean<Pick<ScreeningRecord, '_id' | 'answers'>[]>();
  return new Map(rows.filter((r) => r.answers).map((r) => [r._id.toHexString(), r.answers as unknown as ScreeningAnswers]));
}

/**
 * The patients' active flags are superseded and the new ones inserted active. The unique
 * `activeFor` index keeps one active flag per patient: when a screening elsewhere raised one in
 * between, that one is superseded in turn and the insert tried again (the newest flag wins).
 */
async function replaceActiveFlags(patientIds: Types.ObjectId[], flags: FlagRecord[], now: Date): Promise<void> {
  let pendingPatients = patientIds;
  let pending = flags;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await supersedeActive(pendingPatients, now);
    if (pending.length === 0) return;
    const clashed = await insertFlags(pending);
    await publishPending(flagEvents, pending.filter((f) => !clashed.includes(f)));
    if (clashed.length === 0) return;
    pending = clashed;
    pendingPatients = clashed.map((f) => f.patientId);
  }
  throw new Error('could not make the new flags active: another screening of the same patients kept winning');
}

/** The patients' active flags become superseded, each with its flag.superseded event (a few at a time). */
async function supersedeActive(patientIds: Types.ObjectId[], now: Date): Promise<void> {
  const active = await FlagModel.find({ activeFor: { $in: patientIds } }, { hospitalId: 1, patientId: 1, activeFor: 1 }).lean<FlagRecord[]>();
  for (let i = 0; i < active.length; i += 8) {
    await Promise.all(
      active.slice(i, i + 8).map((f) =>
        updateWithEvent(flagEvents, { _id: f._id, activeFor: f.activeFor }, { $set: { status: 'superseded', updatedAt: now }, $unset: { activeFor: 1 } }, flagChanged('flag.superseded', f, null), now),
      ),
    );
  }
}

/** Inserts the flags; returns those refused because their patient already had an active flag. */
async function insertFlags(flags: FlagRecord[]): Promise<FlagRecord[]> {
  try {
    await FlagModel.insertMany(flags, { ordered: false, lean: true });
    return [];
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
    if (!writeErrors?.length || writeErrors.some((e) => e.code !== 11000)) throw err;
    return writeErrors.map((e) => flags[e.index]).filter((f): f is FlagRecord => f !== undefined);
  }
}

export async function screenOne(h: HospitalRecord, input: ScreenInput): Promise<ScreenOutcome> {
  const [outcome] = await screenMany(h, [input]);
  return outcome ?? { screening: null, flag: null };
}

function screeningDoc(h: HospitalRecord, input: ScreenInput, e: Evaluation, fingerprint: string): ScreeningRecord {
  const doc: ScreeningRecord = {
    _id: new Types.ObjectId(),
    hospitalId: h._id,
    patientId: input.record._id,
    kind: input.kind,
    // The Vietnam day, as the rule set was chosen: 00:00–07:00 in Vietnam is still the previous UTC day.
    screeningDate: screeningDayOf(input),
    ruleSet: e.ruleSet,
    findings: e.findings,
    priority: e.priority,
    fingerprint,
    questionnaireResponse: input.questionnaireResponse ?? null,
    answers: (input.answers as unknown as Record<string, unknown>) ?? null,
    supersededBy: null,
    createdBy: input.by,
    createdAt: input.now,
  };
  return withFirstEvent(screeningEvents, doc, screeningRecorded(doc, e.findings.length > 0), input.now);
}

function flagDoc(h: HospitalRecord, input: ScreenInput, screening: ScreeningRecord, e: Evaluation): FlagRecord {
  const poverty = e.findings.find((f) => f.flagType === 'poverty');
  const now = input.now;
  const doc: FlagRecord = {
    _id: new Types.ObjectId(),
    hospitalId: h._id,
    patientId: input.record._id,
    screeningId: screening._id,
    status: 'active',
    activeFor: input.record._id,
    priority: e.priority,
    flagTypes: [...new Set(e.findings.map((f) => f.flagType))],
    codes: e.findings.map((f) => f.code),
    povertyCertainty: poverty?.certainty ?? null,
    findings: e.findings,
    ward: input.record.census?.ward ?? null,
    leftOn: leftOnOf(input.record.census),
    expiresAt: new Date(input.now.getTime() + FLAG_LIFETIME_DAYS * 86_400_000),
    review: null,
    // Pointing at its outbox entry already, which the flag.raised event's consumer creates.
    writeBack: initialWriteBack(h.fhir.writeBack),
    createdAt: now,
    updatedAt: now,
  };
  return withFirstEvent(flagEvents, doc, flagRaised(doc, input.by), input.now);
}
