/**
 * Metadata for the OpenAPI document on a zod/mini schema, as classic zod's `.meta()` gives it. The
 * schemas are on zod/mini so that a route's bundle does not carry classic zod (issue #16: ~90 KB and
 * ~8 ms of every cold start that validates input); mini has no `.meta()`, and its `.register()` marks
 * the schema itself. Classic registers a *copy*, leaving the original unmarked: `language` stays plain
 * where it is reused, and only the copy carries the description or the component id. This does the same,
 * so the document is the one classic zod made.
 */
import * as z from 'zod/mini';

export function meta<T extends z.core.$ZodType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, data);
  return copy;
}
