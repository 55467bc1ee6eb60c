/**
 * The API's shapes for the page, from the types generated from the OpenAPI document
 * (functions/openapi/client-types.ts, `npm run openapi:types`): `Answer<'get-public-campaign'>` is what
 * that route answers with 200 (or the status given), `Body<'sign'>` what it takes. Types only: this
 * module adds no byte to the bundle.
 *
 * The page trusts an answer's shape because the server is held to the same document: every answer
 * the integration tests get is validated against it with ajv (test/support/contract.ts), and what
 * the page sends is run through the server's own schemas (test/unit/page-server-contract.test.ts).
 * The page still checks that an answer is an object at all (isRecord, ./records.ts), so a proxy's
 * HTML error page shows an error instead of throwing.
 */
import type { operations } from '../../../functions/openapi/client-types.ts';

/** A route's name, as in functions/routes.ts (the document's operationId). */
export type RouteName = keyof operations;

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body a route answers with the given status (200 unless said). */
export type Answer<R extends RouteName, S extends number = 200> = operations[R] extends { responses: infer Rs }
  ? S extends keyof Rs
    ? JsonOf<Rs[S]>
    : never
  : never;

/** The JSON body a route takes. */
export type Body<R extends RouteName> = operations[R] extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
