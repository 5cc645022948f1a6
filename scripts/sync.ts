import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig, type AppConfig } from '../server/config.js';
import { connectDatabase, disconnectDatabase } from '../server/db/connection.js';
import { readDevDbPointer } from '../server/db/dev-db-pointer.js';
import { HospitalModel, type HospitalRecord } from '../server/features/admin/hospitals.model.js';
import { beginSync, runSync } from '../server/features/sync/census-sync.service.js';
import { configureFhirRuntime } from '../server/fhir/fhir-runtime.js';
import { configureSecretBox } from '../server/fhir/secret-box.js';

/**
 * `npm run sync -- --hospital CODE`: runs (or resumes) one hospital's census sync from the command
 * line with a progress bar. Uses MONGODB_URI, or the database of the demo service when it runs.
 * Exit code 0 when the sync succeeded, 1 when it failed, 2 on bad usage.
 */
const { values } = parseArgs({ options: { hospital: { type: 'string' } } });
if (!values.hospital) {
  process.stderr.write('usage: npm run sync -- --hospital CODE\n');
  process.exit(2);
}
// The CLI signs no session cookies: it needs the database settings, not the web service's SESSION_SECRET.
let config: AppConfig;
try {
  config = loadConfig({ ...process.env, SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex') });
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(2);
}
configureSecretBox(config.fhirSecretKey);
configureFhirRuntime({ interactiveDeadlineMs: config.fhirInteractiveDeadlineMs, syncResumeMaxAgeMinutes: config.syncResumeMaxAgeMinutes });
const db = config.mongodbUri ? { uri: config.mongodbUri, dbName: config.mongodbDb } : readDevDbPointer();
if (!db) {
  process.stderr.write('No database: set MONGODB_URI, or start the demo service first (npm start).\n');
  process.exit(2);
}
await connectDatabase(db.uri, db.dbName);
const hospital = await HospitalModel.findOne({ code: values.hospital.toUpperCase() }).lean<HospitalRecord>();
if (!hospital) {
  process.stderr.write(`No hospital with code ${values.hospital}\n`);
  await disconnectDatabase();
  process.exit(2);
}
const bar = new cliProgress.SingleBar(
  { format: `${hospital.code} |{bar}| {value}/{total} patients · {pages} pages · {phase}`, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let exitCode = 1;
try {
  const run = await beginSync(hospital, 'cli');
  bar.start(run.progress.total, run.progress.patients, { pages: run.progress.pages, phase: run.resumedCount ? 'resumed' : 'started' });
  const done = await runSync(hospital, run, {
    onPage: (r) => {
      bar.setTotal(Math.max(r.progress.total, r.progress.patients));
      bar.update(r.progress.patients, { pages: r.progress.pages, phase: r.phases.find((p) => !p.done)?.name ?? 'finishing' });
    },
  });
  bar.stop();
  if (done.status === 'succeeded') {
    process.stdout.write(`Census sync of ${hospital.code} succeeded: ${done.progress.patients} patients in ${done.progress.pages} pages.\n`);
    exitCode = 0;
  } else {
    process.stderr.write(`Census sync of ${hospital.code} failed: ${done.error?.message ?? 'unknown error'}\n(what was saved is kept; run again to resume)\n`);
  }
} catch (err) {
  bar.stop();
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  await disconnectDatabase();
}
process.exit(exitCode);
