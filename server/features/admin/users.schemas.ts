import { z } from 'zod';
import { isoDateTime, objectId, pageQuerySchema, pageSchema, text } from '../../http/common-schemas.js';
import { ROLES } from '../../http/roles.js';

/** NIST SP 800-63B: length over composition rules; 12 characters minimum here. */
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(128, 'must be at most 128 characters');

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/, '3-64 characters: letters, digits, . _ @ -');

/** Where the user's notifications are e-mailed (optional: without one, in-app only). */
export const userEmailSchema = z.string().trim().toLowerCase().max(200).pipe(z.email());

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: text(200),
    email: userEmailSchema.nullable().optional(),
    role: z.enum(ROLES),
    hospitalId: objectId.nullable().optional(),
    organisationId: objectId.nullable().optional(),
    locale: z.enum(['vi', 'en']).default('vi'),
    password: passwordSchema,
  })
  .strict();
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    displayName: text(200).optional(),
    email: userEmailSchema.nullable().optional(),
    role: z.enum(ROLES).optional(),
    hospitalId: objectId.nullable().optional(),
    organisationId: objectId.nullable().optional(),
    locale: z.enum(['vi', 'en']).optional(),
    disabled: z.boolean().optional(),
    /** Admin reset: the user's sessions end and any lockout is cleared. */
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const userListQuery = pageQuerySchema
  .extend({ role: z.enum(ROLES).optional(), hospitalId: objectId.optional(), organisationId: objectId.optional() })
  .strict();
export type UserListQuery = z.infer<typeof userListQuery>;

export const userViewSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    role: z.enum(ROLES),
    locale: z.enum(['vi', 'en']),
    hospital: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
    organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
    disabled: z.boolean(),
    lockedUntil: isoDateTime.nullable(),
    lastLoginAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof userViewSchema>;
export const userPageSchema = pageSchema(userViewSchema);
