import { performance } from 'node:perf_hooks';

/**
 * Load for the worker benchmark, in a process of its own so it takes no time from the API's event
 * loop: `concurrency` loops GET `url` with the session cookie, back to back, until stdin closes;
 * then prints one JSON line {"latenciesMs": [...], "errors": n}. Prints READY once the loops run.
 */
const [url, cookie, concurrencyArg] = process.argv.slice(2);
if (!url || !cookie) throw new Error('usage: worklist-load-process.ts URL COOKIE CONCURRENCY');
const concurrency = Number(concurrencyArg ?? 8);
const latenciesMs: number[] = [];
let errors = 0;
let stopping = false;
process.stdin.resume();
process.stdin.on('end', () => void (stopping = true));

async function loop(): Promise<void> {
  while (!stopping) {
    const t0 = performance.now();
    try {
      const res = await fetch(url as string, { headers: { cookie: cookie as string, accept: 'application/json' } });
      await res.arrayBuffer();
      if (!res.ok) errors += 1;
    } catch {
      errors += 1;
    }
    latenciesMs.push(performance.now() - t0);
  }
}

const loops = Array.from({ length: concurrency }, () => loop());
process.stdout.write('READY\n');
await Promise.all(loops);
process.stdout.write(`${JSON.stringify({ latenciesMs, errors })}\n`);
