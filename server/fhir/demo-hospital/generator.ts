import type { Coverage, Encounter, Organization, Patient, Reference, Resource } from '@medplum/fhirtypes';
import { accountResource, chargeItems, chargeLines } from './billing.js';
import { comorbidities, conditionResource, encounterResource } from './clinical.js';
import { chooseInsurance, coverageResource, type Insurance } from './insurance.js';
import { PLACES } from './places.js';
import { birthDate, bornAt, drawPerson, provinceWeights, type Person } from './people.js';
import { organizationResource, patientResource, relatedPerson, type HospitalRef, type PatientInput } from './person-records.js';
import { createRng, hashSeed, type Rng } from './prng.js';
import { hospitals, province, provinces } from './reference.js';
import { chooseDiagnosis, planStays, type Stay } from './stays.js';
import { DAY, HOUR } from './time.js';

/**
 * Synthetic FHIR R4 data of one hospital, deterministic: the same options give byte-identical
 * output (a seeded PRNG per patient, no clock: `now` is an option). Resources are yielded one
 * patient at a time, so a caller can stream 10,000+ patients without holding them all.
 * Order: the hospital's Organization, then per patient: Patient, RelatedPerson, Coverage,
 * Conditions, and per stay its Encounter, Account and ChargeItems. Ids are stable and readable
 * ("bvdklc-000042-e2-ci03"), so PUT-ing them into another server is idempotent.
 */
export interface GeneratorOptions {
  seed?: number | string;
  /** Number of patients (default 2000). */
  patients?: number;
  /** A demoCode of network-hospitals.json (default BVDKLC, the Lào Cai provincial general hospital). */
  hospitalCode?: string;
  /** Where most patients live: an old (pre-2025) province name, or a new one; default the hospital's. */
  hospitalProvince?: string;
  now: Date;
}

export const DEFAULT_PATIENTS = 2000;

export function resolveHospital(o: Pick<GeneratorOptions, 'hospitalCode' | 'hospitalProvince'>): HospitalRef {
  const code = o.hospitalCode ?? 'BVDKLC';
  const known = hospitals.find((h) => h.demoCode === code);
  const wanted = o.hospitalProvince ?? known?.oldProvince ?? 'Lào Cai';
  const oldProvince = PLACES[wanted] ? wanted : provinces.find((p) => p.newName === wanted && PLACES[p.oldName])?.oldName;
  if (!oldProvince) throw new Error(`Unknown province '${wanted}'`);
  return {
    code,
    name: known?.name ?? `Bệnh viện demo ${code}`,
    oldProvince,
    newProvince: province(oldProvince).newName,
    organizationId: `${code.toLowerCase()}-org`,
  };
}

interface Context {
  seed: string;
  nowMs: number;
  hospital: HospitalRef;
  weights: [string, number][];
  idOffset: number;
  prefix: string;
}

export function* generateHospitalResources(options: GeneratorOptions): Generator<Resource> {
  for (const group of generateResourceGroups(options)) yield* group;
}

/**
 * The same stream grouped: first the Organization alone, then all resources of one patient per
 * group. Every reference stays inside a group (or points to the Organization), so groups can be
 * written in separate transactions to servers that check referential integrity (HAPI).
 */
export function* generateResourceGroups(options: GeneratorOptions): Generator<Resource[]> {
  const hospital = resolveHospital(options);
  const seed = String(options.seed ?? 1);
  const ctx: Context = {
    seed,
    nowMs: options.now.getTime(),
    hospital,
    weights: provinceWeights(hospital.oldProvince),
    idOffset: hashSeed(seed, 'identifiers') % 500_000,
    prefix: hospital.code.toLowerCase(),
  };
  yield [organizationResource(hospital, ctx.nowMs)];
  const count = options.patients ?? DEFAULT_PATIENTS;
  for (let index = 0; index < count; index++) yield [...patientResources(ctx, index)];
}

/** A newborn's age follows from its admission: born in the hospital, or a day or two before transfer. */
function birthMs(rng: Rng, person: Person, stays: readonly Stay[], nowMs: number): number {
  if (person.band !== 'neonate') return bornAt(nowMs, person.ageDays) - rng.between(0, 20) * HOUR;
  const first = stays[0] as Stay;
  const born = first.startMs - (first.admitSource === 'born' ? rng.between(0.5, 6) * HOUR : rng.between(1, 3) * DAY);
  person.ageDays = Math.floor((nowMs - born) / DAY);
  return born;
}

function* patientResources(ctx: Context, index: number): Generator<Resource> {
  const rng = createRng(hashSeed(ctx.seed, ctx.hospital.code, index));
  const person = drawPerson(rng, ctx.weights);
  const dx = chooseDiagnosis(rng, person);
  const stays = planStays(rng, dx, person, ctx.nowMs);
  const bornMs = birthMs(rng, person, stays, ctx.nowMs);
  const ins = chooseInsurance(rng, person, { nowMs: ctx.nowMs, bornMs, index, offset: ctx.idOffset });
  const id = `${ctx.prefix}-${String(index + 1).padStart(6, '0')}`;
  const main = stays.find((s) => s.index) as Stay;
  const deceasedMs = main.disposition === 'exp' ? main.endMs : undefined;
  const input: PatientInput = {
    id,
    index,
    person,
    birthDate: birthDate(rng, person, bornMs),
    birthYear: new Date(bornMs + 7 * HOUR).getUTCFullYear(),
    ins,
    firstVisitMs: (stays[0] as Stay).startMs,
    lastUpdatedMs: deceasedMs ?? main.startMs,
    deceasedMs,
    idOffset: ctx.idOffset,
    hospital: ctx.hospital,
  };
  const patient: Reference<Patient> = { reference: `Patient/${id}` };
  yield patientResource(rng, input);
  const guardian = relatedPerson(rng, input, patient);
  if (guardian) yield guardian;
  if (ins) yield coverageResource(`${id}-cov`, ins, patient, Math.min(ctx.nowMs, Math.max(ins.startMs, input.firstVisitMs)));
  yield* clinicalResources(rng, ctx, { id, person, dx, stays, ins, patient });
}

interface Story {
  id: string;
  person: Person;
  dx: ReturnType<typeof chooseDiagnosis>;
  stays: readonly Stay[];
  ins: Insurance | null;
  patient: Reference<Patient>;
}

function* clinicalResources(rng: Rng, ctx: Context, s: Story): Generator<Resource> {
  const organization: Reference<Organization> = { reference: `Organization/${ctx.hospital.organizationId}`, display: ctx.hospital.name };
  const coverage: Reference<Coverage> | undefined = s.ins ? { reference: `Coverage/${s.id}-cov` } : undefined;
  const encounterId = (i: number): string => `${s.id}-e${i + 1}`;
  const mainEncounter: Reference<Encounter> = { reference: `Encounter/${encounterId(s.stays.findIndex((x) => x.index))}` };
  const plans = comorbidities(rng, s.person, s.dx, (n) => `${s.id}-c${n}`);
  for (const plan of plans)
    yield conditionResource(rng, { plan, dx: s.dx, stays: s.stays, patient: s.patient, encounter: mainEncounter, nowMs: ctx.nowMs });
  for (const [i, stay] of s.stays.entries()) {
    const encounter: Reference<Encounter> = { reference: `Encounter/${encounterId(i)}` };
    const accountId = `${encounterId(i)}-acc`;
    yield encounterResource(rng, {
      id: encounterId(i),
      stay,
      dx: s.dx,
      conditions: plans,
      patient: s.patient,
      organization,
      account: { reference: `Account/${accountId}` },
      nowMs: ctx.nowMs,
    });
    const bill = {
      stay,
      lines: chargeLines(rng, stay, s.dx, ctx.nowMs),
      ins: s.ins,
      accountId,
      chargeId: (n: number) => `${encounterId(i)}-ci${String(n).padStart(2, '0')}`,
      patient: s.patient,
      encounter,
      organization,
      coverage,
      nowMs: ctx.nowMs,
    };
    yield accountResource(bill);
    yield* chargeItems(bill);
  }
}
