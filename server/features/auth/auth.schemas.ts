import { z } from 'zod';
import { freeText, isoDateTime, pageQuerySchema, pageSchema, text } from '../../http/common-schemas.js';
import { SCOPES } from '../../http/roles.js';
import { passwordSchema, userViewSchema } from '../admin/users.schemas.js';

export const loginSchema = z
  .object({
    username: z.string().trim().min(1, 'must not be empty').max(64).check(freeText()),
    password: z.string().min(1, 'must not be empty').max(128),
  })
  .strict();

export const passwordChangeSchema = z
  .object({ currentPassword: z.string().min(1, 'must not be empty').max(128), newPassword: passwordSchema })
  .strict();

export const sessionViewSchema = z.object({
  authenticated: z.boolean(),
  csrfToken: z.string(),
  user: userViewSchema.nullable(),
  /** The actions the policy lets this user take (token requests: within the token's scopes); the client shows menus and buttons by them. */
  can: z.array(z.string()),
});

export const csrfTokenSchema = z.object({ csrfToken: z.string() });

export const loginResultSchema = z.object({ user: userViewSchema, csrfToken: z.string(), can: z.array(z.string()) });

export const tokenCreateSchema = z
  .object({
    name: text(100),
    scopes: z.array(z.enum(SCOPES)).min(1, 'give at least one scope').max(SCOPES.length),
    expiresInDays: z.number().int().min(1).max(366).optional(),
  })
  .strict();
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

export const tokenListQuery = pageQuerySchema.strict();
export type TokenListQuery = z.infer<typeof tokenListQuery>;

export const tokenViewSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    expiresAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
    lastUsedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'ApiToken' });
export type TokenView = z.infer<typeof tokenViewSchema>;
export const tokenPageSchema = pageSchema(tokenViewSchema);
export const tokenCreatedSchema = tokenViewSchema.extend({ token: z.string().describe('shown once; store it now') });
