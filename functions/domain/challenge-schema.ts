/**
 * The proof-of-work payload (ALTCHA) as every anonymous form that asks for one sends it (zod). Apart
 * from challenge.ts, so that the route handing out challenges does not bundle the validator.
 */
import { z } from 'zod';

/** Messages are keys of the server catalog's `validation` section (functions/i18n/en.ts). */
export const altchaPayloadSchema = z.string('altcha.pending').min(1, 'altcha.pending').max(10_000, 'altcha.pending');
