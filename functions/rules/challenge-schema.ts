/**
 * The proof-of-work payload (ALTCHA) as every anonymous form that asks for one sends it (zod). Apart
 * from challenge.ts, so that the route handing out challenges does not bundle the validator.
 */
import * as z from 'zod/mini';

/** Messages are keys of the server catalog's `validation` section (functions/i18n/en.ts). */
export const altchaPayloadSchema = z.string('altcha.pending').check(z.minLength(1, 'altcha.pending'), z.maxLength(10_000, 'altcha.pending'));

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
    keySignature: z.optional(z.string()),
    memoryCost: z.optional(z.number()),
    parallelism: z.optional(z.number()),
    expiresAt: z.optional(z.number()),
    data: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  }),
  signature: z.optional(z.string()),
  codeChallenge: z.optional(z.object({ image: z.string(), audio: z.optional(z.string()), length: z.optional(z.number()) })),
});
