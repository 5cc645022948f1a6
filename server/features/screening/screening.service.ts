import { Types } from 'mongoose';
import type { HospitalRecord } from '../admin/hospitals.model.js';
import type { PatientRecord } from '../patients/patients.model.js';
import { northernProvinces } from '../../reference-data/index.js';
import { evaluate, factsFromRecord, type Evaluation, type ScreeningAnswers } from './rules/index.js';
import { FlagModel, ScreeningModel, type FlagRecord, type ScreeningRecord } from './screening.model.js';
import { enqueueWriteBack } from './write-back.service.js';

/**
 * Screening: scores a patient's record (and, for a questionnaire, the answers) with the rule set
 * in force on the screening date, keeps the screening, and raises the flag with its reasons.
 * A new screening supersedes the patient's last (history kept); an automatic re-screening that
 * finds exactly what the last one found adds nothing, so census sync does not churn flags.
 */
export const FLAG_LIFETIME_DAYS = 30;

export interface ScreenInput {
  record: PatientRecord;
  kind: 'auto' | 'questionnaire';
  answers?: ScreeningAnswers | null;
  questionnaireResponse?: Record<string, unknown> | null;
  by: string;
  now: Date;
}

export interface ScreenOutcome {
  screening: ScreeningRecord | null;
  flag: FlagRecord | null;
}

export function evaluateRecord(record: PatientRecord, h: HospitalRecord, now: Date, answers?: ScreeningAnswers | null): Evaluation {
  const facts = factsFromRecord(
    record.snapshot,
    { screeningDate: now.toISOString(), hospitalProvince: { old: h.province.old, current: h.province.current }, provinces: northernProvinces },
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
 */
export async function screenMany(h: HospitalRecord, inputs: ScreenInput[]): Promise<ScreenOutcome[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map((i) => i.record._id);
  const current = await ScreeningModel.find({ patientId: { $in: ids }, supersededBy: null }, { patientId: 1, fingerprint: 1 }).lean<Pick<ScreeningRecord, '_id' | 'patientId' | 'fingerprint'>[]>();
  const currentOf = new Map(current.map((c) => [c.patientId.toHexString(), c]));
  const answersOf = await latestAnswers(inputs.filter((i) => i.kind === 'auto' && !i.answers).map((i) => i.record._id));
  const outcomes: ScreenOutcome[] = [];
  const screenings: ScreeningRecord[] = [];
  const flags: FlagRecord[] = [];
  const superseded: { previous: Types.ObjectId; next: Types.ObjectId }[] = [];
  for (const given of inputs) {
    // An automatic re-screening keeps what the patient said in the last questionnaire: the record
    // may change (a new card, a discharge), the answers stand until a new questionnaire.
    const carried = given.answers ?? answersOf.get(given.record._id.toHexString()) ?? null;
    const input = carried === given.answers ? given : { ...given, answers: carried };
    const evaluation = evaluateRecord(input.record, h, input.now, input.answers);
    const fingerprint = fingerprintOf(evaluation);
    const previous = currentOf.get(input.record._id.toHexString());
    if (input.kind === 'auto' && (previous ? previous.fingerprint === fingerprint : evaluation.findings.length === 0)) {
      outcomes.push({ screening: null, flag: null });
      continue;
    }
    const screening = screeningDoc(h, input, evaluation, fingerprint);
    const flag = evaluation.findings.length > 0 ? flagDoc(h, input, screening, evaluation) : null;
    screenings.push(screening);
    if (flag) flags.push(flag);
    if (previous) superseded.push({ previous: previous._id, next: screening._id });
    outcomes.push({ screening, flag });
  }
  if (screenings.length === 0) return outcomes;
  await ScreeningModel.insertMany(screenings);
  if (superseded.length) await ScreeningModel.bulkWrite(superseded.map((x) => ({ updateOne: { filter: { _id: x.previous }, update: { $set: { supersededBy: x.next } } } })));
  await FlagModel.updateMany({ patientId: { $in: screenings.map((x) => x.patientId) }, status: 'active' }, { $set: { status: 'superseded' } });
  if (flags.length) await FlagModel.insertMany(flags);
  if (h.fhir.writeBack) {
    for (const [i, o] of outcomes.entries()) {
      const record = inputs[i]?.record;
      if (o.flag && o.screening && record) await enqueueWriteBack(h, record, o.screening, o.flag);
    }
  }
  return outcomes;
}

async function latestAnswers(patientIds: Types.ObjectId[]): Promise<Map<string, ScreeningAnswers>> {
  if (patientIds.length === 0) return new Map();
  const rows = await ScreeningModel.find({ patientId: { $in: patientIds }, kind: 'questionnaire' }, { patientId: 1, answers: 1, createdAt: 1 })
    .sort({ createdAt: -1 })
    .lean<Pick<ScreeningRecord, 'patientId' | 'answers'>[]>();
  const out = new Map<string, ScreeningAnswers>();
  for (const r of rows) {
    const key = r.patientId.toHexString();
    if (!out.has(key) && r.answers) out.set(key, r.answers as unknown as ScreeningAnswers);
  }
  return out;
}

export async function screenOne(h: HospitalRecord, input: ScreenInput): Promise<ScreenOutcome> {
  const [outcome] = await screenMany(h, [input]);
  return outcome ?? { screening: null, flag: null };
}

function screeningDoc(h: HospitalRecord, input: ScreenInput, e: Evaluation, fingerprint: string): ScreeningRecord {
  return {
    _id: new Types.ObjectId(),
    hospitalId: h._id,
    patientId: input.record._id,
    kind: input.kind,
    screeningDate: input.now.toISOString().slice(0, 10),
    ruleSet: e.ruleSet,
    findings: e.findings,
    priority: e.priority,
    fingerprint,
    questionnaireResponse: input.questionnaireResponse ?? null,
    answers: (input.answers as unknown as Record<string, unknown>) ?? null,
    supersededBy: null,
    createdBy: input.by,
    createdAt: new Date(),
  };
}

function flagDoc(h: HospitalRecord, input: ScreenInput, screening: ScreeningRecord, e: Evaluation): FlagRecord {
  const poverty = e.findings.find((f) => f.flagType === 'poverty');
  const now = new Date();
  return {
    _id: new Types.ObjectId(),
    hospitalId: h._id,
    patientId: input.record._id,
    screeningId: screening._id,
    status: 'active',
    priority: e.priority,
    flagTypes: [...new Set(e.findings.map((f) => f.flagType))],
    codes: e.findings.map((f) => f.code),
    povertyCertainty: poverty?.certainty ?? null,
    findings: e.findings,
    ward: input.record.census?.ward ?? null,
    expiresAt: new Date(input.now.getTime() + FLAG_LIFETIME_DAYS * 86_400_000),
    review: null,
    writeBack: { status: h.fhir.writeBack ? 'pending' : 'disabled', outboxId: null, lastError: null },
    createdAt: now,
    updatedAt: now,
  };
}
