import { FhirRouter } from '@medplum/fhir-router';
import { generateHospitalResources, resolveHospital, type GeneratorOptions } from './generator.js';
import { DemoRepository } from './repository.js';
import type { PageLimits } from './search.js';

/**
 * One demo hospital in memory: a FhirRouter over a DemoRepository seeded from the generator.
 * Served over HTTP by http.ts (standalone in server.ts, or mounted in the main app in demo mode).
 */
export interface DemoHospitalOptions extends GeneratorOptions {
  limits?: Partial<PageLimits>;
  /** Stamps meta.lastUpdated on writes; the wall clock unless a test fixes it. */
  clock?: () => Date;
}

export interface DemoHospitalStats {
  patients: number;
  resources: number;
  byType: Record<string, number>;
  /** Time to generate and load the seed data. */
  loadMs: number;
}

export interface DemoHospital {
  readonly code: string;
  readonly name: string;
  readonly now: Date;
  readonly limits: PageLimits;
  readonly repo: DemoRepository;
  readonly router: FhirRouter;
  readonly stats: DemoHospitalStats;
  /** Runs writes one at a time, so a transaction's undo can never clobber another request's write. */
  serialize<T>(work: () => Promise<T>): Promise<T>;
}

/** Every type the generator writes, and the ones the module writes back (screening, flags, referrals, consent). */
export const DEMO_RESOURCE_TYPES = [
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Patient',
  'RelatedPerson',
  'Coverage',
  'Encounter',
  'Condition',
  'Account',
  'ChargeItem',
  'Observation',
  'QuestionnaireResponse',
  'Flag',
  'Goal',
  'ServiceRequest',
  'Task',
  'Consent',
  'Provenance',
  'AuditEvent',
  'Communication',
  'DocumentReference',
] as const;

export const DEFAULT_LIMITS: PageLimits = { defaultCount: 50, maxCount: 500 };

export function createDemoHospital(options: DemoHospitalOptions): DemoHospital {
  const started = performance.now();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const repo = new DemoRepository({ resourceTypes: DEMO_RESOURCE_TYPES, limits, clock: options.clock ?? (() => new Date()) });
  const hospital = resolveHospital(options);
  repo.load(generateHospitalResources(options));
  const byType = Object.fromEntries(repo.store.types().map((t) => [t, repo.store.count(t)]));
  const stats: DemoHospitalStats = {
    patients: repo.store.count('Patient'),
    resources: Object.values(byType).reduce((a, b) => a + b, 0),
    byType,
    loadMs: Math.round(performance.now() - started),
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    code: hospital.code,
    name: hospital.name,
    now: options.now,
    limits,
    repo,
    router: new FhirRouter(),
    stats,
    serialize<T>(work: () => Promise<T>): Promise<T> {
      const run = queue.then(work);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
