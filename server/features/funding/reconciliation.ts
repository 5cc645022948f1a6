import { stringify } from 'csv-stringify/sync';
import mongoose, { Schema, type Types } from 'mongoose';
import { notFound } from '../../errors.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findPatients } from '../patients/patients.service.js';
import type { ClaimsRead, ClaimsRow } from './claims-import.js';
import type { Reconciliation } from './funding.schemas.js';
import { FundingRequestModel } from './funding.model.js';
import { DisbursementModel } from './pledges.model.js';

/**
 * Reconciliation with the hospital's claims (issue 12 point 5, decision 0025): per hospital and
 * month, what charity paid to the hospital's bills, per treatment episode, in the shape of the
 * claims field T_NGUONKHAC (Decision 4210/QĐ-BYT XML1: "amount paid by other sources", per MA_LK),
 * and the differences against the claims export the hospital uploaded for the month.
 *
 * Charity to hospital bills = disbursements with payee `hospital-bill`, state `done` (a reversed
 * one paid nothing; one still `recording` is not applied yet), paid on a day of the month, of the
 * hospital's requests, grouped by the request's episode (MA_LK). A disbursement whose request has
 * no episode stays visible as a row with an empty MA_LK: money the claims cannot carry.
 * MA_BN (the hospital's own patient code, from the patient record) is for the hospital's staff only.
 */
export type ReconciliationRow = Reconciliation['rows'][number];

export interface ClaimsUploadRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  month: string;
  fileId: Types.ObjectId;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  format: ClaimsRead['format'];
  /** Records in the file, and those of another settlement month (left out). */
  records: number;
  otherMonth: number;
  /** One per episode of the month (zero amounts kept: "claimed nothing" differs from "not in the claims"). */
  rows: ClaimsRow[];
  uploadedBy: string;
  uploadedAt: Date;
}

const uploadSchema = new Schema<ClaimsUploadRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    fileName: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    format: { type: String, required: true },
    records: { type: Number, required: true },
    otherMonth: { type: Number, required: true },
    rows: { type: [{ _id: false, episodeId: String, patientCode: String, claimedVnd: Number }], default: [] },
    uploadedBy: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { collection: 'funding_claims_uploads', versionKey: false, minimize: false },
);
// The month's latest upload of a hospital (earlier ones are kept: what was uploaded when).
uploadSchema.index({ hospitalId: 1, month: 1, uploadedAt: -1, _id: -1 });

export const ClaimsUploadModel = mongoose.model<ClaimsUploadRecord>('FundingClaimsUpload', uploadSchema);

export async function saveClaimsUpload(upload: Omit<ClaimsUploadRecord, '_id'>): Promise<ClaimsUploadRecord> {
  return (await ClaimsUploadModel.create(upload)).toObject();
}

async function latestUpload(hospitalId: Types.ObjectId, month: string): Promise<ClaimsUploadRecord | null> {
  return ClaimsUploadModel.findOne({ hospitalId, month }).sort({ uploadedAt: -1, _id: -1 }).lean<ClaimsUploadRecord>();
}

/** The first day of the month and of the next one: `paidOn` is a Vietnam day `YYYY-MM-DD`. */
export function monthDays(month: string): { from: string; before: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, before: `${next}-01` };
}

interface Charity {
  episodeId: string;
  charityVnd: number;
  disbursementIds: string[];
  patientId: Types.ObjectId | null;
}

/** The month's charity payments to the hospital's bills, per episode, with the request's patient. */
async function charityByEpisode(hospitalId: Types.ObjectId, month: string): Promise<Charity[]> {
  const { from, before } = monthDays(month);
  const paid = await DisbursementModel.find(
    { hospitalId, payee: 'hospital-bill', state: 'done', paidOn: { $gte: from, $lt: before } },
    { _id: 1, requestId: 1, episodeId: 1, amountVnd: 1 },
  )
    .sort({ paidOn: 1, _id: 1 })
    .lean();
  const requests = await FundingRequestModel.find({ _id: { $in: [...new Set(paid.map((d) => d.requestId.toHexString()))] } }, { patientId: 1, episodeId: 1 }).lean();
  const byRequest = new Map(requests.map((r) => [r._id.toHexString(), r]));
  const out = new Map<string, Charity>();
  for (const d of paid) {
    const request = byRequest.get(d.requestId.toHexString());
    const episodeId = d.episodeId ?? request?.episodeId ?? '';
    // Without an episode, each request is its own row: they are not one episode.
    const key = episodeId || `request:${d.requestId.toHexString()}`;
    const row = out.get(key) ?? { episodeId, charityVnd: 0, disbursementIds: [], patientId: request?.patientId ?? null };
    row.charityVnd += d.amountVnd;
    row.disbursementIds.push(d._id.toHexString());
    out.set(key, row);
  }
  return [...out.values()];
}

/** The hospital's patient code (MA_BN) of each patient, from its patient record. */
async function patientCodes(patientIds: Types.ObjectId[]): Promise<Map<string, string | null>> {
  const records = await findPatients([...new Set(patientIds.map((id) => id.toHexString()))]);
  return new Map(records.map((p) => [p._id.toHexString(), p.search.mrn ?? p.snapshot.patient.identifiers.mrn ?? null]));
}

function statusOf(charityVnd: number, claimed: ClaimsRow | undefined, uploaded: boolean): ReconciliationRow['status'] {
  if (!uploaded) return 'no-upload';
  if (!claimed) return 'missing-in-claims';
  return claimed.claimedVnd === charityVnd ? 'match' : 'differs';
}

/** Our rows and the claims' rows side by side: every episode charity paid, and every episode the claims say others paid. */
function mergeRows(charity: Charity[], codes: Map<string, string | null>, upload: ClaimsUploadRecord | null, showCodes: boolean): ReconciliationRow[] {
  const claims = new Map((upload?.rows ?? []).map((r) => [r.episodeId, r]));
  const rows: ReconciliationRow[] = charity.map((c) => {
    const claimed = c.episodeId ? claims.get(c.episodeId) : undefined;
    const code = (c.patientId && codes.get(c.patientId.toHexString())) || claimed?.patientCode || null;
    return {
      episodeId: c.episodeId,
      patientCode: showCodes ? code : null,
      charityVnd: c.charityVnd,
      claimedVnd: claimed ? claimed.claimedVnd : null,
      differenceVnd: upload ? (claimed?.claimedVnd ?? 0) - c.charityVnd : null,
      status: statusOf(c.charityVnd, claimed, upload !== null),
      disbursementIds: c.disbursementIds,
    };
  });
  const ours = new Set(charity.map((c) => c.episodeId));
  for (const r of upload?.rows ?? []) {
    // An episode the claims say others paid for, which charity through us did not: ours to explain, or another source's.
    if (ours.has(r.episodeId) || r.claimedVnd === 0) continue;
    rows.push({ episodeId: r.episodeId, patientCode: showCodes ? r.patientCode : null, charityVnd: 0, claimedVnd: r.claimedVnd, differenceVnd: r.claimedVnd, status: 'missing-here', disbursementIds: [] });
  }
  return rows.sort((a, b) => (a.episodeId < b.episodeId ? -1 : a.episodeId > b.episodeId ? 1 : 0));
}

export interface ReconciliationResult {
  view: Reconciliation;
  /** The patients whose codes the answer shows (for the audit entry: ids only). */
  patientIds: string[];
}

/** The month's reconciliation of one hospital; `showCodes`: the hospital's own staff (MA_BN). */
export async function reconcile(hospitalId: string, month: string, showCodes: boolean): Promise<ReconciliationResult> {
  const hospital = await findHospital(hospitalId);
  if (!hospital) throw notFound('Hospital');
  const [charity, upload] = await Promise.all([charityByEpisode(hospital._id, month), latestUpload(hospital._id, month)]);
  const patients = charity.map((c) => c.patientId).filter((id): id is Types.ObjectId => id !== null);
  const codes = showCodes ? await patientCodes(patients) : new Map<string, string | null>();
  const rows = mergeRows(charity, codes, upload, showCodes);
  const view: Reconciliation = {
    hospital: { id: hospital._id.toHexString(), name: hospital.name },
    month,
    charityVnd: charity.reduce((a, c) => a + c.charityVnd, 0),
    claimedVnd: upload ? upload.rows.reduce((a, r) => a + r.claimedVnd, 0) : null,
    upload: upload ? { id: upload._id.toHexString(), fileName: upload.fileName, at: upload.uploadedAt.toISOString(), rows: upload.rows.length } : null,
    rows,
  };
  return { view, patientIds: showCodes ? [...new Set(patients.map((p) => p.toHexString()))] : [] };
}

/** The hospital's code for the CSV's file name (ASCII: it goes into a header). */
export async function hospitalCode(hospitalId: string): Promise<string> {
  return (await findHospital(hospitalId))?.code ?? 'benh-vien';
}

const STATUS_WORDS: Record<ReconciliationRow['status'], string> = {
  match: 'Khớp',
  differs: 'Chênh lệch',
  'missing-in-claims': 'Không có trong hồ sơ giám định',
  'missing-here': 'Không có khoản giải ngân tương ứng',
  'no-upload': 'Chưa tải hồ sơ giám định',
};

/** A text cell a spreadsheet would run as a formula (=, +, -, @) is quoted as text (OWASP CSV injection). */
const textCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * The CSV: MA_LK, MA_BN, T_NGUONKHAC (whole đồng, as the claims field carries it), one row per
 * episode; with an upload, the claims' value, the difference and the status in words. UTF-8 with a
 * BOM so spreadsheets read the Vietnamese.
 */
export function reconciliationCsv(r: Reconciliation): string {
  const header = ['MA_LK', 'MA_BN', 'T_NGUONKHAC', ...(r.upload ? ['T_NGUONKHAC_GIAMDINH', 'CHENH_LECH', 'TRANG_THAI'] : [])];
  const lines = r.rows.map((row) => [
    textCell(row.episodeId),
    textCell(row.patientCode ?? ''),
    String(row.charityVnd),
    ...(r.upload ? [row.claimedVnd === null ? '' : String(row.claimedVnd), String(row.differenceVnd ?? ''), STATUS_WORDS[row.status]] : []),
  ]);
  return `\uFEFF${stringify([header, ...lines], { record_delimiter: '\r\n' })}`;
}
