import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The ages consent depends on, as dated configuration with its source
 * (server/reference-data/consent-ages.json): a guardian consents for a child under
 * `guardianBelowAge`; from `childAgreementFromAge` the child's own agreement is recorded too
 * (Decree 13/2023/ND-CP art. 20, continued by Law 91/2025/QH15 and Decree 356/2025/ND-CP).
 * Checked once at load: a malformed table stops the start rather than let a child's consent through.
 */
const fileSchema = z.object({
  source: z.string().min(1),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  guardianBelowAge: z.number().int().min(1).max(25),
  childAgreementFromAge: z.number().int().min(0).max(25),
});
export type ConsentAges = z.infer<typeof fileSchema>;

const here = dirname(fileURLToPath(import.meta.url));
const path = join(here, '../../reference-data/consent-ages.json');

export const CONSENT_AGES: Readonly<ConsentAges> = Object.freeze(fileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))));
if (CONSENT_AGES.childAgreementFromAge >= CONSENT_AGES.guardianBelowAge) {
  throw new Error('consent-ages.json: childAgreementFromAge must be below guardianBelowAge');
}
