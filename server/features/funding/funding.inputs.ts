import { z } from 'zod';
import { objectId } from '../../http/common-schemas.js';
import { fundingCreateBody, FUNDING_URGENCIES } from './funding.schemas.js';

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
