import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CHUNK, transactionBundles } from '../server/fhir/demo-hospital/bundles.js';
import { DEFAULT_PATIENTS } from '../server/fhir/demo-hospital/generator.js';

/**
 * Writes a demo hospital's synthetic patients as FHIR R4 transaction Bundles, to load into any
 * FHIR server (HAPI, Medplum, the demo server): PUT entries with stable ids, ~500 entries a file.
 *
 *   npx tsx scripts/generate-fhir-bundles.ts --out DIR [--patients 2000] [--seed 1]
 *     [--hospital BVDKLC] [--province "Lào Cai"] [--now 2025-10-15T08:00:00+07:00] [--chunk 500]
 *
 * Load with e.g. `for f in DIR/*.json; do curl -sf -H 'Content-Type: application/fhir+json'
 * --data-binary @$f http://localhost:8080/fhir; done` (in file order: one patient never spans files).
 * Same options → byte-identical files. Without --now, the data is placed relative to today's
 * midnight in Vietnam, so runs on the same day agree; pass --now for fixtures.
 */
export interface WriteBundlesOptions {
  out: string;
  patients: number;
  seed: string;
  hospital: string;
  province?: string;
  now: Date;
  chunk: number;
}

export async function writeFhirBundles(o: WriteBundlesOptions): Promise<{ files: string[]; entries: number }> {
  await mkdir(o.out, { recursive: true });
  const files: string[] = [];
  let entries = 0;
  const bundles = transactionBundles(
    { seed: o.seed, patients: o.patients, hospitalCode: o.hospital, hospitalProvince: o.province, now: o.now },
    o.chunk,
  );
  for (const bundle of bundles) {
    const file = join(o.out, `${o.hospital.toLowerCase()}-${String(files.length + 1).padStart(4, '0')}.json`);
    await writeFile(file, `${JSON.stringify(bundle)}\n`, 'utf8');
    files.push(file);
    entries += bundle.entry?.length ?? 0;
  }
  return { files, entries };
}

function todayInVietnam(): Date {
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${day}T00:00:00+07:00`);
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got '${value}'`);
  return n;
}

export function parseCli(argv: string[]): WriteBundlesOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      patients: { type: 'string', default: String(DEFAULT_PATIENTS) },
      seed: { type: 'string', default: '1' },
      hospital: { type: 'string', default: 'BVDKLC' },
      province: { type: 'string' },
      now: { type: 'string' },
      chunk: { type: 'string', default: String(DEFAULT_CHUNK) },
    },
    strict: true,
  });
  if (!values.out) throw new Error('--out DIR is required');
  const now = values.now ? new Date(values.now) : todayInVietnam();
  if (Number.isNaN(now.getTime())) throw new Error(`--now '${values.now}' is not a date`);
  return {
    out: resolve(values.out),
    patients: positive('patients', values.patients),
    seed: values.seed,
    hospital: values.hospital,
    province: values.province,
    now,
    chunk: Math.max(1, positive('chunk', values.chunk)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const options = parseCli(process.argv.slice(2));
    const started = performance.now();
    const { files, entries } = await writeFhirBundles(options);
    console.log(
      `${entries} entries in ${files.length} transaction bundles under ${options.out} (now ${options.now.toISOString()}, ${Math.round(performance.now() - started)} ms)`,
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
