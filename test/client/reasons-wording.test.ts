import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGAL_BASIS_EN, legalBasisText } from '../../client/src/i18n/legal-basis.js';
import { INPUT_SPECS, inputLabel, inputSentence, inputValueWords, SOURCE_WORDS } from '../../client/src/i18n/reasons.js';
import { DEPRIVATION_IDS, emptyFacts, evaluate, NO_ANSWERS, RULE_SETS } from '../../server/features/screening/rules/index.js';
import type { ScreeningFacts } from '../../server/features/screening/rules/index.js';

/**
 * B9: a finding's inputs read as sentences in both languages. The input names are walked from the
 * rules' source (every `name: '…'`, `param('…'`, `ageInputs(f, '…'`), so a name a rule starts to
 * emit later fails here until it has words; the engine is also run over varied facts to catch a
 * name built at run time.
 */
const RULES_DIR = join(import.meta.dirname, '../../server/features/screening/rules');
const LANGS = ['vi', 'en'] as const;

function inputNamesInRules(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(RULES_DIR, file), 'utf8');
    // `name: 'x'` and `name: cond ? 'a' : 'b'`, up to the end of the property
    for (const m of text.matchAll(/\bname:\s*([^,}\n]+)/g)) for (const lit of (m[1] ?? '').matchAll(/'([^']+)'/g)) names.add(lit[1] as string);
    for (const m of text.matchAll(/\bparam\(\s*'([^']+)'/g)) names.add(m[1] as string);
    for (const m of text.matchAll(/\w+Inputs\(\s*\w+\s*,\s*'([^']+)'/g)) names.add(m[1] as string);
  }
  return names;
}

/** Facts that make most rules fire: a poor rural household, an expired card, a long stay, a child alone, charges. */
function variedFacts(): ScreeningFacts[] {
  const base = emptyFacts('2026-03-10', { old: 'Hà Nội', current: 'Hà Nội' });
  const answers = {
    ...NO_ANSWERS,
    householdIncomePerMonthVnd: 2_000_000,
    householdSize: 4,
    residence: 'rural' as const,
    deprivations: ['employment-job', 'health-insurance', 'housing-quality'] as const,
    certificate: 'near-poor' as const,
    livesAlone: true,
    disability: true,
    violenceVictim: true,
    guardianPresent: false,
    needs: ['food', 'housing', 'transport', 'utilities', 'safety'] as const,
  };
  const child = { ...base.patient, ageYears: 4, ageYearsMax: 4, birthDate: '2021-05-01', ethnicityCode: '02', homeProvince: { old: 'Yên Bái', current: 'Lào Cai', source: 'Patient' as const } };
  const older = { ...child, ageYears: 70, ageYearsMax: 71, birthDate: '1955' };
  const stay = { inProgress: true, lengthOfStayDays: 40, endedOn: null };
  const charges = { totalVnd: 90_000_000, patientVnd: 30_000_000, source: 'ChargeItem' as const };
  const diagnoses = [{ code: 'C50.9', source: 'Condition' as const }];
  const expired = { status: 'expired' as const, card: null, source: 'Coverage' as const, expiredOn: '2025-12-31', validFrom: null };
  return [
    { ...base, patient: child, stay, charges, diagnoses, screening: answers, guardianPresent: { value: false, source: 'screening' }, insurance: expired },
    { ...base, patient: older, stay, screening: { ...answers, certificate: null, householdIncomePerMonthVnd: 8_000_000 } },
    { ...base, patient: older, charges: { ...charges, patientVnd: null }, screening: { ...answers, deprivations: null } },
    { ...base, screeningDate: '2025-03-01', patient: child, screening: answers },
  ];
}

describe('finding inputs in words (B9)', () => {
  const fromSource = inputNamesInRules();

  it('finds the rules’ input names in their source', () => {
    expect(fromSource.size).toBeGreaterThan(30);
    for (const known of ['bhyt.status', 'residence', 'capacityToPayVnd', 'homeProvince.old', 'youngChildUnderYears']) expect(fromSource).toContain(known);
  });

  it('gives every input name the rules can emit a label in Vietnamese and in English', () => {
    const emitted = new Set(fromSource);
    for (const facts of variedFacts()) for (const f of evaluate(facts).findings) for (const i of f.inputs) emitted.add(i.name);
    const missing = [...emitted].filter((name) => !INPUT_SPECS[name]);
    expect(missing, `input names without words: add them to client/src/i18n/reasons.ts`).toEqual([]);
    for (const name of emitted) {
      for (const lang of LANGS) {
        const label = inputLabel(name, lang);
        expect(label.trim().length, `${name} ${lang}`).toBeGreaterThan(1);
        expect(label).not.toBe(name);
      }
    }
  });

  it('words the values people would otherwise read as codes', () => {
    const cases: [string, string | number | boolean | null, string, string][] = [
      ['bhyt.status', 'valid', 'còn hạn', 'valid'],
      ['coverage.validity', 'not-yet-valid', 'chưa đến ngày có giá trị', 'not valid yet'],
      ['residence', 'rural', 'nông thôn', 'rural'],
      ['certificate', 'near-poor', 'hộ cận nghèo', 'near-poor household'],
      ['need', 'transport', 'không có tiền hoặc phương tiện đi lại, về quê', 'no money or means to travel home'],
      ['bhyt.group', 'HN', 'HN (Người thuộc hộ gia đình nghèo)', 'HN (Member of a poor household)'],
      ['capacityToPayVnd', 1_500_000, '1.500.000 ₫', '1.500.000 ₫'],
      ['coverage.expiredOn', '2025-12-31', '31/12/2025', '31/12/2025'],
      ['birthDate', '1955-03', '03/1955', '03/1955'],
      ['shareOfCapacity', 0.4, '40 %', '40 %'],
      ['lengthOfStayDays', 1946, '1.946 ngày', '1.946 days'],
      ['guardianPresent', false, 'không', 'no'],
      ['inProgress', false, 'đã ra viện', 'discharged'],
      ['ethnicityCode', '02', 'Tày', 'Tày'],
      ['coverage', null, 'không có', 'none'],
    ];
    for (const [name, value, vi, en] of cases) {
      expect(inputValueWords({ name, value }, 'vi'), name).toBe(vi);
      expect(inputValueWords({ name, value }, 'en'), name).toBe(en);
    }
    const all = DEPRIVATION_IDS.join(',');
    for (const lang of LANGS) for (const id of DEPRIVATION_IDS) expect(inputValueWords({ name: 'deprivations', value: all }, lang)).not.toContain(id);
  });

  it('words a capacity to pay below zero as income below subsistence, never a minus amount', () => {
    const negative = { name: 'capacityToPayVnd', value: -2_000_000, source: 'screening' };
    expect(inputSentence(negative, 'vi')).toBe('Khả năng chi trả của hộ: không có (thu nhập thấp hơn mức chi tiêu tối thiểu 2.000.000 ₫) — nguồn: phiếu sàng lọc');
    expect(inputSentence(negative, 'en')).toBe("Household's capacity to pay: none (income 2.000.000 ₫ below subsistence) — source: screening questionnaire");
    // A real catastrophic finding: income 2.000.000 ₫ against a subsistence of 5.000.000 ₫ a month.
    const base = variedFacts()[0] as ScreeningFacts;
    const facts = { ...base, screening: { ...(base.screening as NonNullable<ScreeningFacts['screening']>), subsistenceSpendingPerMonthVnd: 5_000_000 } };
    const capacity = evaluate(facts).findings.flatMap((f) => f.inputs).find((i) => i.name === 'capacityToPayVnd');
    expect(capacity?.value).toBe(-3_000_000);
    for (const lang of LANGS) expect(inputSentence(capacity as typeof negative, lang)).not.toMatch(/[-−]\s*\d/);
    expect(inputSentence(capacity as typeof negative, 'vi')).toContain('thu nhập thấp hơn mức chi tiêu tối thiểu 3.000.000 ₫');
    expect(inputValueWords({ name: 'capacityToPayVnd', value: 0 }, 'vi')).toBe('0 ₫');
  });

  it('reads each input of a real evaluation as a sentence with no raw name, value code or FHIR type', () => {
    for (const facts of variedFacts()) {
      for (const finding of evaluate(facts).findings) {
        for (const input of finding.inputs) {
          const vi = inputSentence(input, 'vi');
          expect(vi).toContain('— nguồn: ');
          expect(vi).not.toMatch(/\b(Patient|Coverage|Encounter|Condition|ChargeItem|RelatedPerson|rule-set|screening)\b/);
          expect(vi.startsWith(`${input.name}:`)).toBe(false);
          if (typeof input.value === 'string' && /^[a-z]+(-[a-z]+)*$/.test(input.value)) expect(vi, input.name).not.toContain(input.value);
        }
      }
    }
  });

  it('names every source in words, without FHIR type names', () => {
    for (const source of ['Patient', 'Coverage', 'Encounter', 'Condition', 'ChargeItem', 'Claim', 'Account', 'RelatedPerson', 'screening', 'certificate', 'hospital', 'rule-set', 'override']) {
      for (const lang of LANGS) expect(SOURCE_WORDS[source]?.[lang], `${source} ${lang}`).toMatch(/^[^A-Z]/u);
    }
  });

  it('has the legal basis of every rule of every rule set in English', () => {
    for (const rs of RULE_SETS) {
      for (const [id, meta] of Object.entries(rs.rules)) {
        expect(LEGAL_BASIS_EN[`${id}@${meta.version}`], `${rs.id} ${id}@${meta.version}`).toBeTruthy();
        expect(legalBasisText({ ruleId: id, ruleVersion: meta.version, legalSource: meta.legalSource }, 'vi')).toBe(meta.legalSource);
      }
    }
  });
});
