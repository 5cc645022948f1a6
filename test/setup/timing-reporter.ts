import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

/**
 * Each test file's time, so the suite stays fast as it grows (issue 9 point 6): written as JSON
 * (test-results/test-times.json, or TEST_TIMES_FILE) for CI to keep, and the slowest files printed
 * at the end of the run. A file's time is what it cost the run: importing it (top-level awaits such
 * as starting the app count here), its setup files, and its tests and hooks.
 */
export interface FileTime {
  file: string;
  state: string;
  totalMs: number;
  importMs: number;
  setupMs: number;
  testsMs: number;
  tests: number;
}

export interface TestTimes {
  node: string;
  files: FileTime[];
}

const SHOWN = 15;
const ms = (n: number): number => Math.round(n);

export function fileTime(m: TestModule, root: string): FileTime {
  const d = m.diagnostic();
  const importMs = ms(d.collectDuration);
  const setupMs = ms(d.setupDuration + d.prepareDuration + d.environmentSetupDuration);
  const testsMs = ms(d.duration);
  return {
    file: relative(root, m.moduleId),
    state: m.state(),
    totalMs: importMs + setupMs + testsMs,
    importMs,
    setupMs,
    testsMs,
    tests: [...m.children.allTests()].length,
  };
}

export function slowestTable(files: readonly FileTime[], count = SHOWN): string {
  const rows = files.slice(0, count).map((f) => `${(f.totalMs / 1000).toFixed(1).padStart(7)} s  ${f.file}  (import ${(f.importMs / 1000).toFixed(1)} s, tests ${(f.testsMs / 1000).toFixed(1)} s, ${f.tests} test${f.tests === 1 ? '' : 's'})`);
  return [`Slowest ${Math.min(count, files.length)} test files of ${files.length}:`, ...rows].join('\n');
}

export default class TimingReporter implements Reporter {
  private root = process.cwd();
  private log: (text: string) => void = (text) => console.log(text);

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.log = (text) => vitest.logger.log(text);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const files = testModules.map((m) => fileTime(m, this.root)).sort((a, b) => b.totalMs - a.totalMs || a.file.localeCompare(b.file));
    const out = resolve(this.root, process.env.TEST_TIMES_FILE ?? 'test-results/test-times.json');
    mkdirSync(dirname(out), { recursive: true });
    const times: TestTimes = { node: process.version, files };
    writeFileSync(out, `${JSON.stringify(times, null, 2)}\n`);
    this.log(`\n${slowestTable(files)}\n(each file's time: ${relative(this.root, out)})`);
  }
}
