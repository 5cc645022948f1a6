import type { Bundle, CapabilityStatement, Encounter, Observation, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { generateHospitalResources } from '../../../server/fhir/demo-hospital/generator.js';
import {
  createDemoHospital,
  createDemoHospitalRouter,
  startDemoHospital,
  type RunningDemoHospital,
} from '../../../server/fhir/demo-hospital/server.js';

/** The demo hospital over real HTTP, driven by fhir-kit-client as the gateway drives hospital servers. */
const NOW = new Date('2025-10-15T03:00:00Z');
const PATIENTS = 600;
const SEED = 77;

let server: RunningDemoHospital;
let client: Client;
let generated: Resource[];
let clock = new Date('2025-10-16T00:00:00Z');

const search = async (resourceType: string, searchParams: Record<string, string | string[] | number>): Promise<Bundle> =>
  (await client.search({ resourceType, searchParams })) as unknown as Bundle;
const next = async (bundle: Bundle): Promise<Bundle | undefined> =>
  (await client.nextPage({ bundle: bundle as never })) as unknown as Bundle | undefined;
const matches = <T extends Resource>(b: Bundle): T[] =>
  (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as T);
const generatedOf = <T extends Resource>(type: string): T[] => generated.filter((r) => r.resourceType === type) as T[];

/** Every page of a search, following Bundle.link next. */
async function allPages(resourceType: string, params: Record<string, string | number>): Promise<Bundle[]> {
  const pages: Bundle[] = [];
  for (let page: Bundle | undefined = await search(resourceType, params); page; page = await next(page)) pages.push(page);
  return pages;
}

async function status(promise: Promise<unknown>): Promise<{ status: number; outcome: OperationOutcome }> {
  const err = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as { response?: { status: number; data: OperationOutcome } } | null;
  return { status: err?.response?.status ?? 200, outcome: err?.response?.data as OperationOutcome };
}

beforeAll(async () => {
  server = await startDemoHospital({ patients: PATIENTS, seed: SEED, now: NOW, clock: () => clock });
  client = new Client({ baseUrl: server.baseUrl });
  generated = [...generateHospitalResources({ patients: PATIENTS, seed: SEED, now: NOW })];
});

afterAll(async () => {
  await server?.stop();
});

describe('demo hospital FHIR server', () => {
  it('loads the generated hospital and says what it supports at /metadata', async () => {
    expect(server.stats.patients).toBe(PATIENTS);
    expect(server.stats.resources).toBe(generated.length);
    const cs = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    const rest = cs.rest?.[0];
    expect(rest?.interaction?.map((i) => i.code)).toContain('transaction');
    const patient = rest?.resource?.find((r) => r.type === 'Patient');
    expect(patient?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['identifier', 'name', 'birthdate', '_lastUpdated']));
    const encounter = rest?.resource?.find((r) => r.type === 'Encounter');
    expect(encounter?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['class', 'status', 'date', 'patient']));
    expect(encounter?.searchInclude).toEqual(expect.arrayContaining(['Encounter:patient', 'Encounter:subject']));
  });

  it('pages through every Patient via Bundle.link next, without duplicates or gaps', async () => {
    const pages = await allPages('Patient', { _count: 70 });
    expect(pages).toHaveLength(Math.ceil(PATIENTS / 70));
    const ids = pages.flatMap((p) => matches(p).map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(generatedOf('Patient').map((p) => p.id)));
    expect(pages[0]?.total).toBe(PATIENTS);
    expect(pages[0]?.link?.find((l) => l.relation === 'next')?.url).toMatch(new RegExp(`^${server.baseUrl}/Patient\\?`));
    expect(pages.at(-1)?.link?.some((l) => l.relation === 'next')).toBe(false);
  });

  it('uses a default page size and caps _count', async () => {
    expect(matches(await search('Patient', {}))).toHaveLength(50);
    expect(matches(await search('ChargeItem', { _count: 100_000 }))).toHaveLength(500);
  });

  it('keeps paging gap-free while resources are created and updated between pages', async () => {
    const first = await search('Patient', { _count: 100 });
    const later = generatedOf<Patient>('Patient')[PATIENTS - 20] as Patient;
    await client.update({ resourceType: 'Patient', id: later.id as string, body: { ...later, meta: undefined, active: true } as never });
    await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', name: [{ family: 'Thào', given: ['A', 'Chứ'] }] } as never,
    });
    const ids = matches(first).map((r) => r.id);
    for (let page = await next(first); page; page = await next(page)) ids.push(...matches(page).map((r) => r.id));
    const original = generatedOf('Patient').map((p) => p.id);
    expect(ids.filter((id) => original.includes(id))).toHaveLength(PATIENTS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('pages a filtered search from one evaluation, yet sees a write made between its pages', async () => {
    // A server of its own: this test discharges a stay, which the other tests' counts must not see.
    const own = await startDemoHospital({ patients: 80, seed: SEED + 1, now: NOW });
    try {
      const fhir = new Client({ baseUrl: own.baseUrl });
      const find = async (): Promise<Bundle> =>
        (await fhir.search({ resourceType: 'Encounter', searchParams: { status: 'in-progress', _count: 5 } })) as unknown as Bundle;
      const walk = async (first: Bundle): Promise<Encounter[]> => {
        const out = matches<Encounter>(first);
        for (
          let page = (await fhir.nextPage({ bundle: first as never })) as unknown as Bundle | undefined;
          page;
          page = (await fhir.nextPage({ bundle: page as never })) as unknown as Bundle | undefined
        ) {
          out.push(...matches<Encounter>(page));
        }
        return out;
      };
      const before = await find();
      const total = before.total ?? 0;
      expect(total).toBeGreaterThan(10);
      const all = await walk(before);
      expect(all).toHaveLength(total);
      // An in-progress stay that the last page would serve is discharged after the first page was read.
      const victim = all[all.length - 1] as Encounter;
      const first = await find();
      await fhir.update({
        resourceType: 'Encounter',
        id: victim.id as string,
        body: { ...victim, meta: undefined, status: 'finished' } as never,
      });
      const served = await walk(first);
      expect(served.map((e) => e.id)).not.toContain(victim.id);
      expect(served.every((e) => e.status === 'in-progress')).toBe(true);
      expect(served).toHaveLength(total - 1);
      expect((await find()).total).toBe(total - 1);
    } finally {
      await own.stop();
    }
  });

  it('filters on _lastUpdated for incremental sync', async () => {
    const since = new Date(NOW.getTime() - 2 * 86_400_000).toISOString();
    const expected = generatedOf('Encounter').filter((e) => (e.meta?.lastUpdated ?? '') > since).length;
    const changed = await allPages('Encounter', { _lastUpdated: `gt${since}`, _count: 200 });
    expect(changed[0]?.total).toBe(expected);
    expect(changed.flatMap((p) => matches(p)).every((e) => (e.meta?.lastUpdated ?? '') > since)).toBe(true);

    clock = new Date('2025-10-17T00:00:00Z');
    const before = (await search('Patient', { _lastUpdated: 'gt2025-10-16T12:00:00Z' })).total;
    const patient = generatedOf<Patient>('Patient')[10] as Patient;
    await client.update({
      resourceType: 'Patient',
      id: patient.id as string,
      body: { ...patient, meta: undefined, telecom: [{ system: 'phone', value: '0912000111' }] } as never,
    });
    const after = await search('Patient', { _lastUpdated: 'gt2025-10-16T12:00:00Z' });
    expect(after.total).toBe((before ?? 0) + 1);
    expect(matches<Patient>(after).map((p) => p.id)).toContain(patient.id);
    expect((await search('Patient', { _lastUpdated: ['ge2025-10-16T12:00:00Z', 'lt2025-10-16T23:00:00Z'] })).total).toBe(before);
  });

  it('includes each encounter patient by _include=Encounter:patient (and :subject) on the census', async () => {
    for (const include of ['Encounter:patient', 'Encounter:subject']) {
      const bundle = await search('Encounter', { class: 'IMP', status: 'in-progress', _include: include, _count: 40 });
      const encounters = matches<Encounter>(bundle);
      expect(encounters.length).toBe(40);
      expect(encounters.every((e) => e.status === 'in-progress' && e.class.code === 'IMP')).toBe(true);
      const included = new Set((bundle.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => `Patient/${e.resource?.id}`));
      expect(new Set(encounters.map((e) => e.subject?.reference))).toEqual(included);
    }
    const census = generatedOf<Encounter>('Encounter').filter((e) => e.status === 'in-progress').length;
    expect(
      (await search('Encounter', { class: 'http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP', status: 'in-progress' })).total,
    ).toBe(census);
  });

  it('finds a patient by identifier system|value, and by value alone', async () => {
    const patient = generatedOf<Patient>('Patient').find((p) =>
      p.identifier?.some((i) => i.system === SYSTEMS.vnCore.insuranceNumber),
    ) as Patient;
    for (const system of [SYSTEMS.vnCore.insuranceNumber, SYSTEMS.vnCore.patientInternalId]) {
      const value = patient.identifier?.find((i) => i.system === system)?.value;
      expect(matches(await search('Patient', { identifier: `${system}|${value}` })).map((p) => p.id)).toEqual([patient.id]);
      expect(matches(await search('Patient', { identifier: value ?? '' })).map((p) => p.id)).toEqual([patient.id]);
      expect((await search('Patient', { identifier: `${SYSTEMS.vnCore.passportNumber}|${value}` })).total).toBe(0);
    }
  });

  it('searches names with or without Vietnamese diacritics (FHIR string matching; Medplum memory search folds neither)', async () => {
    const withNguyen = generatedOf<Patient>('Patient')
      .filter((p) => p.name?.[0]?.family === 'Nguyễn')
      .map((p) => p.id);
    expect(withNguyen.length).toBeGreaterThan(5);
    const ids = async (name: string): Promise<(string | undefined)[]> =>
      (await allPages('Patient', { name, _count: 500 })).flatMap((p) => matches(p).map((r) => r.id));
    expect(new Set(await ids('Nguyễn'))).toEqual(new Set(withNguyen));
    expect(new Set(await ids('nguyen'))).toEqual(new Set(withNguyen));
    const someone = generatedOf<Patient>('Patient')[0] as Patient;
    expect(await ids(someone.name?.[0]?.text ?? '')).toContain(someone.id);
    expect(
      await ids(
        someone.name?.[0]?.text
          ?.normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/đ/g, 'd') ?? '',
      ),
    ).toContain(someone.id);
  });

  it('searches birthdate and Encounter date as time ranges', async () => {
    const old = await allPages('Patient', { birthdate: 'lt1950-01-01', _count: 500 });
    const expected = generatedOf<Patient>('Patient').filter((p) => (p.birthDate ?? '9999') < '1950').length;
    expect(old[0]?.total).toBe(expected);
    const recent = await allPages('Encounter', { date: 'ge2025-10-10', status: 'finished', _count: 500 });
    expect(
      recent.flatMap((p) => matches<Encounter>(p)).every((e) => Date.parse(e.period?.end ?? '') >= Date.parse('2025-10-10T00:00:00+07:00')),
    ).toBe(true);
  });

  it('finds by date=ge a stay that ended on that day, and by date=le one that began on it (as HAPI FHIR does)', async () => {
    // The census asks for discharges with date=ge<day>: a stay that ended during that day is one of them.
    const day = '2025-10-10';
    const dayStart = Date.parse(`${day}T00:00:00+07:00`);
    const finished = generatedOf<Encounter>('Encounter').filter((e) => e.status === 'finished' && e.class?.code === 'IMP');
    const expected = finished.filter((e) => Date.parse(e.period?.end ?? '') >= dayStart).map((e) => e.id);
    expect(finished.some((e) => Date.parse(e.period?.start ?? '') < dayStart && (e.period?.end ?? '').startsWith(day))).toBe(true);
    const served = (await allPages('Encounter', { date: `ge${day}`, status: 'finished', class: 'IMP', _count: 500 })).flatMap((p) =>
      matches<Encounter>(p),
    );
    expect(served.map((e) => e.id).sort()).toEqual(expected.sort());

    // Periods whose answers were measured against HAPI FHIR 8.8.0 (the same resources, the same queries).
    const periods: Record<string, { start?: string; end?: string }> = {
      endsThatDay: { start: '2025-10-05T08:00:00+07:00', end: '2025-10-10T09:00:00+07:00' },
      endsDayBefore: { start: '2025-10-05T08:00:00+07:00', end: '2025-10-09T23:00:00+07:00' },
      open: { start: '2025-10-05T08:00:00+07:00' },
      later: { start: '2025-10-12T08:00:00+07:00', end: '2025-10-13T08:00:00+07:00' },
      startsThatEvening: { start: '2025-10-10T20:00:00+07:00', end: '2025-10-15T08:00:00+07:00' },
      startsNextDay: { start: '2025-10-11T00:30:00+07:00', end: '2025-10-15T08:00:00+07:00' },
      datesOnly: { start: '2025-10-01', end: '2025-10-10' },
      withinTheDay: { start: '2025-10-10T01:00:00+07:00', end: '2025-10-10T05:00:00+07:00' },
      noStart: { end: '2025-10-08T05:00:00+07:00' },
    };
    const own = await startDemoHospital({ patients: 2, seed: SEED + 2, now: NOW });
    try {
      const fhir = new Client({ baseUrl: own.baseUrl });
      for (const [id, period] of Object.entries(periods)) {
        const body = {
          resourceType: 'Encounter',
          id,
          status: 'finished',
          class: { code: 'IMP' },
          identifier: [{ system: 'urn:probe', value: 'p' }],
          period,
        };
        await fhir.update({ resourceType: 'Encounter', id, body: body as never });
      }
      const found = async (date: string): Promise<string[]> => {
        const b = (await fhir.search({
          resourceType: 'Encounter',
          searchParams: { identifier: 'urn:probe|p', date, _count: 50 },
        })) as unknown as Bundle;
        return matches(b)
          .map((e) => e.id as string)
          .sort();
      };
      const sorted = (ids: string[]): string[] => [...ids].sort();
      expect(await found(`ge${day}`)).toEqual(
        sorted(['endsThatDay', 'open', 'later', 'startsThatEvening', 'startsNextDay', 'datesOnly', 'withinTheDay']),
      );
      expect(await found(`le${day}`)).toEqual(
        sorted(['endsThatDay', 'endsDayBefore', 'open', 'startsThatEvening', 'datesOnly', 'withinTheDay', 'noStart']),
      );
      expect(await found(`gt${day}`)).toEqual(sorted(['open', 'later', 'startsThatEvening', 'startsNextDay']));
      expect(await found(`lt${day}`)).toEqual(sorted(['endsThatDay', 'endsDayBefore', 'open', 'datesOnly', 'noStart']));
      expect(await found(`eq${day}`)).toEqual(['withinTheDay']);
      expect(await found(`sa${day}`)).toEqual(sorted(['later', 'startsNextDay']));
      expect(await found(`eb${day}`)).toEqual(sorted(['endsDayBefore', 'noStart']));
      expect(await found('le2025-10-10T12:00:00Z')).toEqual(
        sorted(['endsThatDay', 'endsDayBefore', 'open', 'datesOnly', 'withinTheDay', 'noStart']),
      );
    } finally {
      await own.stop();
    }
  });

  it('refuses unknown search parameters instead of silently returning everything', async () => {
    const res = await status(search('Patient', { nmae: 'nguyen' }));
    expect(res.status).toBe(400);
    expect(res.outcome.issue?.[0]?.details?.text).toContain('nmae');
  });

  it('validates writes, and undoes a whole transaction when one entry fails', async () => {
    const patient = generatedOf<Patient>('Patient')[20] as Patient;
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Thu nhập hộ gia đình' },
      subject: { reference: `Patient/${patient.id}` },
    };
    const created = (await client.create({ resourceType: 'Observation', body: observation as never })) as unknown as Observation;
    expect(created.id).toBeTruthy();
    expect(
      (await status(client.create({ resourceType: 'Observation', body: { resourceType: 'Observation', status: 'final' } as never })))
        .status,
    ).toBe(400);
    const observationsBefore = (await search('Observation', {})).total;
    const tx: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { ...patient, meta: undefined, active: false } as Patient, request: { method: 'PUT', url: `Patient/${patient.id}` } },
        { resource: observation, request: { method: 'POST', url: 'Observation' } },
        {
          resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, foo: 1 } as never,
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    expect((await status(client.transaction({ body: tx as never }))).status).toBe(400);
    expect(((await client.read({ resourceType: 'Patient', id: patient.id as string })) as unknown as Patient).active).toBe(true);
    expect((await search('Observation', {})).total).toBe(observationsBefore);
    tx.entry?.pop();
    const response = (await client.transaction({ body: tx as never })) as unknown as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(((await client.read({ resourceType: 'Patient', id: patient.id as string })) as unknown as Patient).active).toBe(false);
    expect((await search('Observation', {})).total).toBe((observationsBefore ?? 0) + 1);
  });
});

describe('demo hospitals mounted in an app under /demo-fhir/:hospitalCode', () => {
  it('serves each hospital at its own base URL, with links under the mount path', async () => {
    const hospitals = new Map(
      ['BVDKLC', 'BVDKYB'].map((code) => [code, createDemoHospital({ hospitalCode: code, patients: 30, seed: 5, now: NOW })]),
    );
    const app = express();
    app.use(
      '/demo-fhir/:hospitalCode',
      createDemoHospitalRouter((code) => hospitals.get(code)),
    );
    const http = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const root = `http://127.0.0.1:${(http.address() as AddressInfo).port}/demo-fhir`;
      const yenBai = new Client({ baseUrl: `${root}/BVDKYB` });
      const page = (await yenBai.search({ resourceType: 'Patient', searchParams: { _count: 10 } })) as unknown as Bundle;
      expect(matches<Patient>(page)[0]?.id).toMatch(/^bvdkyb-/);
      expect(page.link?.find((l) => l.relation === 'next')?.url).toMatch(new RegExp(`^${root}/BVDKYB/Patient\\?`));
      expect(page.entry?.[0]?.fullUrl).toBe(`${root}/BVDKYB/Patient/${page.entry?.[0]?.resource?.id}`);
      // Yên Bái's provincial hospital draws its patients mostly from the old Yên Bái province.
      const all = matches<Patient>((await yenBai.search({ resourceType: 'Patient', searchParams: { _count: 30 } })) as unknown as Bundle);
      expect(all.filter((p) => p.address?.[1]?.state === 'Yên Bái').length).toBeGreaterThan(15);
      const unknown = await status(new Client({ baseUrl: `${root}/NOPE` }).capabilityStatement());
      expect(unknown.status).toBe(404);
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
