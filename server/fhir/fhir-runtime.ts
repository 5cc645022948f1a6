import type { Logger } from 'pino';
import { pino } from 'pino';

/**
 * The settings of the work done against hospitals' FHIR servers, set once at start from the
 * configuration (createApp, the sync command line). Module state, like the secret box's key,
 * because the services reach it from background work that has no request to carry it.
 */
export interface FhirRuntime {
  /** One deadline for all the FHIR calls of a person's action (search, link, resync). */
  interactiveDeadlineMs: number;
  /** A census sync begun longer ago than this is not resumed: a new run starts, as of now. */
  syncResumeMaxAgeMs: number;
  /** Where background FHIR work (write-back) logs its failures. Ids only, never patient data. */
  log: Logger;
}

const runtime: FhirRuntime = {
  interactiveDeadlineMs: 8_000,
  syncResumeMaxAgeMs: 60 * 60_000,
  log: pino({ level: 'silent' }),
};

export function configureFhirRuntime(settings: { interactiveDeadlineMs: number; syncResumeMaxAgeMinutes: number; log?: Logger }): void {
  runtime.interactiveDeadlineMs = settings.interactiveDeadlineMs;
  runtime.syncResumeMaxAgeMs = settings.syncResumeMaxAgeMinutes * 60_000;
  if (settings.log) runtime.log = settings.log;
}

export function fhirRuntime(): Readonly<FhirRuntime> {
  return runtime;
}
