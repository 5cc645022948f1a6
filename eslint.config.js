import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every feature folder there is today: a folder created tomorrow (sync, referrals…) is covered the day it appears. */
const FEATURES = readdirSync(join(import.meta.dirname, 'server/features'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Decision 0019: a feature calls another feature's service, never its model (types included: the
 * service re-exports the record types it hands out). One block per feature folder, forbidding the
 * models of all the others, whether reached by `../<other>/x.model.js` or by `…/features/<other>/…`.
 */
export function featureBoundaries(features = FEATURES) {
  return features.map((feature) => {
    const others = features.filter((f) => f !== feature).map(escape);
    return {
      files: [`server/features/${feature}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: others.length === 0 ? [] : [
              {
                regex: `^(?:(?:\\.\\.?/)+|.*/features/)(?:${others.join('|')})/(?:[^/]+/)*[^/]+\\.model(?:\\.[jt]s)?$`,
                message: "That is another feature's model: call that feature's service instead (it re-exports the record types), see docs/decisions/0019-feature-boundaries.md.",
              },
            ],
          },
        ],
      },
    };
  });
}

const houseRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/consistent-type-imports': 'error',
  '@typescript-eslint/explicit-module-boundary-types': ['error', { allowArgumentsExplicitlyTypedAsAny: true }],
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
};

// House style rules of thumb 9: no floating promises, type-only imports, explicit return types
// on exported functions. Prettier owns formatting.
export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'client/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['server/**/*.ts', 'fhir-mappings/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    // test/client imports client modules, so it has the client's settings (test/client/tsconfig.json).
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './test/client/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: houseRules,
  },
  {
    // The web app, with its own compiler settings (bundler resolution, JSX, DOM).
    files: ['client/src/**/*.ts', 'client/src/**/*.tsx'],
    languageOptions: { parserOptions: { project: ['./client/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: houseRules,
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off' },
  },
  ...featureBoundaries(),
  // Decision 0017: the API contract. After the feature blocks, whose rule these options replace for
  // the files they name (forbidding every model here covers "another feature's model" too).
  {
    // Schema modules are what the client type-checks against: zod and other schemas only, no server code.
    files: ['server/**/*.schemas.ts', 'server/http/common-schemas.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongoose', message: 'A schema module is part of the API contract the client type-checks against: no mongoose (docs/decisions/0017-one-api-contract.md).' }],
          patterns: [
            { regex: '^node:', message: 'A schema module is part of the API contract: no Node built-ins.' },
            { regex: '\\.(model|service|routes|jobs)(\\.[jt]s)?$', message: 'A schema module is part of the API contract the client type-checks against: no models, services, routes or jobs (put shared constants in the schema module, the model imports them).' },
          ],
        },
      ],
    },
  },
  {
    // The client takes only types from the server (and its reference-data tables, which are data):
    // no server code reaches the bundle.
    files: ['client/src/**/*.ts', 'client/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)(server/(?!reference-data/[^/]+\\.json$)|fhir-mappings/)', allowTypeImports: true, message: 'The client imports only types from the server (import type …), see docs/decisions/0017-one-api-contract.md.' }] },
      ],
    },
  },
);
