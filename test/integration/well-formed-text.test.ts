/**
 * Issue #14, item 6: one rule for every stored string (#rules/text-schema.ts), proved route by route.
 *
 * Walks every route of the route table that takes a request body (POST, PUT, PATCH) and, for every
 * string the body stores, sends the otherwise valid body with that one string spoiled by a lone
 * surrogate, a control character, a noncharacter and a bidi override: each answer is a 400 naming
 * exactly that field (in the asker's language, as the rule's message where the field is free text),
 * and not one item of any table changes. The string fields are found by walking the valid body, so a
 * field added to a body here is attacked without more code; a new route with a body fails until it
 * has one (or says why it stores no string).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachImageSchema, attachLogoSchema, imageUploadRequestSchema } from '#rules/image-schema.ts';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { everything as everythingIn, pathOf } from '../support/organiser-routes.ts';
import { readMailbox } from '../support/mailbox.ts';
import type { Route } from '#routes';
import type * as z from 'zod/mini';
import uk from '../../functions/i18n/uk.ts';
import { signatureInputSchema } from '#rules/signature.ts';
import { campaignUpdateSchema, cosignPreviewSchema, cosignSchema, deliverySchema, newCampaignSchema, statusChangeSchema, translationSchema } from '#rules/campaign-schema.ts';
import { createTokenSchema, profileUpdateSchema, inviteMemberSchema, signInRequestSchema, startSessionSchema, switchOrganisationSchema, updateMemberSchema } from '#rules/organisation-schema.ts';
import { startExportSchema } from '#rules/export-schema.ts';
import { linkTokenSchema } from '../../functions/openapi/shared-schemas.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let routes: readonly Route[];
let owner: TestOrganiser;
let params: Record<string, string>;
const SLUG = 'well-formed-text';

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  ({ routes } = await import('#routes'));
  owner = await newOrganisation('Text Coalition');
  const editor = await newMember(owner.orgId, 'editor');
  expect((await api.call('POST', '/api/org/campaigns', campaign(SLUG), owner.headers)).status).toBe(201);
  const members = (await api.call('GET', '/api/org/members', undefined, owner.headers)).json.members as { id: string; email: string }[];
  params = { slug: SLUG, lang: 'uk', memberId: members.find((m) => m.email === editor.email)!.id, id: '0'.repeat(64) };
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const token43 = 'A'.repeat(43);

/**
 * Per route with a body: a valid body with every optional string field filled in, and the string
 * fields it sends that are not stored (tokens and proofs of work are compared, organisation ids looked
 * up), which the rule need not cover. A route missing here fails the coverage test.
 */
const bodies: Record<string, { body: Record<string, unknown>; notStored?: string[] }> = {
  sign: {
    body: {
      name: 'Nadia Kovalenko',
      email: 'nadia@example.org',
      country: 'GE',
      comment: 'Free them.\nNow.',
      showName: true,
      source: { host: 'partner.example.org', tag: 'spring-mailing' },
      altcha: 'not-solved',
    },
    // website: the honeypot, answered as received and never stored.
    notStored: ['altcha', 'website'],
  },
  'preview-signature': { body: { token: token43 }, notStored: ['token'] },
  'confirm-signature': { body: { token: token43 }, notStored: ['token'] },
  'withdraw-signature': { body: { token: token43 }, notStored: ['token'] },
  'request-sign-in': { body: { email: 'someone@example.org', altcha: 'not-solved' }, notStored: ['altcha'] },
  'start-session': { body: { token: token43, organisation: 'org-1' }, notStored: ['token', 'organisation'] },
  'switch-organisation': { body: { organisation: 'org-1' }, notStored: ['organisation'] },
  'invite-member': { body: { email: 'invitee@example.org', role: 'editor' } },
  'update-member': { body: { role: 'viewer' } },
  'create-token': { body: { name: 'CRM sync', role: 'editor' } },
  'update-org-profile': { body: { name: 'Голос', country: 'GE', website: 'https://golos.example.org', contact: 'info@golos.example.org', controller: 'Голос controls signers’ data.\nWrite to us.' } },
  'create-campaign': {
    body: {
      ...campaign('another-campaign'),
      text: 'Dear President,\n\nRelease them.',
      targets: [{ name: 'The President', office: 'Office of the President', email: 'office@example.org' }],
      deadline: '2027-03-01T00:00:00Z',
      signerFields: { country: 'optional', comment: 'optional' },
      language: 'uk',
    },
  },
  'update-campaign': {
    body: {
      slug: 'renamed-campaign',
      title: 'Free them now',
      text: 'Dear President,\n\nRelease them now.',
      targets: [{ name: 'The President', office: 'Office of the President', email: 'office@example.org' }],
      deadline: '2027-03-01T00:00:00Z',
      signerFields: { country: 'optional', comment: 'off' },
      language: 'uk',
    },
  },
  'set-campaign-status': { body: { status: 'closed' } },
  'record-delivery': { body: { deliveredOn: '2026-11-24', to: 'The President', method: 'post', note: 'Handed over at the gate.\nReceipt no. 12.' } },
  'create-cosign-invite': { body: {} },
  'put-translation': { body: { title: 'Звільніть їх', text: 'Шановний Президенте,\n\nЗвільніть їх.' } },
  cosign: { body: { token: token43, name: 'Partner Org', country: 'DE', website: 'https://partner.example.org/about' }, notStored: ['token'] },
  'start-export': { body: { format: 'pdf', translations: ['uk'], order: 'name', lang: 'ka' } },
  'preview-cosign': { body: { token: token43 }, notStored: ['token'] },
  // Issue #17, item 5: the image's type (a choice) and its alt text; the upload id is a format, never stored.
  'start-image-upload': { body: { contentType: 'image/jpeg', size: 1000 } },
  'attach-campaign-image': { body: { uploadId: '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d', alt: 'Nadia and Levan outside the court' }, notStored: ['uploadId'] },
  'start-logo-upload': { body: { contentType: 'image/png', size: 1000 } },
  'attach-org-logo': { body: { uploadId: '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d' }, notStored: ['uploadId'] },
};

/**
 * The schema each route checks its body with (create-cosign-invite takes none): every string it
 * accepts must be in the route's valid body above or be named as not stored, so a string field added
 * to a schema is attacked here (or explained) before it ships.
 */
const schemas: Record<string, z.ZodMiniType | null> = {
  sign: signatureInputSchema,
  'preview-signature': linkTokenSchema,
  'confirm-signature': linkTokenSchema,
  'withdraw-signature': linkTokenSchema,
  'request-sign-in': signInRequestSchema,
  'start-session': startSessionSchema,
  'switch-organisation': switchOrganisationSchema,
  'invite-member': inviteMemberSchema,
  'update-member': updateMemberSchema,
  'create-token': createTokenSchema,
  'update-org-profile': profileUpdateSchema,
  'create-campaign': newCampaignSchema,
  'update-campaign': campaignUpdateSchema,
  'set-campaign-status': statusChangeSchema,
  'record-delivery': deliverySchema,
  'create-cosign-invite': null,
  'put-translation': translationSchema,
  cosign: cosignSchema,
  'start-export': startExportSchema,
  'preview-cosign': cosignPreviewSchema,
  'start-image-upload': imageUploadRequestSchema,
  'attach-campaign-image': attachImageSchema,
  'start-logo-upload': imageUploadRequestSchema,
  'attach-org-logo': attachLogoSchema,
};

/** The paths of every string (or enum) a zod schema accepts, arrays as their first item (`targets.0.name`). */
function schemaStrings(schema: z.ZodMiniType, prefix: string[] = []): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'string':
    case 'enum':
      return [prefix.join('.')];
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodMiniType>).flatMap(([key, field]) => schemaStrings(field, [...prefix, key]));
    case 'array':
      return schemaStrings(def.element, [...prefix, '0']);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return schemaStrings(def.innerType, prefix);
    case 'pipe':
      return schemaStrings(def.in, prefix);
    default:
      return [];
  }
}

/** Free text: the fields the rule's own message must name (the others have a format or a list of values). */
const FREE_TEXT: Record<string, string[]> = {
  sign: ['name', 'comment'],
  'create-token': ['name'],
  'create-campaign': ['title', 'text', 'targets.0.name', 'targets.0.office'],
  'update-campaign': ['title', 'text', 'targets.0.name', 'targets.0.office'],
  'record-delivery': ['to', 'note'],
  'put-translation': ['title', 'text'],
  cosign: ['name', 'website'],
  'attach-campaign-image': ['alt'],
  'update-org-profile': ['name', 'website', 'controller'],
};

/** What each class of junk is, put in the middle of a value (where trimming cannot remove it). */
const JUNK: Record<string, string> = {
  'a lone surrogate': '\ud800',
  'a control character': '\u0007',
  'a noncharacter': '\ufdd0',
  'a bidi override': '\u202e',
};

/** Every string leaf of a body, by its path as the error names it (`targets.0.name`). */
function stringPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...prefix, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...prefix, k]));
  return [];
}

function spoiled(body: Record<string, unknown>, path: string[], junk: string): Record<string, unknown> {
  const copy = structuredClone(body);
  let at: any = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  const last = path.at(-1)!;
  const value = at[last] as string;
  const middle = Math.max(1, Math.floor(value.length / 2));
  at[last] = value.slice(0, middle) + junk + value.slice(middle);
  return copy;
}

const withBody = () => routes.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');

it('knows every route of the route table that takes a body, and no other', () => {
  expect(Object.keys(bodies).sort()).toEqual(withBody().map((r) => r.name).sort());
});

describe('every stored string of every route refuses malformed text, naming the field, storing nothing', () => {
  // Route names are known before the tables start: the route table is a plain module.
  for (const name of Object.keys(bodies)) {
    it(name, async () => {
      const route = withBody().find((r) => r.name === name);
      expect(route, `${name} is no route with a body`).toBeDefined();
      const { body, notStored = [] } = bodies[name]!;
      const fields = stringPaths(body).filter((p) => !notStored.includes(p.join('.')));
      const headers = { 'accept-language': 'uk', ...(route!.organiser ? owner.headers : {}) };
      const before = await everythingIn(env.tables);
      const mailsBefore = (await readMailbox(env.mailbox)).length;
      let tried = 0;
      for (const path of fields) {
        const field = path.join('.');
        for (const [what, junk] of Object.entries(JUNK)) {
          const response = await api.call(route!.method, pathOf(route!, params), spoiled(body, path, junk), headers);
          const context = `${route!.method} ${route!.path} with ${what} in ${field}: ${response.status} ${response.text.slice(0, 300)}`;
          expect(response.status, context).toBe(400);
          expect(Object.keys(response.json?.error?.fields ?? {}), context).toEqual([field]);
          if (FREE_TEXT[name]?.includes(field)) expect(response.json.error.fields[field], context).toBe(uk.validation['text.characters']);
          tried++;
        }
      }
      expect(tried).toBe(fields.length * Object.keys(JUNK).length);
      expect(await everythingIn(env.tables), `${name}: something was stored`).toBe(before);
      expect((await readMailbox(env.mailbox)).length).toBe(mailsBefore);
    });
  }

  it('sends every string field each route’s schema accepts, or says why it is not stored', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(bodies).sort());
    for (const [name, schema] of Object.entries(schemas)) {
      const sent = [...new Set([...stringPaths(bodies[name]!.body).map((p) => p.join('.')), ...(bodies[name]!.notStored ?? [])])].sort();
      expect(sent, name).toEqual(schema ? [...new Set(schemaStrings(schema))].sort() : []);
    }
  });

  it('covers every free-text field the rule names', () => {
    for (const [name, fields] of Object.entries(FREE_TEXT)) {
      const paths = stringPaths(bodies[name]!.body).map((p) => p.join('.'));
      for (const field of fields) expect(paths, `${name}.${field}`).toContain(field);
    }
  });
});
