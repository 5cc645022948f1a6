import { startDemoHospital } from '../server/fhir/demo-hospital/server.js';

/**
 * A demo hospital FHIR server in a process of its own, so a benchmark measures the sync's memory,
 * not the FHIR server's. Prints "READY <baseUrl> <patients> <resources>" and runs until stdin closes.
 */
const patients = Number(process.argv[2] ?? 2000);
const hospitalCode = process.argv[3] ?? 'BVDKLC';
const h = await startDemoHospital({ patients, hospitalCode, seed: 7, now: new Date('2026-11-23T03:00:00Z'), limits: { defaultCount: 100, maxCount: 500 } });
process.stdout.write(`READY ${h.baseUrl} ${h.stats.patients} ${h.stats.resources}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void h.stop().then(() => process.exit(0));
});
