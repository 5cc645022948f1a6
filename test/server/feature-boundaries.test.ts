import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * Decision 0019: a feature reaches another feature through its service, never its model; the lint
 * rule in eslint.config.js says so for every feature folder, and the client is linted too. These
 * run ESLint itself on the project's config (without type information, which the boundary rule
 * does not need and which would cost seconds per file set).
 */
const root = new URL('../../', import.meta.url).pathname;
const configFile = new URL('../../eslint.config.js', import.meta.url).href;
const untyped: Linter.Config = { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } };
const projectLint = new ESLint({ cwd: root, overrideConfig: untyped });

const BOUNDARY = 'no-restricted-imports';

/** ESLint with the TypeScript parser and the config's boundary blocks only (for the given feature folders, or today's). */
async function boundaryLint(features?: string[]): Promise<ESLint> {
  const { featureBoundaries } = (await import(configFile)) as { featureBoundaries: (features?: string[]) => Linter.Config[] };
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } }, ...featureBoundaries(features)],
  });
}

async function boundaryErrors(eslint: ESLint, code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === BOUNDARY).map((m) => m.message);
}

describe('feature boundaries (lint)', () => {
  it("refuses another feature's model, by a relative path or through features/, type imports and re-exports included", async () => {
    const at = 'server/features/cases/boundary-probe.ts';
    const refused = [
      "import { PatientModel } from '../patients/patients.model.js';\nexport const m = PatientModel;\n",
      "import type { HospitalRecord } from '../admin/hospitals.model.js';\nexport type H = HospitalRecord;\n",
      "export { UserModel } from '../../features/admin/users.model.js';\n",
      "import { FlagModel } from '../screening/screening.model';\nexport const f = FlagModel;\n",
    ];
    for (const code of refused) {
      const errors = await boundaryErrors(projectLint, code, at);
      expect(errors, code).toHaveLength(1);
      expect(errors[0]).toContain("call that feature's service");
    }
  });

  it("allows a feature its own model and other features' services", async () => {
    const code = [
      "import { CaseModel } from './cases.model.js';",
      "import { findPatient, type PatientRecord } from '../patients/patients.service.js';",
      "import type { HospitalRecord } from '../admin/hospitals.service.js';",
      'export const uses = [CaseModel, findPatient];',
      'export type Uses = [PatientRecord, HospitalRecord];',
      '',
    ].join('\n');
    expect(await boundaryErrors(projectLint, code, 'server/features/cases/boundary-probe.ts')).toEqual([]);
  });

  it('covers a feature folder created later (sync, referrals) from the folder list, both ways', async () => {
    const eslint = await boundaryLint(['admin', 'patients', 'referrals', 'sync']);
    expect(await boundaryErrors(eslint, "import { PatientModel } from '../patients/patients.model.js';\nexport const m = PatientModel;\n", 'server/features/sync/probe.ts')).toHaveLength(1);
    expect(await boundaryErrors(eslint, "import type { R } from '../referrals/referrals.model.js';\nexport type X = R;\n", 'server/features/patients/probe.ts')).toHaveLength(1);
    expect(await boundaryErrors(eslint, "import type { R } from './referrals.model.js';\nexport type X = R;\n", 'server/features/referrals/probe.ts')).toEqual([]);
  });

  it("no feature imports another feature's model today (the rule guards every feature folder)", async () => {
    const folders = readdirSync(join(root, 'server/features'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.length).toBeGreaterThan(3);
    for (const { name } of folders) {
      const config = (await projectLint.calculateConfigForFile(`server/features/${name}/any.ts`)) as Linter.Config;
      expect(config.rules?.[BOUNDARY], name).toEqual([2, expect.objectContaining({ patterns: [expect.objectContaining({ regex: expect.any(String) })] })]);
    }
    // Only the boundary rule, over every file (the full lint of the same files is what npm run lint does).
    const results = await (await boundaryLint()).lintFiles(['server/features']);
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === BOUNDARY).map((m) => `${r.filePath.slice(root.length)}:${m.line}`));
    expect(found).toEqual([]);
  });
});

describe('the client is linted', () => {
  it('npm run lint covers client/src, with the house rules and type information from the client tsconfig', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint?.split(/\s+/)).toContain('client/src');
    const eslint = new ESLint({ cwd: root });
    for (const file of ['client/src/main.tsx', 'client/src/api.ts']) {
      const config = (await eslint.calculateConfigForFile(file)) as Linter.Config;
      expect(config.rules?.['@typescript-eslint/no-floating-promises'], file).toEqual([2]);
      expect(config.rules?.['@typescript-eslint/consistent-type-imports'], file).toEqual([2]);
      expect((config.languageOptions?.parserOptions as { project?: unknown } | undefined)?.project, file).toEqual(['./client/tsconfig.json']);
    }
  });
});
