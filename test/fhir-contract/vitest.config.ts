import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The FHIR contract suite: the product against HAPI FHIR, a FHIR server nobody on this project
 * wrote (`npm run test:fhir-contract`). Kept out of `npm test`: HAPI needs a JDK and a minute or
 * two to start. Files run one at a time: they share the one HAPI server and its data.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['test/fhir-contract/**/*.contract.test.ts'],
    globalSetup: ['test/setup/global-setup.ts', 'test/fhir-contract/hapi-global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
