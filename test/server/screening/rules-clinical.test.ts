import { describe, expect, it } from 'vitest';
import { emptyFacts, evaluate, type Diagnosis, type Finding, type ScreeningFacts } from '../../../server/features/screening/rules/index.js';

/** High-cost diagnosis groups (project list, high-cost-groups.ts) and long stays (project threshold). */

const date = '2026-06-01';
const withDiagnoses = (...codes: string[]): ScreeningFacts => ({
  ...emptyFacts(date),
  diagnoses: codes.map((code): Diagnosis => ({ code, source: 'Condition' })),
});
const of = (f: ScreeningFacts, flagType: Finding['flagType'], overrides?: { longStayDays?: number }): Finding[] =>
  evaluate(f, overrides ? { overrides } : undefined).findings.filter((x) => x.flagType === flagType);

describe('high-cost diagnosis groups (ICD-10 ranges, inclusive)', () => {
  it.each([
    ['C00', 'high-cost-cancer'],
    ['C91.0', 'high-cost-cancer'],
    ['C97', 'high-cost-cancer'],
    ['D00.1', null], // carcinoma in situ: outside C00–C97
    ['B99', null],
    ['D56.1', 'high-cost-blood-disorder'], // β-thalassaemia
    ['D59.0', null],
    ['D61.9', 'high-cost-blood-disorder'],
    ['D66', 'high-cost-blood-disorder'], // haemophilia A
    ['D69.6', null],
    ['N18.5', 'high-cost-end-stage-renal'],
    ['N18.4', null],
    ['N18', null], // CKD unspecified is not end-stage
    ['Z49.1', 'high-cost-end-stage-renal'],
    ['Z99.2', 'high-cost-end-stage-renal'],
    ['Q21.0', 'high-cost-congenital-heart'],
    ['Q27.0', null],
    ['T31.4', 'high-cost-severe-burn'],
    ['T33.0', null],
  ])('%s → %s', (code, expected) => {
    expect(of(withDiagnoses(code), 'high-cost-diagnosis').map((f) => f.code)).toEqual(expected ? [expected] : []);
  });

  it('one finding per group listing every diagnosis in it, authoritative, cited and marked for clinical review', () => {
    const [f, ...rest] = of(
      {
        ...withDiagnoses('C91.0'),
        diagnoses: [
          { code: 'C91.0', source: 'Condition' },
          { code: 'C92.0', source: 'Encounter' },
        ],
      },
      'high-cost-diagnosis',
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'diagnosis.high-cost',
      ruleVersion: '1.0',
      certainty: 'authoritative',
      unconfirmed: true,
      weight: 20,
    });
    expect(f!.inputs).toEqual([
      { name: 'icd10', value: 'C91.0', source: 'Condition' },
      { name: 'icd10', value: 'C92.0', source: 'Encounter' },
    ]);
    expect(f!.summary.vi).toContain('Ung thư');
  });

  it('two groups are two findings but count once in the priority', () => {
    const e = evaluate(withDiagnoses('C91.0', 'N18.5'));
    expect(e.findings.filter((f) => f.flagType === 'high-cost-diagnosis')).toHaveLength(2);
    const alone = evaluate(withDiagnoses('C91.0'));
    expect(e.priority).toBe(alone.priority);
  });
});

describe('long stay (≥ 14 days by default)', () => {
  const stay = (lengthOfStayDays: number | null, inProgress = true, endedOn: string | null = null): ScreeningFacts => ({
    ...emptyFacts(date),
    stay: { inProgress, lengthOfStayDays, endedOn },
  });

  it.each([
    [13, null],
    [14, 'long-stay'],
    [15, 'long-stay'],
    [null, null],
  ])('%s days in hospital → %s', (days, expected) => {
    expect(of(stay(days), 'long-stay').map((f) => f.code)).toEqual(expected ? [expected] : []);
  });

  it('a stay that ended before the screening day is history; one ending that day still counts', () => {
    expect(of(stay(30, false, '2026-05-31'), 'long-stay')).toEqual([]);
    expect(of(stay(30, false, date), 'long-stay')).toHaveLength(1);
  });

  it('the threshold can be configured and is reported as an override', () => {
    expect(of(stay(6), 'long-stay', { longStayDays: 7 })).toEqual([]);
    const [f] = of(stay(7), 'long-stay', { longStayDays: 7 });
    expect(f!.inputs).toEqual([
      { name: 'lengthOfStayDays', value: 7, source: 'Encounter' },
      { name: 'inProgress', value: true, source: 'Encounter' },
      { name: 'longStayDays', value: 7, source: 'override' },
    ]);
    expect(of(stay(14), 'long-stay')[0]!.inputs).toContainEqual({ name: 'longStayDays', value: 14, source: 'rule-set' });
  });
});
