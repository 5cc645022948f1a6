import { z } from 'zod';
import { bhytShareSchema, lineSchema, vndOut } from './funding.schemas.js';

/**
 * The funding requests part's own shapes, beside the contract in funding.schemas.ts (the client
 * may import these type-only too: zod only, no server code).
 */

/** POST /cases/:caseId/funding-requests/preview: the split and what would be asked (nothing stored). */
export const fundingPreviewSchema = z.object({ lines: z.array(lineSchema), bhyt: bhytShareSchema.nullable(), askedVnd: vndOut }).meta({ id: 'FundingRequestPreview' });
export type FundingPreview = z.infer<typeof fundingPreviewSchema>;

/** PATCH /funding-requests/:id's body: the contract's (its defaulted fields plain optionals). */
export { fundingUpdateBody as fundingPatchBody, type FundingUpdateBody as FundingPatchBody } from './funding.schemas.js';
