import { parseBhytNumber, type BhytCard, type BhytReference } from './bhyt.js';
import { readDateValue, vietnamDay } from './dates.js';
import {
  openResource,
  readArray,
  readIdAndUpdated,
  readRecord,
  readReference,
  readString,
  warn,
  type Mapped,
  type Problems,
  type SimpleReference,
} from './read.js';
import { classifyIdentifier } from './vn-core.js';

/**
 * Coverage (https://hl7.org/fhir/R4/coverage.html) → the patient's BHYT card as the module uses it.
 * The card number travels in Coverage.identifier (VN Core insurance_number system, or a plain form
 * such as type SB or a system naming "bhyt") or in Coverage.subscriberId; both are read, the
 * identifier first. Validity is a separate pure function so the snapshot stays plain data.
 */

export type CoverageStatus = 'active' | 'cancelled' | 'draft' | 'entered-in-error';

export interface InsuranceSnapshot {
  fhirId: string | null;
  status: CoverageStatus | null;
  /** The number as found, normalised (upper-case, no spaces or dashes); null when absent. */
  number: string | null;
  /** The number parsed; null when absent or unreadable (see problems). */
  card: BhytCard | null;
  /** date or dateTime as sent; the card's printed validity ("Giá trị sử dụng từ … đến …"). */
  period: { start: string | null; end: string | null };
  beneficiary: SimpleReference | null;
  payor: string | null;
  lastUpdated: string | null;
}

const STATUSES: readonly CoverageStatus[] = ['active', 'cancelled', 'draft', 'entered-in-error'];

export function mapCoverage(input: unknown, ref: Pick<BhytReference, 'groups' | 'provinces'>): Mapped<InsuranceSnapshot> {
  const opened = openResource(input, 'Coverage');
  if (!opened.ok) return opened;
  const res = opened.resource;
  const problems: Problems = [];
  const { fhirId, lastUpdated } = readIdAndUpdated(res, problems);
  const number = findNumber(res, problems);
  const period = readRecord(res.period, 'Coverage.period', problems);
  const value: InsuranceSnapshot = {
    fhirId,
    status: readStatus(res.status, problems),
    number: number ? number.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase() : null,
    card: number ? parseCard(number, ref, problems) : null,
    period: {
      start: readDateValue(period?.start, 'Coverage.period.start', problems, 'dateTime'),
      end: readDateValue(period?.end, 'Coverage.period.end', problems, 'dateTime'),
    },
    beneficiary: readReference(res.beneficiary, 'Coverage.beneficiary', problems),
    payor: readPayor(res, problems),
    lastUpdated,
  };
  if (!value.beneficiary) warn(problems, 'COVERAGE.NO_BENEFICIARY', 'Coverage.beneficiary', 'coverage names no beneficiary');
  return { ok: true, value, problems };
}

function findNumber(res: Record<string, unknown>, problems: Problems): string | null {
  for (const [i, raw] of readArray(res.identifier, 'Coverage.identifier', problems).entries()) {
    const id = classifyIdentifier(raw, `Coverage.identifier[${i}]`, problems);
    if (id?.kind === 'bhyt') return id.value;
  }
  const subscriberId = readString(res.subscriberId, 'Coverage.subscriberId', problems);
  if (!subscriberId) warn(problems, 'COVERAGE.NO_NUMBER', 'Coverage', 'no BHYT number in identifier or subscriberId');
  return subscriberId;
}

function parseCard(number: string, ref: Pick<BhytReference, 'groups' | 'provinces'>, problems: Problems): BhytCard | null {
  const parsed = parseBhytNumber(number, ref);
  for (const e of parsed.ok ? parsed.warnings : parsed.errors) warn(problems, e.code, 'Coverage', e.message);
  return parsed.ok ? parsed.card : null;
}

function readStatus(v: unknown, problems: Problems): CoverageStatus | null {
  const s = readString(v, 'Coverage.status', problems);
  const hit = STATUSES.find((x) => x === s);
  if (s === null) warn(problems, 'COVERAGE.NO_STATUS', 'Coverage.status', 'coverage has no status (required in R4)');
  else if (!hit) warn(problems, 'FHIR.BAD_CODE', 'Coverage.status', `'${s}' is not a FinancialResourceStatusCodes code`);
  return hit ?? null;
}

/** R4 payor (1..*); R5's `insurer` is read too when a server sends it (reported as non-R4). */
function readPayor(res: Record<string, unknown>, problems: Problems): string | null {
  const payors = readArray(res.payor, 'Coverage.payor', problems).map((p, i) => readReference(p, `Coverage.payor[${i}]`, problems));
  const first = payors.find((p) => p?.display)?.display ?? null;
  if (first || res.insurer === undefined) return first;
  warn(problems, 'FHIR.NON_R4_FIELD', 'Coverage.insurer', 'insurer is an R5 element; read as the payor');
  return readReference(res.insurer, 'Coverage.insurer', problems)?.display ?? null;
}

/** A bound as a comparable day prefix: partial dates stay partial, dateTimes become the Vietnam day. */
function boundDay(v: string | null): string | null {
  if (!v) return null;
  return v.length <= 10 ? v : vietnamDay(v);
}

export type CoverageValidity = 'valid' | 'inactive' | 'not-yet-valid' | 'expired';

/**
 * Whether the card can be used on `date` (YYYY-MM-DD or a dateTime): status active and the date
 * within the period, both ends inclusive (the card reads "from … to …" inclusive). A missing bound
 * is open; a partial bound (2026-12) covers its whole month or year.
 */
export function coverageValidity(snapshot: Pick<InsuranceSnapshot, 'status' | 'period'>, date: string): CoverageValidity {
  if (snapshot.status !== 'active') return 'inactive';
  const day = boundDay(date) ?? date.slice(0, 10);
  const start = boundDay(snapshot.period.start);
  const end = boundDay(snapshot.period.end);
  if (start && day.slice(0, start.length) < start) return 'not-yet-valid';
  if (end && day.slice(0, end.length) > end) return 'expired';
  return 'valid';
}

export function isValidOn(snapshot: Pick<InsuranceSnapshot, 'status' | 'period'>, date: string): boolean {
  return coverageValidity(snapshot, date) === 'valid';
}
