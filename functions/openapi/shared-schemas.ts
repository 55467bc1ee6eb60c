/** Schemas the reference needs for inputs that the handlers check by hand (to stay small). */
import { z } from 'zod';

/** The body of the confirm and withdraw requests (checked by linkToken() in #domain/tokens.ts). */
export const linkTokenSchema = z.strictObject({ token: z.string().min(1).max(200) });

/** Every error answer: a code, a message, and for validation errors a message per field. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });
