import type { HighCostGroup } from './rule-set-types.js';

/**
 * Diagnosis groups whose treatment is long and costly enough that a social worker should look at
 * the family's means early. A PROJECT list (no legal text defines "high-cost diagnosis"), drawn up
 * with the long-term disease list of Circular 46/2016/TT-BYT in mind and the caseloads of the
 * network's central hospitals (K, Nhi Trung ương, Huyết học – Truyền máu Trung ương, Việt Đức).
 * It is marked unconfirmed: a clinical review must confirm it before production.
 * Codes are WHO ICD-10 as used in Vietnam (dotted, upper-case: normaliseIcd10 in condition.ts).
 */
export const HIGH_COST_GROUPS_V1: readonly HighCostGroup[] = [
  {
    group: 'cancer',
    ranges: [{ from: 'C00', to: 'C97' }],
    weight: 20,
    summary: { vi: 'Ung thư (C00–C97): điều trị dài ngày, chi phí cao', en: 'Cancer (C00–C97): long and costly treatment' },
  },
  {
    group: 'blood-disorder',
    // Thalassaemia and other hereditary haemolytic anaemias (frequent among northern ethnic
    // minorities; lifelong transfusion and chelation), aplastic anaemia, haemophilia and other
    // coagulation defects.
    ranges: [
      { from: 'D56', to: 'D58' },
      { from: 'D61', to: 'D61' },
      { from: 'D66', to: 'D68' },
    ],
    weight: 20,
    summary: {
      vi: 'Bệnh máu mạn tính (thalassemia, suy tủy, hemophilia): điều trị suốt đời',
      en: 'Chronic blood disorder (thalassaemia, aplastic anaemia, haemophilia): lifelong treatment',
    },
  },
  {
    group: 'end-stage-renal',
    // CKD stage 5, dialysis care, dependence on dialysis, kidney transplant status.
    ranges: [
      { from: 'N18.5', to: 'N18.5' },
      { from: 'Z49', to: 'Z49' },
      { from: 'Z99.2', to: 'Z99.2' },
      { from: 'Z94.0', to: 'Z94.0' },
    ],
    weight: 20,
    summary: { vi: 'Suy thận giai đoạn cuối, lọc máu: chi phí kéo dài', en: 'End-stage kidney disease, dialysis: ongoing costs' },
  },
  {
    group: 'congenital-heart',
    ranges: [{ from: 'Q20', to: 'Q26' }],
    weight: 20,
    summary: { vi: 'Tim bẩm sinh (Q20–Q26): thường cần phẫu thuật', en: 'Congenital heart disease (Q20–Q26): often needs surgery' },
  },
  {
    group: 'severe-burn',
    ranges: [{ from: 'T20', to: 'T32' }],
    weight: 20,
    summary: { vi: 'Bỏng (T20–T32): điều trị và phục hồi dài ngày', en: 'Burns (T20–T32): long treatment and rehabilitation' },
  },
];
