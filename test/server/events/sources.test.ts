import { describe, expect, it } from 'vitest';
import { eventSources } from '../../../server/events/append.js';
import '../../../server/jobs/all-jobs.js';

/**
 * The worker imports all-jobs.ts and nothing else: every kind of record that carries events must be
 * known there, or the repair job would never copy the marks a stopped writer left on it.
 */
describe('event sources in the worker', () => {
  it('knows every record kind that emits events: screenings, flags, cases, consents, outbox entries, sync runs', () => {
    expect(eventSources().map((s) => s.prefix)).toEqual(expect.arrayContaining(['case', 'consent', 'fhir-outbox', 'flag', 'screening', 'sync-run']));
  });
});
