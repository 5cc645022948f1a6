import { Types } from 'mongoose';
import { z } from 'zod';

/** Shapes shared by every feature's route schemas. */
export const objectId = z
  .string()
  .refine((v) => /^[a-f0-9]{24}$/.test(v) && Types.ObjectId.isValid(v), 'must be a 24-character hex id');

export const idParams = z.object({ id: objectId }).strict();

/** A required human-readable text field, trimmed, with a length cap. */
export const text = (max: number): z.ZodString => z.string().trim().min(1, 'must not be empty').max(max);

export const isoDateTime = z.string().meta({ format: 'date-time' });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });
