import { z } from 'zod';
import { objectId } from '../../http/common-schemas.js';
import { bhytShareSchema, fundingCreateBody, FUNDING_URGENCIES, lineSchema, vndOut } from './funding.schemas.js';

/**
 * The funding requests part's own shapes, beside the contract in funding.schemas.ts (the client
 * may import these type-only too: zod only, no server code).
 */

/** POST /cases/:caseId/funding-requests/preview: the split and what would be asked (nothing stored). */
export const fundingPreviewSchema = z.object({ lines: z.array(lineSchema), bhyt: bhytShareSchema.nullable(), askedVnd: vndOut }).meta({ id: 'FundingRequestPreview' });
export type FundingPreview = z.infer<typeof fundingPreviewSchema>;

/**
 * PATCH /funding-requests/:id's body as the route reads it. funding.schemas.ts's
 * `fundingUpdateBody` is `fundingCreateBody.partial()`, and zod's partial keeps the create body's
 * defaults: `{}` would parse as `{ urgency: 'routine', documentIds: [] }` (an empty edit accepted, and
 * every edit resetting the urgency and the documents). Here the two defaulted fields are plain
 * optionals; the shape is otherwise the same, so the client's type from funding.schemas.ts holds.
 */
export const fundingPatchBody = fundingCreateBody
  .extend({ urgency: z.enum(FUNDING_URGENCIES).optional(), documentIds: z.array(objectId).max(10).optional() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type FundingPatchBody = z.infer<typeof fundingPatchBody>;
