import type { Account, ChargeItem, Coverage, Encounter, Organization, Patient, Reference } from '@medplum/fhirtypes';
import { BHYT_BENEFIT_LEVELS, type BenefitDigit } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { applyPercentVnd } from '../../../fhir-mappings/money.js';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { CHARGE_KINDS, DEPARTMENTS, type ChargeKind, type Diagnosis, type Vnd } from './catalogue.js';
import { DEMO_SYSTEMS } from './demo-systems.js';
import type { Insurance } from './insurance.js';
import type { Rng } from './prng.js';
import type { Stay } from './stays.js';
import { DAY, instant, vnDate, vnDateTime } from './time.js';

/**
 * The bill of each stay as ChargeItems (priceOverride = the line's total, as R4 defines it) on one
 * Account per stay, in whole VND. A stay still under way has been billed for the days so far.
 * Each line states what BHYT pays (the module's insurance-paid extension): the card's benefit share
 * of covered items when the card was valid on admission, nothing for out-of-list items.
 */
export interface ChargeLine {
  kind: ChargeKind;
  label: string;
  quantity: number;
  amount: number;
}

const round1000 = (x: number): number => Math.max(1000, Math.round(x / 1000) * 1000);
const within = (rng: Rng, [lo, hi]: Vnd): number => rng.between(lo, hi);
const line = (kind: ChargeKind, label: string, quantity: number, amount: number): ChargeLine => ({
  kind,
  label,
  quantity,
  amount: round1000(amount),
});
const EXAM = 42_000;

/** Days billed so far: the whole stay once it ended, else the days since admission (at least one). */
export function billedDays(stay: Stay, nowMs: number): number {
  if (stay.endMs !== undefined) return Math.max(1, stay.los);
  return Math.max(1, Math.ceil((nowMs - stay.startMs) / DAY));
}

export function chargeLines(rng: Rng, stay: Stay, dx: Diagnosis, nowMs: number): ChargeLine[] {
  if (stay.cls === 'EMER') return emergencyLines(rng, dx);
  if (stay.cls === 'AMB') return stay.los > 0 ? dialysisCourse(rng) : visitLines(rng);
  const days = billedDays(stay, nowMs);
  const icu = Math.min(stay.icuDays, days);
  const drugs = days * rng.logNormal((dx.drugsPerDay[0] + dx.drugsPerDay[1]) / 2, 0.25);
  const lines = [line('exam', 'Khám bệnh', 1, EXAM)];
  if (icu > 0) lines.push(line('bed', 'Ngày giường hồi sức tích cực', icu, icu * within(rng, DEPARTMENTS.HSTC.bedDay)));
  if (days > icu) lines.push(line('bed', `Ngày giường bệnh ${stay.dept.name}`, days - icu, (days - icu) * within(rng, stay.dept.bedDay)));
  lines.push(line('lab', 'Xét nghiệm huyết học, sinh hóa, vi sinh', Math.ceil(days / 2), days * rng.between(80_000, 300_000)));
  lines.push(line('imaging', 'X-quang, siêu âm', 1, rng.between(150_000, 600_000)));
  lines.push(line('drug', 'Thuốc, dịch truyền', 1, drugs));
  lines.push(line('supply', 'Vật tư y tế tiêu hao', 1, drugs * rng.between(0.08, 0.15)));
  for (const extra of dx.extras ?? []) {
    // Operations and scans belong to the index stay; earlier stays repeat only courses (chemotherapy, blood).
    if ((!stay.index && (extra.kind === 'procedure' || extra.kind === 'imaging')) || !rng.chance(extra.p)) continue;
    const quantity = extra.count ? rng.int(extra.count[0], extra.count[1]) : 1;
    lines.push(line(extra.kind, extra.label, quantity, quantity * within(rng, extra.cost)));
  }
  return lines;
}

function emergencyLines(rng: Rng, dx: Diagnosis): ChargeLine[] {
  const ct = dx.extras?.find((e) => e.label.includes('CT'));
  return [
    line('exam', 'Khám cấp cứu', 1, EXAM),
    line('bed', 'Ngày giường lưu cấp cứu', 1, within(rng, DEPARTMENTS.CC.bedDay)),
    line('lab', 'Xét nghiệm cấp cứu', 1, rng.between(150_000, 400_000)),
    ct ? line('imaging', ct.label, 1, within(rng, ct.cost)) : line('imaging', 'X-quang', 1, rng.between(100_000, 300_000)),
    line('drug', 'Thuốc, dịch truyền cấp cứu', 1, rng.between(200_000, 1_500_000)),
  ];
}

function dialysisCourse(rng: Rng): ChargeLine[] {
  const sessions = rng.int(11, 13);
  return [
    line('exam', 'Khám bệnh', 1, EXAM),
    line('dialysis', 'Thận nhân tạo chu kỳ', sessions, sessions * rng.between(550_000, 1_200_000)),
    line('drug', 'Erythropoietin, thuốc chống đông', 1, rng.between(1_000_000, 3_000_000)),
    line('lab', 'Xét nghiệm định kỳ', 1, rng.between(200_000, 500_000)),
  ];
}

function visitLines(rng: Rng): ChargeLine[] {
  const lines = [line('exam', 'Khám bệnh', 1, EXAM), line('lab', 'Xét nghiệm', 1, rng.between(100_000, 500_000))];
  if (rng.chance(0.5)) lines.push(line('imaging', 'X-quang, siêu âm', 1, rng.between(150_000, 800_000)));
  lines.push(line('drug', 'Thuốc ngoại trú', 1, rng.between(100_000, 1_500_000)));
  return lines;
}

/** The card covers the stay when it was valid on the day of admission. */
export function coversStay(ins: Insurance | null, stay: Stay): boolean {
  return ins !== null && ins.startMs <= stay.startMs && stay.startMs <= ins.endMs + DAY;
}

function insurancePaid(l: ChargeLine, ins: Insurance | null, covered: boolean): number {
  if (!ins || !covered || !CHARGE_KINDS[l.kind].covered) return 0;
  const share = BHYT_BENEFIT_LEVELS[0]?.shares[ins.benefit as BenefitDigit];
  return share ? applyPercentVnd(l.amount, share.percent) : 0;
}

export interface BillInput {
  stay: Stay;
  lines: readonly ChargeLine[];
  ins: Insurance | null;
  accountId: string;
  chargeId: (n: number) => string;
  patient: Reference<Patient>;
  encounter: Reference<Encounter>;
  organization: Reference<Organization>;
  coverage: Reference<Coverage> | undefined;
  nowMs: number;
}

export function chargeItems(b: BillInput): ChargeItem[] {
  const covered = coversStay(b.ins, b.stay);
  const endMs = b.stay.endMs ?? b.nowMs;
  return b.lines.map((l, i) => ({
    resourceType: 'ChargeItem',
    id: b.chargeId(i + 1),
    meta: { versionId: '1', lastUpdated: instant(endMs) },
    extension: [{ url: SYSTEMS.nhipcau.insurancePaidExtension, valueMoney: { value: insurancePaid(l, b.ins, covered), currency: 'VND' } }],
    status: b.stay.endMs === undefined ? 'billable' : 'billed',
    code: { coding: [{ system: DEMO_SYSTEMS.chargeGroup, code: l.kind, display: CHARGE_KINDS[l.kind].display }], text: l.label },
    subject: b.patient,
    context: b.encounter,
    occurrencePeriod: { start: vnDateTime(b.stay.startMs), end: vnDateTime(endMs) },
    enteredDate: vnDateTime(endMs),
    quantity: { value: l.quantity },
    priceOverride: { value: l.amount, currency: 'VND' },
    account: [{ reference: `Account/${b.accountId}` }],
  }));
}

export function accountResource(b: BillInput): Account {
  const covered = coversStay(b.ins, b.stay) && b.coverage !== undefined;
  const finished = b.stay.endMs !== undefined;
  return {
    resourceType: 'Account',
    id: b.accountId,
    meta: { versionId: '1', lastUpdated: instant(b.stay.endMs ?? b.nowMs) },
    status: finished ? 'inactive' : 'active',
    type: { coding: [{ system: SYSTEMS.hl7.actCode, code: 'PBILLACCT', display: 'patient billing account' }] },
    name: `Viện phí ${b.stay.dept.name} từ ${vnDate(b.stay.startMs)}`,
    subject: [b.patient],
    servicePeriod: { start: vnDateTime(b.stay.startMs), ...(finished ? { end: vnDateTime(b.stay.endMs as number) } : {}) },
    ...(covered && b.coverage ? { coverage: [{ coverage: b.coverage, priority: 1 }] } : {}),
    owner: b.organization,
    description: covered ? 'Bệnh nhân có thẻ BHYT hợp lệ' : 'Bệnh nhân tự chi trả (không có thẻ BHYT hợp lệ)',
  };
}
