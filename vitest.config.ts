import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The FHIR contract suite needs HAPI FHIR (a JDK, a minute to start): `npm run test:fhir-contract`.
    exclude: [...configDefaults.exclude, 'test/fhir-contract/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each file's time goes to test-results/test-times.json and the 15 slowest are printed at the end (CI keeps the file).
    reporters: ['default', './test/setup/timing-reporter.ts'],
  },
});
