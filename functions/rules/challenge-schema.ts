/**
 * The proof-of-work payload (ALTCHA) as every anonymous form that asks for one sends it (zod). Apart
 * from challenge.ts, so that the route handing out challenges does not bundle the validator.
 */
import * as z from 'zod';

/** Messages are keys of the server catalog's `validation` section (functions/i18n/en.ts). */
export const altchaPayloadSchema = z.string('altcha.pending').min(1, 'altcha.pending').max(10_000, 'altcha.pending');

/**
 * GET /api/challenge: an ALTCHA v2 challenge, as altcha-lib makes it and the widget reads it. Its
 * fields are altcha-lib's (its `Challenge` type must fit this: the handler's body is typed by it).
 */
export const challengeSchema = z.object({
  parameters: z.object({
    algorithm: z.string(),
    nonce: z.string(),
    salt: z.string(),
    cost: z.number(),
    keyLength: z.number(),
    keyPrefix: z.string(),
    keySignature: z.string().optional(),
    memoryCost: z.number().optional(),
    parallelism: z.number().optional(),
    expiresAt: z.number().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  signature: z.string().optional(),
  codeChallenge: z.object({ image: z.string(), audio: z.string().optional(), length: z.number().optional() }).optional(),
});
