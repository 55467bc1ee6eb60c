import { z } from 'zod';
import { createDocument } from 'zod-openapi';
const s = z.strictObject({
  name: z.string().transform((s) => s.trim()).pipe(z.string().min(1).max(200).refine(() => true)),
  email: z.string().trim().max(254).pipe(z.email()),
  country: z.string().trim().toUpperCase().transform((s) => s || undefined).pipe(z.string().refine(() => true).optional()).optional(),
  showName: z.boolean().default(false),
});
const calls: any[] = [];
const doc = createDocument({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: s } } }, responses: { 200: { description: 'x', content: { 'application/json': { schema: s } } } } } } } }, {
  override: ({ jsonSchema, zodSchema, io }) => { calls.push([io, zodSchema._zod.def.type, JSON.stringify(jsonSchema)]); },
});
console.log(JSON.stringify(doc.paths!['/a']!.post!.requestBody, null, 1));
console.log(JSON.stringify((doc.paths!['/a']!.post!.responses as any)[200].content, null, 1));
console.log(calls.map((c) => c.join(' ')).join('\n'));
