import type { Types } from 'mongoose';
import { FlagModel, ScreeningModel, type FlagRecord, type ScreeningRecord } from './screening.model.js';

/**
 * A patient's screenings and flags at one hospital, newest first: what other features (the case
 * timeline) show of them. Read-only; the records stay this feature's.
 */
export type ScreeningSummary = Pick<ScreeningRecord, '_id' | 'kind' | 'priority' | 'createdBy' | 'createdAt'> & { codes: string[] };
export type FlagSummary = Pick<FlagRecord, '_id' | 'status' | 'priority' | 'codes' | 'flagTypes' | 'createdAt'>;

export interface HistoryRange {
  before?: Date;
  at?: Date;
}

const timeFilter = (r: HistoryRange): Record<string, unknown> => (r.at ? { createdAt: r.at } : r.before ? { createdAt: { $lt: r.before } } : {});

export async function screeningsAt(hospitalId: Types.ObjectId, patientId: Types.ObjectId, range: HistoryRange = {}, limit = 0): Promise<ScreeningSummary[]> {
  const rows = await ScreeningModel.find({ hospitalId, patientId, ...timeFilter(range) }, { kind: 1, priority: 1, createdBy: 1, createdAt: 1, 'findings.code': 1 })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .lean<(Pick<ScreeningRecord, '_id' | 'kind' | 'priority' | 'createdBy' | 'createdAt'> & { findings?: { code: string }[] })[]>();
  return rows.map((s) => ({ _id: s._id, kind: s.kind, priority: s.priority, createdBy: s.createdBy, createdAt: s.createdAt, codes: (s.findings ?? []).map((f) => f.code) }));
}

export async function flagsAt(hospitalId: Types.ObjectId, patientId: Types.ObjectId, range: HistoryRange = {}, limit = 0): Promise<FlagSummary[]> {
  return FlagModel.find({ hospitalId, patientId, ...timeFilter(range) }, { status: 1, priority: 1, codes: 1, flagTypes: 1, createdAt: 1 })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .lean<FlagSummary[]>();
}
