/** Schemas the reference needs for inputs that the handlers check by hand (to stay small). */
import * as z from 'zod/mini';
import { meta } from '#rules/schema-meta.ts';
import { MAIL_LINK_TOKEN_MAX } from '#rules/limits.ts';

/** The body of the confirm and withdraw requests (checked by linkToken() in #rules/tokens.ts). */
export const linkTokenSchema = z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(MAIL_LINK_TOKEN_MAX)) });

/** Every error answer: a code, a message, and for validation errors a message per field. */
export const errorSchema = meta(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.optional(z.record(z.string(), z.string())),
    }),
  }),
  { id: 'Error' },
);

/** What API Gateway itself answers when the stage's throttle refuses a request (429), before any function runs. */
export const gatewayErrorSchema = meta(z.object({ message: z.string() }), { id: 'GatewayError' });

/** GET /api/health. */
export const healthSchema = z.object({ status: z.literal('ok') });

/** GET /api/openapi.json: this document (OpenAPI 3.1). */
export const openApiSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.optional(z.string()) }),
  servers: z.optional(z.array(z.object({ url: z.string(), description: z.optional(z.string()) }))),
  paths: z.optional(z.record(z.string(), z.unknown())),
  components: z.optional(z.object({ schemas: z.optional(z.record(z.string(), z.unknown())), securitySchemes: z.optional(z.record(z.string(), z.unknown())) })),
});
