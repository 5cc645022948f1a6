/**
 * The one test seam of the money code (decision 0025): with FUNDING_CRASH_AFTER=<step> in its
 * environment a process kills itself with SIGKILL right after that write, as a power cut would.
 * test/server/funding/fixtures/crash-disbursement.ts runs a disbursement in a child process so
 * the repair job can be proven to finish it. Steps: see the `crashAfter(...)` calls (e.g.
 * `disbursement.record`, `disbursement.transfers`, `disbursement.claim`, `disbursement.post`,
 * `disbursement.mark`, `pledge.intent`, `pledge.guard`, `pledge.record`). Unset: nothing happens.
 */
export function crashAfter(step: string): void {
  if (process.env.FUNDING_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}
