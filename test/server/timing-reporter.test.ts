import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestTimes } from '../setup/timing-reporter.js';

/**
 * The suite's own config records each test file's time (test/setup/timing-reporter.ts): a small
 * vitest run of three files (one failing) in a folder of its own, with the project's config file.
 */
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'timing-reporter-'));
symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files: Record<string, string> = {
  'one.test.ts': "import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\nit('subtracts', () => expect(2 - 1).toBe(1));\n",
  'two.test.ts': "import { it, expect } from 'vitest';\nconst ready = await Promise.resolve(3);\nit('waits for its import', () => expect(ready).toBe(3));\n",
  'broken.test.ts': "import { it, expect } from 'vitest';\nit('fails', () => expect(1).toBe(2));\n",
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
// The project's config as it is, on this folder: its reporters, its include pattern relaxed to the three files.
writeFileSync(
  join(dir, 'vitest.config.ts'),
  `import base from ${JSON.stringify(join(root, 'vitest.config.ts'))};\n` +
    `export default { ...base, test: { ...base.test, include: ['*.test.ts'], globalSetup: [], reporters: (base.test?.reporters ?? []).map((r) => typeof r === 'string' && r.startsWith('./') ? ${JSON.stringify(root)} + r.slice(2) : r) } };\n`,
);

function runVitest(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, 'vitest.config.ts'), '--root', dir], {
      cwd: dir,
      env: { ...process.env, TEST_TIMES_FILE: 'out/test-times.json', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => void (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('test file times', () => {
  it('writes each file with its time, slowest first, and prints the slowest at the end', async () => {
    const { code, output } = await runVitest();
    expect(code, output).toBe(1); // one file fails, and still every file has its time

    const times = JSON.parse(readFileSync(join(dir, 'out/test-times.json'), 'utf8')) as TestTimes;
    expect(times.node).toBe(process.version);
    expect(times.files.map((f) => f.file).sort()).toEqual(['broken.test.ts', 'one.test.ts', 'two.test.ts']);
    const byName = new Map(times.files.map((f) => [f.file, f]));
    expect(byName.get('one.test.ts')).toMatchObject({ state: 'passed', tests: 2 });
    expect(byName.get('two.test.ts')).toMatchObject({ state: 'passed', tests: 1 });
    expect(byName.get('broken.test.ts')).toMatchObject({ state: 'failed', tests: 1 });
    for (const f of times.files) {
      for (const part of [f.importMs, f.setupMs, f.testsMs]) expect(Number.isInteger(part) && part >= 0, JSON.stringify(f)).toBe(true);
      expect(f.totalMs).toBe(f.importMs + f.setupMs + f.testsMs);
    }
    const totals = times.files.map((f) => f.totalMs);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    const table = output.slice(output.indexOf('Slowest 3 test files of 3:'));
    expect(table, output).toMatch(/^Slowest 3 test files of 3:/);
    const listed = table.split('\n').slice(1, 4).map((line) => /\s(\S+\.test\.ts)\s/.exec(line)?.[1]);
    expect(listed).toEqual(times.files.map((f) => f.file));
    expect(table).toContain('out/test-times.json');
  });
});
