import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Decision 0017: the schema modules are the API contract the client type-checks against, so they
 * import zod and other schemas only (no mongoose, models, services, routes, jobs, Node built-ins);
 * the client imports only types from the server. ESLint itself on the project's config, without
 * type information (the import rules need none).
 */
const root = new URL('../../../', import.meta.url).pathname;
const untyped: Linter.Config = { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } };
const eslint = new ESLint({ cwd: root, overrideConfig: untyped });

async function importErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the API contract (lint)', () => {
  it('a schema module refuses mongoose, a model (its own feature’s too), a service and Node built-ins', async () => {
    const at = 'server/features/admin/probe.schemas.ts';
    for (const code of [
      "import { Types } from 'mongoose';\nexport const t = Types;\n",
      "import { HOSPITAL_LEVELS } from './hospitals.model.js';\nexport const l = HOSPITAL_LEVELS;\n",
      "import type { UserRecord } from './users.model.js';\nexport type U = UserRecord;\n",
      "import { findUser } from './users.service.js';\nexport const f = findUser;\n",
      "import { randomUUID } from 'node:crypto';\nexport const r = randomUUID;\n",
    ]) {
      const errors = await importErrors(code, at);
      expect(errors, code).toHaveLength(1);
      expect(errors[0]).toMatch(/API contract/);
    }
  });

  it('a schema module may import zod, the common schemas, the roles and other schema modules', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { objectId } from '../../http/common-schemas.js';",
      "import { ROLES } from '../../http/roles.js';",
      "import { userViewSchema } from './users.schemas.js';",
      'export const s = z.object({ id: objectId, role: z.enum(ROLES), user: userViewSchema });',
      '',
    ].join('\n');
    expect(await importErrors(code, 'server/features/admin/probe.schemas.ts')).toEqual([]);
  });

  it('the client takes types from the server, never values (reference-data tables excepted: they are data)', async () => {
    const at = 'client/src/probe.ts';
    expect(await importErrors("import { ROLES } from '../../server/http/roles';\nexport const r = ROLES;\n", at)).toHaveLength(1);
    expect(await importErrors("import { userViewSchema } from '../../server/features/admin/users.schemas';\nexport const u = userViewSchema;\n", at)).toHaveLength(1);
    expect(await importErrors("import type { userViewSchema } from '../../server/features/admin/users.schemas';\nexport type U = typeof userViewSchema;\n", at)).toEqual([]);
    expect(await importErrors("import groups from '../../server/reference-data/bhyt-groups.json';\nexport const g = groups;\n", at)).toEqual([]);
  });
});
