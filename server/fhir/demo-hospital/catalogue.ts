/**
 * What a provincial general hospital in Lào Cai treats, and roughly what it costs: diagnoses
 * (WHO ICD-10 codes as used by the Ministry of Health), departments, charge groups and prices in
 * whole VND. Prices are demo magnitudes shaped after the BHYT price lists (bed-days of a class-I
 * hospital, dialysis sessions, transfusions, surgery packages), not a tariff. High-cost groups are
 * the ones social work raises funds for: cancer (C00–C97), end-stage renal disease (N18.5),
 * thalassaemia (D56), major trauma (S06, T07) and preterm birth (P07).
 */
export type Band = 'neonate' | 'infant' | 'child' | 'school' | 'young' | 'adult' | 'middle' | 'elder' | 'old';
export type CostGroup = 'cancer' | 'esrd' | 'thalassaemia' | 'trauma' | 'preterm' | 'common';
export type Vnd = readonly [number, number];

/** Share of inpatients by age band; many children and elders, as on a provincial ward. */
export const AGE_BANDS: readonly { band: Band; weight: number; minDays: number; maxDays: number }[] = [
  { band: 'neonate', weight: 4, minDays: 0, maxDays: 27 },
  { band: 'infant', weight: 5, minDays: 28, maxDays: 364 },
  { band: 'child', weight: 10, minDays: 365, maxDays: 6 * 365 - 1 },
  { band: 'school', weight: 8, minDays: 6 * 365, maxDays: 16 * 365 - 1 },
  { band: 'young', weight: 12, minDays: 16 * 365, maxDays: 30 * 365 - 1 },
  { band: 'adult', weight: 14, minDays: 30 * 365, maxDays: 45 * 365 - 1 },
  { band: 'middle', weight: 17, minDays: 45 * 365, maxDays: 60 * 365 - 1 },
  { band: 'elder', weight: 18, minDays: 60 * 365, maxDays: 75 * 365 - 1 },
  { band: 'old', weight: 12, minDays: 75 * 365, maxDays: 95 * 365 },
];
export const CHILD_BANDS: readonly Band[] = ['neonate', 'infant', 'child', 'school'];

export interface Department {
  code: string;
  name: string;
  /** Bed-day price; intensive-care beds cost about three times a ward bed. */
  bedDay: Vnd;
  intensive?: boolean;
}

const dept = (code: string, name: string, bedDay: Vnd, intensive = false): Department => ({ code, name, bedDay, intensive });
// prettier-ignore
export const DEPARTMENTS = {
  KB: dept('KB', 'Khoa Khám bệnh', [0, 0]),
  CC: dept('CC', 'Khoa Cấp cứu', [250_000, 320_000]),
  NHI: dept('NHI', 'Khoa Nhi', [230_000, 300_000]),
  SS: dept('SS', 'Khoa Hồi sức sơ sinh', [550_000, 800_000], true),
  SAN: dept('SAN', 'Khoa Phụ sản', [230_000, 300_000]),
  NOI: dept('NOI', 'Khoa Nội tổng hợp', [220_000, 290_000]),
  TM: dept('TM', 'Khoa Tim mạch – Lão khoa', [220_000, 290_000]),
  TK: dept('TK', 'Khoa Thần kinh', [220_000, 290_000]),
  TH: dept('TH', 'Khoa Nội thận – Lọc máu', [220_000, 290_000]),
  UB: dept('UB', 'Khoa Ung bướu', [230_000, 300_000]),
  HH: dept('HH', 'Khoa Huyết học – Truyền máu', [230_000, 300_000]),
  NGOAI: dept('NGOAI', 'Khoa Ngoại tổng hợp', [250_000, 320_000]),
  CTCH: dept('CTCH', 'Khoa Chấn thương chỉnh hình', [250_000, 320_000]),
  NTK: dept('NTK', 'Khoa Ngoại thần kinh', [250_000, 320_000]),
  HSTC: dept('HSTC', 'Khoa Hồi sức tích cực – Chống độc', [650_000, 900_000], true),
  TN: dept('TN', 'Khoa Truyền nhiễm', [220_000, 290_000]),
} as const;
export type DeptCode = keyof typeof DEPARTMENTS;

/** Charge groups (after the cost groups of the Decision 4210/130 claims export); out-of-list items are not paid by BHYT. */
export const CHARGE_KINDS = {
  exam: { display: 'Khám bệnh', covered: true },
  bed: { display: 'Ngày giường bệnh', covered: true },
  lab: { display: 'Xét nghiệm', covered: true },
  imaging: { display: 'Chẩn đoán hình ảnh, thăm dò chức năng', covered: true },
  drug: { display: 'Thuốc, dịch truyền', covered: true },
  supply: { display: 'Vật tư y tế', covered: true },
  procedure: { display: 'Phẫu thuật, thủ thuật', covered: true },
  blood: { display: 'Máu và chế phẩm máu', covered: true },
  dialysis: { display: 'Thận nhân tạo', covered: true },
  chemo: { display: 'Thuốc điều trị ung thư', covered: true },
  outOfList: { display: 'Thuốc, dịch vụ ngoài danh mục BHYT', covered: false },
} as const;
export type ChargeKind = keyof typeof CHARGE_KINDS;

export interface Extra {
  kind: ChargeKind;
  label: string;
  cost: Vnd;
  p: number;
  /** Repeated items (units of blood, dialysis sessions): how many per stay. */
  count?: readonly [number, number];
}

export interface Diagnosis {
  code: string;
  display: string;
  group: CostGroup;
  dept: DeptCode;
  /** Department for children (bands neonate to school) when it differs. */
  deptChild?: DeptCode;
  bands: readonly Band[];
  weight: number;
  sex?: 'male' | 'female';
  /** Multiplier of the weight for men (trauma, alcohol) or, below 1, for women. */
  maleFactor?: number;
  /** Multiplier of the weight for ethnic minorities (thalassaemia, malnutrition are commoner). */
  minorityFactor?: number;
  los: readonly [number, number];
  drugsPerDay: Vnd;
  /** Days in intensive care before the ward. */
  icuDays?: readonly [number, number];
  extras?: readonly Extra[];
  /** Arrives through the emergency department. */
  emergency?: boolean;
  /** Chronic: earlier stays in the past year (how many), and the condition stays active. */
  prior?: readonly [number, number];
  /** Earlier stays are monthly outpatient courses (dialysis) rather than admissions. */
  priorOutpatient?: boolean;
}

const ADULTS: readonly Band[] = ['young', 'adult', 'middle', 'elder', 'old'];
const OLDER: readonly Band[] = ['middle', 'elder', 'old'];
const M = 1_000_000;
const ct: Extra = { kind: 'imaging', label: 'Chụp cắt lớp vi tính (CT)', cost: [0.8 * M, 2.2 * M], p: 0.9 };
const transfusion = (units: readonly [number, number], p = 1): Extra => ({
  kind: 'blood',
  label: 'Khối hồng cầu 350 ml',
  cost: [650_000, 1_100_000],
  p,
  count: units,
});
const chemo = (cost: Vnd, p: number): Extra => ({ kind: 'chemo', label: 'Hóa chất điều trị ung thư (một đợt)', cost, p });
const surgery = (label: string, cost: Vnd, p: number): Extra => ({ kind: 'procedure', label, cost, p });

// One diagnosis per line reads as a table.
// prettier-ignore
export const DIAGNOSES: readonly Diagnosis[] = [
  // High-cost: cancer
  { code: 'C22.0', display: 'Ung thư biểu mô tế bào gan', group: 'cancer', dept: 'UB', bands: ['adult', ...OLDER], weight: 2.2, maleFactor: 1.8, los: [6, 18], drugsPerDay: [0.6 * M, 1.5 * M], extras: [ct, surgery('Nút mạch hóa chất động mạch gan (TACE)', [25 * M, 45 * M], 0.45)], prior: [1, 3] },
  { code: 'C34.9', display: 'Ung thư phế quản – phổi', group: 'cancer', dept: 'UB', bands: OLDER, weight: 2, maleFactor: 1.6, los: [7, 20], drugsPerDay: [0.5 * M, 1.2 * M], extras: [ct, chemo([12 * M, 45 * M], 0.6), { kind: 'outOfList', label: 'Thuốc điều trị đích (ngoài danh mục)', cost: [40 * M, 160 * M], p: 0.15 }], prior: [1, 4] },
  { code: 'C16.9', display: 'Ung thư dạ dày', group: 'cancer', dept: 'UB', bands: OLDER, weight: 1.4, los: [8, 20], drugsPerDay: [0.5 * M, 1.2 * M], extras: [ct, surgery('Phẫu thuật cắt dạ dày', [25 * M, 60 * M], 0.5), chemo([10 * M, 35 * M], 0.4)], prior: [0, 3] },
  { code: 'C50.9', display: 'Ung thư vú', group: 'cancer', dept: 'UB', bands: ['adult', 'middle', 'elder'], sex: 'female', weight: 2, los: [5, 14], drugsPerDay: [0.4 * M, 1 * M], extras: [surgery('Phẫu thuật cắt tuyến vú triệt căn', [18 * M, 35 * M], 0.4), chemo([10 * M, 40 * M], 0.6), { kind: 'outOfList', label: 'Trastuzumab (ngoài danh mục)', cost: [30 * M, 90 * M], p: 0.15 }], prior: [1, 5] },
  { code: 'C53.9', display: 'Ung thư cổ tử cung', group: 'cancer', dept: 'UB', bands: ['adult', 'middle', 'elder'], sex: 'female', weight: 1.6, los: [7, 21], drugsPerDay: [0.4 * M, 1 * M], extras: [chemo([8 * M, 30 * M], 0.6), surgery('Xạ trị (một đợt)', [20 * M, 50 * M], 0.3)], prior: [1, 4] },
  { code: 'C18.9', display: 'Ung thư đại tràng', group: 'cancer', dept: 'UB', bands: OLDER, weight: 1, los: [8, 18], drugsPerDay: [0.5 * M, 1.2 * M], extras: [surgery('Phẫu thuật cắt đoạn đại tràng', [25 * M, 50 * M], 0.5), chemo([10 * M, 35 * M], 0.5)], prior: [0, 3] },
  { code: 'C91.0', display: 'Bạch cầu cấp dòng lympho', group: 'cancer', dept: 'HH', deptChild: 'NHI', bands: ['child', 'school', 'young'], weight: 1.2, los: [14, 35], drugsPerDay: [0.6 * M, 1.5 * M], extras: [chemo([20 * M, 80 * M], 0.9), transfusion([2, 6], 0.8)], prior: [2, 6] },
  // High-cost: end-stage renal disease (dialysis patients also come monthly for outpatient sessions)
  { code: 'N18.5', display: 'Bệnh thận mạn giai đoạn 5', group: 'esrd', dept: 'TH', bands: ADULTS, weight: 2.5, los: [5, 14], drugsPerDay: [0.3 * M, 0.8 * M], extras: [{ kind: 'dialysis', label: 'Thận nhân tạo chu kỳ (một lần)', cost: [550_000, 1_200_000], p: 1, count: [2, 6] }, surgery('Lọc máu liên tục (CRRT)', [15 * M, 35 * M], 0.15), surgery('Phẫu thuật tạo thông động – tĩnh mạch', [4 * M, 8 * M], 0.2)], prior: [5, 11], priorOutpatient: true },
  // High-cost: thalassaemia (monthly transfusions; commoner among Tày, Dao, Thái, Nùng, HMông)
  { code: 'D56.1', display: 'Bệnh beta thalassaemia', group: 'thalassaemia', dept: 'HH', deptChild: 'NHI', bands: ['child', 'school', 'young', 'adult'], weight: 1.3, minorityFactor: 3, los: [2, 6], drugsPerDay: [0.2 * M, 0.5 * M], extras: [transfusion([2, 4]), { kind: 'drug', label: 'Thuốc thải sắt (deferasirox)', cost: [3 * M, 9 * M], p: 0.7 }], prior: [4, 11] },
  { code: 'D56.0', display: 'Bệnh alpha thalassaemia (HbH)', group: 'thalassaemia', dept: 'HH', deptChild: 'NHI', bands: ['child', 'school', 'young', 'adult'], weight: 0.8, minorityFactor: 3, los: [2, 5], drugsPerDay: [0.2 * M, 0.5 * M], extras: [transfusion([1, 3])], prior: [1, 4] },
  // High-cost: major trauma (road accidents on mountain roads, falls)
  { code: 'S06.5', display: 'Chấn thương sọ não – máu tụ dưới màng cứng', group: 'trauma', dept: 'NTK', bands: ['school', ...ADULTS], weight: 1.1, maleFactor: 2.5, los: [7, 25], icuDays: [2, 10], drugsPerDay: [0.8 * M, 2 * M], extras: [ct, surgery('Phẫu thuật mở sọ lấy máu tụ', [12 * M, 30 * M], 0.6)], emergency: true },
  { code: 'S06.3', display: 'Chấn thương sọ não – tổn thương khu trú', group: 'trauma', dept: 'NTK', bands: ['school', ...ADULTS], weight: 0.8, maleFactor: 2.5, los: [5, 18], icuDays: [1, 6], drugsPerDay: [0.6 * M, 1.5 * M], extras: [ct, surgery('Phẫu thuật dẫn lưu, giải áp', [10 * M, 25 * M], 0.3)], emergency: true },
  { code: 'T07', display: 'Đa chấn thương', group: 'trauma', dept: 'HSTC', bands: ['school', ...ADULTS], weight: 0.9, maleFactor: 2.5, los: [10, 35], icuDays: [3, 14], drugsPerDay: [1 * M, 2.5 * M], extras: [ct, surgery('Phẫu thuật cầm máu, kết hợp xương', [20 * M, 80 * M], 0.8), transfusion([3, 10])], emergency: true },
  // High-cost: preterm and low birth weight
  { code: 'P07.0', display: 'Trẻ cực nhẹ cân (dưới 1000 g)', group: 'preterm', dept: 'SS', bands: ['neonate'], weight: 0.6, los: [40, 80], drugsPerDay: [1.2 * M, 2.5 * M], extras: [{ kind: 'drug', label: 'Surfactant (poractant alfa)', cost: [12 * M, 18 * M], p: 0.8 }] },
  { code: 'P07.1', display: 'Trẻ nhẹ cân khác (1000–2499 g)', group: 'preterm', dept: 'SS', bands: ['neonate'], weight: 2, los: [10, 35], drugsPerDay: [0.5 * M, 1.2 * M], extras: [{ kind: 'drug', label: 'Surfactant (poractant alfa)', cost: [12 * M, 18 * M], p: 0.2 }] },
  { code: 'P07.3', display: 'Trẻ đẻ non khác', group: 'preterm', dept: 'SS', bands: ['neonate'], weight: 2, los: [7, 25], drugsPerDay: [0.4 * M, 1 * M], extras: [{ kind: 'drug', label: 'Surfactant (poractant alfa)', cost: [12 * M, 18 * M], p: 0.15 }] },
  // Newborns
  { code: 'P59.9', display: 'Vàng da sơ sinh', group: 'common', dept: 'SS', bands: ['neonate'], weight: 3, los: [3, 7], drugsPerDay: [0.1 * M, 0.3 * M], extras: [surgery('Chiếu đèn điều trị vàng da', [300_000, 800_000], 0.9)] },
  { code: 'P36.9', display: 'Nhiễm khuẩn huyết sơ sinh', group: 'common', dept: 'SS', bands: ['neonate'], weight: 2, los: [7, 14], drugsPerDay: [0.4 * M, 1 * M] },
  { code: 'P22.1', display: 'Thở nhanh thoáng qua ở trẻ sơ sinh', group: 'common', dept: 'SS', bands: ['neonate'], weight: 1.5, los: [3, 7], drugsPerDay: [0.2 * M, 0.5 * M] },
  // Children
  { code: 'J18.9', display: 'Viêm phổi', group: 'common', dept: 'NOI', deptChild: 'NHI', bands: ['infant', 'child', 'school', 'elder', 'old'], weight: 6, los: [5, 10], drugsPerDay: [0.2 * M, 0.6 * M] },
  { code: 'J21.9', display: 'Viêm tiểu phế quản cấp', group: 'common', dept: 'NHI', bands: ['infant', 'child'], weight: 4, los: [4, 8], drugsPerDay: [0.15 * M, 0.4 * M] },
  { code: 'A09', display: 'Tiêu chảy, viêm dạ dày ruột do nhiễm trùng', group: 'common', dept: 'NOI', deptChild: 'NHI', bands: ['infant', 'child', 'school', 'young'], weight: 4, los: [3, 6], drugsPerDay: [0.1 * M, 0.3 * M] },
  { code: 'E43', display: 'Suy dinh dưỡng nặng', group: 'common', dept: 'NHI', bands: ['infant', 'child'], weight: 1, minorityFactor: 4, los: [10, 21], drugsPerDay: [0.15 * M, 0.4 * M] },
  { code: 'J45.9', display: 'Hen phế quản', group: 'common', dept: 'NOI', deptChild: 'NHI', bands: ['child', 'school', 'young', 'adult'], weight: 1.5, los: [3, 6], drugsPerDay: [0.15 * M, 0.4 * M] },
  { code: 'G40.9', display: 'Động kinh', group: 'common', dept: 'TK', deptChild: 'NHI', bands: ['school', 'young', 'adult'], weight: 1, los: [3, 7], drugsPerDay: [0.15 * M, 0.4 * M] },
  { code: 'T30.0', display: 'Bỏng', group: 'common', dept: 'NGOAI', bands: ['infant', 'child', 'young', 'adult'], weight: 1, los: [7, 20], drugsPerDay: [0.3 * M, 1 * M], extras: [surgery('Ghép da', [5 * M, 15 * M], 0.2)], emergency: true },
  // Adults
  { code: 'K35.8', display: 'Viêm ruột thừa cấp', group: 'common', dept: 'NGOAI', bands: ['school', 'young', 'adult', 'middle'], weight: 3, los: [4, 7], drugsPerDay: [0.2 * M, 0.5 * M], extras: [surgery('Phẫu thuật nội soi cắt ruột thừa', [4.5 * M, 7 * M], 0.95)], emergency: true },
  { code: 'K80.2', display: 'Sỏi túi mật', group: 'common', dept: 'NGOAI', bands: ['adult', ...OLDER], weight: 2, los: [4, 8], drugsPerDay: [0.2 * M, 0.5 * M], extras: [surgery('Phẫu thuật nội soi cắt túi mật', [6 * M, 10 * M], 0.85)] },
  { code: 'K29.7', display: 'Viêm dạ dày', group: 'common', dept: 'NOI', bands: ADULTS, weight: 2, los: [3, 6], drugsPerDay: [0.15 * M, 0.4 * M] },
  { code: 'K74.6', display: 'Xơ gan', group: 'common', dept: 'NOI', bands: ['adult', ...OLDER], weight: 2, maleFactor: 2, los: [7, 15], drugsPerDay: [0.4 * M, 1 * M], prior: [0, 3] },
  { code: 'B18.1', display: 'Viêm gan virus B mạn', group: 'common', dept: 'TN', bands: ['young', 'adult', 'middle'], weight: 1.5, los: [5, 10], drugsPerDay: [0.2 * M, 0.6 * M] },
  { code: 'A15.0', display: 'Lao phổi', group: 'common', dept: 'TN', bands: ADULTS, weight: 2, maleFactor: 1.8, los: [10, 20], drugsPerDay: [0.2 * M, 0.5 * M] },
  { code: 'I10', display: 'Tăng huyết áp vô căn', group: 'common', dept: 'TM', bands: OLDER, weight: 3, los: [4, 8], drugsPerDay: [0.15 * M, 0.4 * M] },
  { code: 'I63.9', display: 'Nhồi máu não', group: 'common', dept: 'TK', bands: OLDER, weight: 4, los: [7, 16], drugsPerDay: [0.5 * M, 1.2 * M], extras: [ct, surgery('Tiêu sợi huyết (alteplase)', [25 * M, 35 * M], 0.08)], emergency: true },
  { code: 'I50.9', display: 'Suy tim', group: 'common', dept: 'TM', bands: ['elder', 'old'], weight: 3, los: [6, 12], drugsPerDay: [0.4 * M, 0.9 * M], prior: [0, 2] },
  { code: 'J44.1', display: 'Bệnh phổi tắc nghẽn mạn tính có đợt cấp', group: 'common', dept: 'NOI', bands: OLDER, weight: 4, maleFactor: 2, los: [6, 12], drugsPerDay: [0.3 * M, 0.8 * M], prior: [0, 3] },
  { code: 'E11.9', display: 'Đái tháo đường típ 2', group: 'common', dept: 'NOI', bands: ['adult', ...OLDER], weight: 2, los: [5, 10], drugsPerDay: [0.2 * M, 0.5 * M] },
  { code: 'N39.0', display: 'Nhiễm khuẩn tiết niệu', group: 'common', dept: 'NOI', bands: ADULTS, weight: 1.5, maleFactor: 0.4, los: [4, 8], drugsPerDay: [0.2 * M, 0.5 * M] },
  { code: 'O80', display: 'Đẻ thường một thai', group: 'common', dept: 'SAN', bands: ['young', 'adult'], sex: 'female', weight: 6, los: [2, 4], drugsPerDay: [0.1 * M, 0.3 * M], extras: [surgery('Đỡ đẻ thường', [700_000, 1_200_000], 1)] },
  { code: 'O82', display: 'Đẻ mổ lấy thai', group: 'common', dept: 'SAN', bands: ['young', 'adult'], sex: 'female', weight: 3, los: [4, 7], drugsPerDay: [0.2 * M, 0.5 * M], extras: [surgery('Phẫu thuật lấy thai', [3 * M, 5 * M], 1)] },
  { code: 'S72.0', display: 'Gãy cổ xương đùi', group: 'common', dept: 'CTCH', bands: ['elder', 'old'], weight: 2, maleFactor: 0.6, los: [7, 15], drugsPerDay: [0.3 * M, 0.7 * M], extras: [surgery('Thay khớp háng bán phần', [35 * M, 60 * M], 0.6)], emergency: true },
  { code: 'S52.5', display: 'Gãy đầu dưới xương quay', group: 'common', dept: 'CTCH', bands: ['school', 'young', 'adult', 'middle', 'elder'], weight: 2, los: [3, 7], drugsPerDay: [0.15 * M, 0.4 * M], extras: [surgery('Phẫu thuật kết hợp xương', [5 * M, 12 * M], 0.5)], emergency: true },
  { code: 'T63.0', display: 'Rắn độc cắn', group: 'common', dept: 'HSTC', bands: ['young', 'adult', 'middle'], weight: 1, los: [3, 8], drugsPerDay: [0.3 * M, 0.8 * M], extras: [{ kind: 'drug', label: 'Huyết thanh kháng nọc rắn', cost: [6 * M, 20 * M], p: 0.8 }], emergency: true },
  { code: 'T62.0', display: 'Ngộ độc nấm', group: 'common', dept: 'HSTC', bands: ['school', 'young', 'adult', 'middle'], weight: 0.8, los: [3, 10], icuDays: [1, 4], drugsPerDay: [0.4 * M, 1 * M], extras: [surgery('Lọc máu hấp phụ', [10 * M, 25 * M], 0.2)], emergency: true },
  { code: 'T51.0', display: 'Ngộ độc rượu', group: 'common', dept: 'HSTC', bands: ['young', 'adult', 'middle'], weight: 0.8, maleFactor: 5, los: [2, 5], icuDays: [1, 2], drugsPerDay: [0.3 * M, 0.7 * M], emergency: true },
];

export interface Comorbidity {
  code: string;
  display: string;
  p: Partial<Record<Band, number>>;
  sex?: 'male' | 'female';
  minorityFactor?: number;
}

// prettier-ignore
export const COMORBIDITIES: readonly Comorbidity[] = [
  { code: 'I10', display: 'Tăng huyết áp vô căn', p: { middle: 0.2, elder: 0.35, old: 0.4 } },
  { code: 'E11.9', display: 'Đái tháo đường típ 2', p: { middle: 0.08, elder: 0.12, old: 0.12 } },
  { code: 'B18.1', display: 'Viêm gan virus B mạn', p: { young: 0.05, adult: 0.08, middle: 0.08 } },
  { code: 'E44.0', display: 'Suy dinh dưỡng thể vừa', p: { infant: 0.08, child: 0.12 }, minorityFactor: 2.5 },
  { code: 'D50.9', display: 'Thiếu máu thiếu sắt', p: { infant: 0.08, child: 0.1, young: 0.05 } },
  { code: 'F10.2', display: 'Hội chứng nghiện rượu', p: { adult: 0.06, middle: 0.06 }, sex: 'male' },
  { code: 'J44.9', display: 'Bệnh phổi tắc nghẽn mạn tính', p: { elder: 0.08, old: 0.1 } },
];

export const HIGH_COST_GROUPS: readonly CostGroup[] = ['cancer', 'esrd', 'thalassaemia', 'trauma', 'preterm'];
