import { createHash } from 'node:crypto';
import { validateResource } from '@medplum/core';
import type { Account, ChargeItem, Condition, Coverage, Encounter, Patient, RelatedPerson, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { BHYT_BENEFIT_LEVELS, type BenefitDigit } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { parseBhytNumber } from '../../../fhir-mappings/bhyt.js';
import { applyPercentVnd } from '../../../fhir-mappings/money.js';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { ensureFhirDefinitions } from '../../../server/fhir/definitions.js';
import { generateHospitalResources, generateResourceGroups } from '../../../server/fhir/demo-hospital/generator.js';
import { bhytGroups, ethnicGroups, provinces } from '../../../server/fhir/demo-hospital/reference.js';

const NOW = new Date('2025-10-15T03:00:00Z');
const DAY = 86_400_000;

const generate = (seed: number | string, patients: number): Resource[] => [...generateHospitalResources({ seed, patients, now: NOW })];
const digest = (resources: Resource[]): string => createHash('sha256').update(JSON.stringify(resources)).digest('hex');
const ofType = <T extends Resource>(all: Resource[], type: T['resourceType']): T[] => all.filter((r): r is T => r.resourceType === type);
const ageAt = (birthDate: string): number =>
  (NOW.getTime() - Date.parse(birthDate.length === 4 ? `${birthDate}-07-01` : birthDate)) / (365.25 * DAY);
const identifier = (p: Patient, system: string): string | undefined => p.identifier?.find((i) => i.system === system)?.value;

describe('demo hospital generator: determinism', () => {
  it('gives byte-identical output for the same seed and options', () => {
    expect(digest(generate(11, 150))).toBe(digest(generate(11, 150)));
  });

  it('gives different patients for a different seed', () => {
    const a = ofType<Patient>(generate(11, 50), 'Patient');
    const b = ofType<Patient>(generate(12, 50), 'Patient');
    expect(a.map((p) => p.name?.[0]?.text)).not.toEqual(b.map((p) => p.name?.[0]?.text));
  });

  it('gives patient i the same data whatever the size of the run', () => {
    const small = generate('abc', 40);
    const large = generate('abc', 120).filter((r) => small.some((s) => s.resourceType === r.resourceType && s.id === r.id));
    expect(digest(large)).toBe(digest(small));
  });

  it('streams one group per patient, every reference inside its group or to the hospital', () => {
    const groups = [...generateResourceGroups({ seed: 3, patients: 30, now: NOW })];
    expect(groups).toHaveLength(31);
    const orgRef = `Organization/${groups[0]?.[0]?.id}`;
    for (const group of groups.slice(1)) {
      const inGroup = new Set(group.map((r) => `${r.resourceType}/${r.id}`));
      const refs = JSON.stringify(group).match(/"reference":"[^"]+"/g) ?? [];
      for (const ref of refs.map((r) => r.slice(13, -1))) expect(inGroup.has(ref) || ref === orgRef).toBe(true);
    }
  });
});

describe('demo hospital generator: 2,000 patients of a Lào Cai hospital', () => {
  let all: Resource[];
  let patients: Patient[];

  beforeAll(() => {
    all = generate(2025, 2000);
    patients = ofType<Patient>(all, 'Patient');
  });

  it('has 2,000 patients, unique resource ids and unique identifiers', () => {
    expect(patients).toHaveLength(2000);
    expect(new Set(all.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(all.length);
    const values = patients.flatMap((p) => (p.identifier ?? []).map((i) => `${i.system}|${i.value}`));
    expect(new Set(values).size).toBe(values.length);
  });

  it('passes FHIR R4 validation (@medplum/core validateResource) for every resource', () => {
    ensureFhirDefinitions();
    const failures: string[] = [];
    for (const r of all) {
      try {
        validateResource(r);
      } catch (err) {
        failures.push(`${r.resourceType}/${r.id}: ${(err as Error).message}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('has every ethnic group of ethnic-names.json, near its configured share', () => {
    const counts = new Map<string, number>();
    for (const p of patients) {
      const ext = p.extension?.find((e) => e.url === SYSTEMS.vnCore.raceExtension);
      expect(ext?.valueCoding?.system).toBe(SYSTEMS.vnCore.raceCodeSystem);
      const group = ethnicGroups.find((g) => g.vnCoreRaceCode === ext?.valueCoding?.code);
      expect(group?.name).toBe(ext?.valueCoding?.display);
      counts.set(group?.name ?? '?', (counts.get(group?.name ?? '?') ?? 0) + 1);
    }
    for (const g of ethnicGroups) {
      expect(counts.get(g.name) ?? 0, g.name).toBeGreaterThan(0);
      expect(Math.abs((counts.get(g.name) ?? 0) / 2000 - g.share_lao_cai), g.name).toBeLessThan(Math.max(0.03, g.share_lao_cai * 0.3));
    }
  });

  it('gives names in the family-first order of the group, and both address forms', () => {
    for (const p of patients.slice(0, 200)) {
      const name = p.name?.[0];
      expect(name?.text).toBe([name?.family, ...(name?.given ?? [])].join(' '));
      const [current, old] = p.address ?? [];
      expect(current?.district).toBeUndefined();
      expect(old?.district).toMatch(/^(Huyện|Thị xã|Thành phố|Quận) /);
      expect(provinces.find((x) => x.oldName === old?.state)?.newName).toBe(current?.state);
    }
    const home = patients.filter((p) => p.address?.[1]?.state === 'Lào Cai').length / 2000;
    expect(home).toBeGreaterThan(0.7);
    expect(new Set(patients.map((p) => p.address?.[1]?.state)).size).toBeGreaterThan(8);
  });

  it('has believable ages: many children and elders, CCCD only from 14', () => {
    const ages = patients.map((p) => ageAt(p.birthDate ?? ''));
    expect(ages.filter((a) => a < 16).length / 2000).toBeGreaterThan(0.2);
    expect(ages.filter((a) => a >= 60).length / 2000).toBeGreaterThan(0.2);
    expect(Math.max(...ages)).toBeLessThan(100);
    for (const p of patients) {
      const cccd = identifier(p, SYSTEMS.vnCore.nationalId);
      if (cccd) expect(cccd).toMatch(/^0\d{11}$/);
      if (ageAt(p.birthDate ?? '') < 13.9) expect(cccd).toBeUndefined();
      expect(identifier(p, SYSTEMS.vnCore.patientInternalId)).toMatch(/^\d{8}$/);
    }
  });

  it('leaves about 8 % uninsured, gives children under 6 TE cards, and some cards have lapsed', () => {
    const coverages = ofType<Coverage>(all, 'Coverage');
    const uninsured = 1 - coverages.length / 2000;
    expect(uninsured).toBeGreaterThan(0.05);
    expect(uninsured).toBeLessThan(0.11);
    const ref = { groups: bhytGroups.map((g) => ({ ...g, signals: [] })), provinces };
    for (const c of coverages) {
      const card = parseBhytNumber(c.identifier?.[0]?.value, ref);
      expect(card.ok && card.card.groupKnown).toBe(true);
      const patient = patients.find((p) => `Patient/${p.id}` === c.beneficiary.reference) as Patient;
      if (ageAt(patient.birthDate ?? '') < 5.9) expect(c.class?.[0]?.value).toBe('TE');
      expect(identifier(patient, SYSTEMS.vnCore.insuranceNumber)).toBe(c.identifier?.[0]?.value);
    }
    const groups = new Set(coverages.map((c) => c.class?.[0]?.value));
    for (const g of ['HN', 'CN', 'TE', 'DT', 'DK', 'BT', 'GD', 'HT', 'HS']) expect(groups.has(g), g).toBe(true);
    expect(coverages.filter((c) => (c.period?.end ?? '') < '2025-10-15').length).toBeGreaterThan(20);
  });

  it('gives every child under 16 a parent or guardian', () => {
    const related = ofType<RelatedPerson>(all, 'RelatedPerson');
    const children = patients.filter((p) => ageAt(p.birthDate ?? '') < 16);
    expect(children.length).toBeGreaterThan(300);
    for (const child of children) {
      const rp = related.find((r) => r.patient.reference === `Patient/${child.id}`);
      const codes = rp?.relationship?.flatMap((c) => c.coding?.map((x) => x.code) ?? []);
      expect(
        codes?.some((c) => ['MTH', 'FTH', 'GUARD'].includes(c ?? '')),
        child.id,
      ).toBe(true);
    }
  });

  it('has a census of stays under way and discharges of the last 30 days, nothing after now', () => {
    const encounters = ofType<Encounter>(all, 'Encounter');
    const census = encounters.filter((e) => e.status === 'in-progress');
    expect(census.length).toBeGreaterThan(200);
    expect(census.every((e) => e.class.code === 'IMP' && !e.period?.end && e.serviceType?.text)).toBe(true);
    const recent = encounters.filter((e) => e.class.code === 'IMP' && e.period?.end && Date.parse(e.period.end) > NOW.getTime() - 30 * DAY);
    expect(recent.length).toBeGreaterThan(1000);
    expect(new Set(encounters.map((e) => e.class.code))).toEqual(new Set(['IMP', 'AMB', 'EMER']));
    expect(all.every((r) => Date.parse(r.meta?.lastUpdated ?? '') <= NOW.getTime())).toBe(true);
  });

  it('charges whole VND, and high-cost diagnoses cost far more', () => {
    const charges = ofType<ChargeItem>(all, 'ChargeItem');
    const totals = new Map<string, number>();
    for (const c of charges) {
      const amount = c.priceOverride?.value ?? NaN;
      expect(Number.isInteger(amount) && c.priceOverride?.currency === 'VND').toBe(true);
      const paid = c.extension?.find((e) => e.url === SYSTEMS.nhipcau.insurancePaidExtension)?.valueMoney?.value ?? NaN;
      expect(Number.isInteger(paid) && paid >= 0 && paid <= amount).toBe(true);
      totals.set(c.subject.reference ?? '', (totals.get(c.subject.reference ?? '') ?? 0) + amount);
    }
    const highCost = /^(C[0-8]\d|C9[0-7]|N18\.5|D56|S06|T07|P07)/;
    const primary = ofType<Condition>(all, 'Condition').filter((c) => c.id?.endsWith('-c1'));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const high = primary.filter((c) => highCost.test(c.code?.coding?.[0]?.code ?? ''));
    const common = primary.filter((c) => !highCost.test(c.code?.coding?.[0]?.code ?? ''));
    for (const prefix of ['C', 'N18.5', 'D56', 'S06', 'T07', 'P07'])
      expect(
        high.some((c) => c.code?.coding?.[0]?.code?.startsWith(prefix)),
        prefix,
      ).toBe(true);
    const highMean = mean(high.map((c) => totals.get(c.subject.reference ?? '') ?? 0));
    const commonMean = mean(common.map((c) => totals.get(c.subject.reference ?? '') ?? 0));
    expect(highMean).toBeGreaterThan(3 * commonMean);
    expect(Math.max(...totals.values())).toBeGreaterThan(100_000_000);
  });

  it("states what BHYT pays on each line: the card's benefit share when the card was valid on admission", () => {
    const accounts = new Map(ofType<Account>(all, 'Account').map((a) => [`Account/${a.id}`, a]));
    const coverages = new Map(ofType<Coverage>(all, 'Coverage').map((c) => [`Coverage/${c.id}`, c]));
    let checked = 0;
    for (const c of ofType<ChargeItem>(all, 'ChargeItem')) {
      const paid = c.extension?.[0]?.valueMoney?.value;
      const coverage = coverages.get(accounts.get(c.account?.[0]?.reference ?? '')?.coverage?.[0]?.coverage.reference ?? '');
      if (!coverage || c.code.coding?.[0]?.code === 'outOfList') {
        expect(paid).toBe(0);
        continue;
      }
      const digit = Number(coverage.class?.find((k) => k.type.coding?.[0]?.code === 'plan')?.value) as BenefitDigit;
      expect(paid).toBe(applyPercentVnd(c.priceOverride?.value ?? 0, BHYT_BENEFIT_LEVELS[0]?.shares[digit].percent ?? NaN));
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
