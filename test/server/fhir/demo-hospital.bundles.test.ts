import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli, writeFhirBundles } from '../../../scripts/generate-fhir-bundles.js';
import { generateHospitalResources } from '../../../server/fhir/demo-hospital/generator.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';

/** scripts/generate-fhir-bundles.ts: files that load into a FHIR server and read back as generated. */
const NOW = new Date('2025-10-15T03:00:00Z');
const OPTIONS = { patients: 120, seed: '9', hospital: 'BVDKLC', now: NOW, chunk: 500 };

let dir: string;
let server: RunningDemoHospital;

const readBundle = async (file: string): Promise<Bundle> => JSON.parse(await readFile(file, 'utf8')) as Bundle;
const withoutMeta = ({ meta: _meta, ...rest }: Resource): Omit<Resource, 'meta'> => rest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nhipcau-bundles-'));
  server = await startDemoHospital({ patients: 0, seed: 1, now: NOW });
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('FHIR transaction bundle files', () => {
  it('reads its command line', () => {
    const o = parseCli(['--out', 'x', '--patients', '30', '--seed', 's1', '--hospital', 'BVDKYB', '--now', '2025-10-15T10:00:00+07:00']);
    expect(o).toMatchObject({ patients: 30, seed: 's1', hospital: 'BVDKYB', chunk: 500 });
    expect(o.now.toISOString()).toBe('2025-10-15T03:00:00.000Z');
    expect(() => parseCli(['--patients', '5'])).toThrow('--out');
    expect(() => parseCli(['--out', 'x', '--patients', 'many'])).toThrow('--patients');
  });

  it('writes byte-identical chunks of PUT entries with stable ids, one patient never split', async () => {
    const a = await writeFhirBundles({ ...OPTIONS, out: join(dir, 'a') });
    const b = await writeFhirBundles({ ...OPTIONS, out: join(dir, 'b') });
    expect(a.files.length).toBeGreaterThan(1);
    for (const [i, file] of a.files.entries()) expect(await readFile(file, 'utf8')).toBe(await readFile(b.files[i] as string, 'utf8'));
    const owners = new Map<string, number>();
    for (const [i, file] of a.files.entries()) {
      const bundle = await readBundle(file);
      expect(bundle.type).toBe('transaction');
      expect(bundle.entry?.length).toBeLessThanOrEqual(500);
      for (const e of bundle.entry ?? []) {
        expect(e.request).toEqual({ method: 'PUT', url: `${e.resource?.resourceType}/${e.resource?.id}` });
        const owner = /^bvdklc-\d{6}/.exec(e.resource?.id ?? '')?.[0];
        if (owner) expect(owners.get(owner) ?? i).toBe(i);
        if (owner) owners.set(owner, i);
      }
    }
    expect(owners.size).toBe(OPTIONS.patients);
  });

  it('round-trips: POSTed into a fresh demo server, every resource reads back as generated', async () => {
    const { files, entries } = await writeFhirBundles({ ...OPTIONS, out: join(dir, 'load') });
    const client = new Client({ baseUrl: server.baseUrl });
    for (const file of files) {
      const response = (await client.transaction({ body: (await readBundle(file)) as never })) as unknown as Bundle;
      expect(response.type).toBe('transaction-response');
      expect(response.entry?.every((e) => e.response?.status?.startsWith('2'))).toBe(true);
    }
    const generated = [...generateHospitalResources({ ...OPTIONS, hospitalCode: OPTIONS.hospital })];
    expect(entries).toBe(generated.length);
    for (const type of ['Patient', 'Coverage', 'Encounter', 'ChargeItem']) {
      const page = (await client.search({ resourceType: type, searchParams: { _count: 1 } })) as unknown as Bundle;
      expect(page.total, type).toBe(generated.filter((r) => r.resourceType === type).length);
    }
    for (const original of generated.filter((_, i) => i % 97 === 0)) {
      const stored = (await client.read({ resourceType: original.resourceType, id: original.id as string })) as unknown as Resource;
      expect(withoutMeta(stored)).toEqual(withoutMeta(original));
    }
  });

  it('loads idempotently: the same file twice leaves one copy of each resource', async () => {
    const { files } = await writeFhirBundles({ ...OPTIONS, out: join(dir, 'again') });
    const client = new Client({ baseUrl: server.baseUrl });
    await client.transaction({ body: (await readBundle(files[0] as string)) as never });
    const page = (await client.search({ resourceType: 'Patient', searchParams: { _count: 1 } })) as unknown as Bundle;
    expect(page.total).toBe(OPTIONS.patients);
  });
});
