import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-module-boundary-types': ['error', { allowArgumentsExplicitlyTypedAsAny: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off' },
  },
);
