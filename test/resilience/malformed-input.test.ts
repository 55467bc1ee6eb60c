/**
 * Issue #7, bad input: generated malformed requests (fast-check) against every route of the route
 * table — wrong types, huge strings, invalid UTF-8 and JSON, missing and extra fields, odd
 * Content-Types (and none), path tricks, odd query strings and headers. Issue #14: every stored string
 * field also gets text that breaks the one rule for stored text (#rules/text-schema.ts: lone
 * surrogates, control characters, noncharacters, bidi overrides), and the organiser routes are
 * attacked too, signed in as the owner of the organisation whose campaign is attacked (their
 * session cookie on most requests; a request that could succeed, such as an empty body where every
 * field is optional, is never generated for them). For each route:
 *   - no answer is a 5xx;
 *   - every 4xx is `{ error: { code, message, fields? } }`, and a JSON object with a wrong field
 *     names that field's path in `error.fields`;
 *   - nothing is stored (every item of every table is the same afterwards) and no mail is sent.
 *
 * The requests go through the local server's own request listener in-process (test/support/raw-api.ts):
 * routing, path decoding, body limits and the API Gateway event are the server's code, so raw bytes
 * and odd targets meet the same layers as over HTTP; a smaller sample also goes over a real socket
 * and must get the same status. Seeds are fixed (and printed by fast-check on failure) so every
 * failure can be replayed: `MALFORMED_SEED=<seed> MALFORMED_RUNS=<n>` override them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { rawItems } from '../support/raw-items.ts';
import { readMailbox } from '../support/mailbox.ts';
import { seedCampaign } from '../support/campaigns.ts';
import { seedSignatures } from '../support/seed-signatures.ts';
import { solve } from '../support/signer.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { startRawApi, type RawRequest, type RawResponse } from '../support/raw-api.ts';
import { routes, type Route } from '#routes';

/**
 * Generated requests per public route in-process (issue #7: at least 10,000 to every public route),
 * plus SOCKET_RUNS over a real socket. 160,000 in all for today's 16 public routes; the routes that
 * query DynamoDB Local take longest (list-signers reads every shard of a real campaign). MALFORMED_RUNS
 * sets another number for every route, e.g. a smaller one while working on this file.
 */
function runsFor(route: Route): number {
  // Organiser routes (issue #14): fewer, as nothing reaches them unauthenticated and each field is
  // attacked by the same generators as the public routes'.
  return Number(process.env.MALFORMED_RUNS ?? (route.organiser ? ORGANISER_RUNS : 10_000));
}
const ORGANISER_RUNS = Number(process.env.MALFORMED_ORGANISER_RUNS ?? 2_000);
const SOCKET_RUNS = Number(process.env.MALFORMED_SOCKET_RUNS ?? 150);
/** Requests sent at once per generated run. */
const BATCH = 10;

const SLUG = 'malformed-input-target';
const PENDING_EMAIL = 'pending.signer@example.org';
const CONFIRMED_EMAIL = 'confirmed.signer@example.org';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startRawApi>>;
/** Solved proofs of work: a malformed request must not spend one, so a few serve every run. */
let solvedAltchas: string[];
let signerIds: { pending: string; confirmed: string };
/** The owner of the organisation the attacked campaign belongs to: organiser routes go as them. */
let owner: TestOrganiser;
/** The path parameters of organiser routes that name something real. */
let real: { memberId: string };

beforeAll(async () => {
  env = await useLocalTables();
  api = await startRawApi();
  owner = await newOrganisation('Malformed Input Coalition');
  await seedCampaign(SLUG, { publicSigners: true, orgId: owner.orgId });
  await seedSignatures({ slug: SLUG, shards: 16 }, [
    { name: 'Pending Signer', email: PENDING_EMAIL, country: 'GE', state: 'pending' },
    { name: 'Confirmed Signer', email: CONFIRMED_EMAIL, country: 'GE', state: 'confirmed' },
  ]);
  const [{ signerId }, { canonicalEmail }] = await Promise.all([import('#rules/signature-keys.ts'), import('#rules/identity.ts')]);
  const idOf = (email: string) => signerId(process.env.HASH_KEY!, SLUG, canonicalEmail(email));
  signerIds = { pending: idOf(PENDING_EMAIL), confirmed: idOf(CONFIRMED_EMAIL) };
  solvedAltchas = [];
  for (let i = 0; i < 4; i++) {
    const challenge = await api.dispatch({ method: 'GET', target: '/api/challenge', headers: {} });
    solvedAltchas.push(await solve(JSON.parse(challenge.body.toString('utf8'))));
  }
  const members = await api.dispatch({ method: 'GET', target: '/api/org/members', headers: owner.headers });
  real = { memberId: JSON.parse(members.body.toString('utf8')).members[0].id };
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

// ---------------------------------------------------------------------------------------------
// What a generated request carries besides the request itself: what the answer must show.

interface Case {
  request: RawRequest;
  /** Field paths a 400 must name: set only when the request reaches the route's input check. */
  fields?: string[];
  /** The path names a campaign that does not exist: a 404 may come before the input check. */
  mayBeNotFound?: boolean;
  /** A short description for failure messages (no bodies of megabytes). */
  what: string;
}

/** One defect of a JSON object body: the object and the field path(s) an answer must name. */
interface Defective {
  body: Record<string, unknown>;
  fields: string[];
  /** Only on the seeded open campaign is a campaign-dependent rule (a required country) reached. */
  needsCampaign?: boolean;
  what: string;
}

// ----- values ----------------------------------------------------------------------------------

const latin1Char = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constant(0x09),
).map((c) => String.fromCharCode(c));
/** A header value HTTP can carry: Latin-1 text without control characters other than tab. */
const latin1 = (maxLength: number) => fc.string({ unit: latin1Char, maxLength });

/**
 * A string of at least n characters, copies of a non-blank piece: huge but cheap to generate and to
 * shrink. Characters as zod counts them for a maximum: code points (📜 is one, though two UTF-16 units).
 */
const huge = (min: number, max: number) =>
  fc
    .record({ piece: fc.constantFrom('a', 'é', 'Ω', '字', '📜', 'x1', '<b>', '\u202e', 'A B'), n: fc.integer({ min, max }) })
    .map(({ piece, n }) => piece.repeat(Math.ceil(n / [...piece].length)));

/**
 * Text that breaks the one rule for stored text (#rules/text-schema.ts) somewhere inside ordinary
 * text in any script: an unpaired surrogate (as JSON's \\ud800 escape sends it), a control character
 * (for multi-line fields, not the line feed, carriage return or tab they allow), a noncharacter of
 * any plane, or a bidi embedding, override or isolate.
 */
const brokenText = (multiline = false) =>
  fc
    .record({
      before: fc.string({ unit: 'grapheme', maxLength: 20 }),
      junk: fc.oneof(
        fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
        fc
          .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
          .filter((c) => !multiline || ![0x09, 0x0a, 0x0d].includes(c))
          .map((c) => String.fromCharCode(c)),
        fc.oneof(fc.integer({ min: 0xfdd0, max: 0xfdef }), fc.integer({ min: 0, max: 16 }).chain((plane) => fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff))).map((c) => String.fromCodePoint(c)),
        fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'),
      ),
      after: fc.string({ unit: 'grapheme', maxLength: 20 }),
    })
    .map(({ before, junk, after }) => `${before}${junk}${after}`);

/** Wrong for a stored text field of at most `max` characters: no string, blank (unless `blankOk`), broken, too long. */
const badText = (max: number, { multiline = false, blankOk = false } = {}) =>
  fc.oneof(
    notString,
    ...(blankOk ? [] : [fc.constantFrom('', '   ', multiline ? '\n\t\n' : '\u3000')]),
    brokenText(multiline),
    brokenText(multiline),
    huge(max + 1, Math.max(max * 3, 3000)),
  );

/** Anything that is not a string. */
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const notBoolean = fc.oneof(fc.integer(), fc.constantFrom('true', 'false', '', 'yes', null), fc.array(fc.boolean(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const notObject = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));

/** Strings that are no email address. */
const badEmail = fc.oneof(
  notString,
  fc.constantFrom('', '   ', 'not-an-email', 'a@', '@b.org', 'a@@b.org', 'a b@c.org', 'a@b', '<a@b.org>', 'a@b.org\u0000', 'a@ b.org', 'a@b..org'),
  fc.string({ maxLength: 30 }).filter((s) => !s.includes('@')),
  huge(255, 5000).map((s) => `${s}@example.org`),
);
/** Strings that are no ISO country code, and not blank (a blank country is no country). */
const badCountry = fc.oneof(
  notString,
  fc.constantFrom('XX1', '1', 'G', 'GEO', 'U.K', '🇬🇪', '--', 'ZZZ', 'ge-', '<b>', '\u0000'),
  huge(3, 3000),
);
const token43 = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
/** No 43-character base64url token (the shape of every emailed link's token). */
const badToken43 = fc.oneof(
  notString,
  fc.constantFrom('', ' ', 'a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}+`, `${'a'.repeat(42)}é`),
  fc.string({ maxLength: 60 }).filter((s) => !/^[A-Za-z0-9_-]{43}$/.test(s)),
  huge(44, 20_000),
);
/** An extra key no schema knows, including keys that are special to JavaScript objects. */
const extraKey = (known: string[]) =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'a.b', 'NAME', 'Email', '0', '$where', 'ａｌｔｃｈａ'),
      fc.string({ minLength: 1, maxLength: 20 }),
    )
    .filter((k) => !known.includes(k));
const anyValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.boolean(), fc.object({ maxDepth: 1, maxKeys: 2 }));

// ----- JSON object bodies with defects -------------------------------------------------------------

interface FieldModel {
  /** Values that are wrong for this field, each with the path an answer must name (default: the field). */
  bad: fc.Arbitrary<{ value: unknown; path?: string }>;
  required?: boolean;
}

const plain = (arb: fc.Arbitrary<unknown>) => arb.map((value) => ({ value }));

/**
 * A valid body with 1–3 defects: a wrong value, a missing required field, an extra field. Every
 * defect's path must be named: zod reports each field, so one defect cannot hide another.
 */
function defective(valid: fc.Arbitrary<Record<string, unknown>>, model: Record<string, FieldModel>): fc.Arbitrary<Defective> {
  const known = Object.keys(model);
  const defect = fc.oneof(
    ...(known.length ? [fc.constantFrom(...known).chain((field) => model[field]!.bad.map(({ value, path }) => ({ kind: 'wrong' as const, field, value, path: path ?? field })))] : []),
    ...(known.some((f) => model[f]!.required)
      ? [fc.constantFrom(...known.filter((f) => model[f]!.required)).map((field) => ({ kind: 'missing' as const, field, value: undefined, path: field }))]
      : []),
    fc.tuple(extraKey(known), anyValue).map(([field, value]) => ({ kind: 'extra' as const, field, value, path: field })),
  );
  return fc.tuple(valid, fc.uniqueArray(defect, { minLength: 1, maxLength: 3, selector: (d) => d.field })).map(([base, defects]) => {
    // JSON.parse makes `__proto__` an own key; do the same here so the key survives JSON.stringify.
    const body: Record<string, unknown> = { ...base };
    for (const d of defects) {
      if (d.kind === 'missing') delete body[d.field];
      else Object.defineProperty(body, d.field, { value: d.value, enumerable: true, writable: true, configurable: true });
    }
    return { body, fields: defects.map((d) => d.path), what: defects.map((d) => `${d.kind} ${JSON.stringify(d.path)}`).join(', ') };
  });
}

const signValid = (altcha: fc.Arbitrary<string>) =>
  fc.record({
    name: fc.constantFrom('Nadia Kovalenko', 'Levan A', 'Ана Петрова', 'Ժաննա', "Seán O'Brien"),
    email: fc.constantFrom('nadia@example.org', 'levan+x@example.org'),
    country: fc.constantFrom('GE', 'ua', ' de '),
    comment: fc.string({ maxLength: 50 }),
    showName: fc.boolean(),
    altcha,
  });

const signModel: Record<string, FieldModel> = {
  name: {
    required: true,
    bad: plain(fc.oneof(notString, fc.constantFrom('', '   ', '123', 'R2D2', '<b>Nadia</b>', 'Nadia\u0000', 'Nadia\u202eK', '...', '\u200b'), brokenText(), huge(201, 20_000))),
  },
  email: { required: true, bad: plain(badEmail) },
  country: { bad: plain(badCountry) },
  comment: { bad: plain(badText(1000, { multiline: true, blankOk: true })) },
  showName: { bad: plain(notBoolean) },
  textVersion: { bad: plain(fc.oneof(fc.double().filter((n) => !Number.isInteger(n)), fc.constantFrom('1', '', null, true, [1], {}, 0, -1, 1_000_001))) },
  // A string up to 2,000 characters is the honeypot (answered as received, nothing stored).
  website: { bad: plain(fc.oneof(notString, huge(2001, 10_000))) },
  source: {
    bad: fc.oneof(
      plain(notObject).map(({ value }) => ({ value, path: 'source' })),
      fc.constant({ value: {}, path: 'source.host' }),
      fc.constantFrom('bad host', 'direct', '-x.org', 'a_b.org', 'x'.repeat(254), 'http://a.org').map((host) => ({ value: { host }, path: 'source.host' })),
      notString.map((host) => ({ value: { host }, path: 'source.host' })),
      fc.constantFrom('bad tag', 'x'.repeat(65), 'a/b', '<b>').map((tag) => ({ value: { host: 'partner.example.org', tag }, path: 'source.tag' })),
      fc.tuple(extraKey(['host', 'tag']), anyValue).map(([key, v]) => ({
        value: Object.defineProperty({ host: 'partner.example.org' }, key, { value: v, enumerable: true }),
        path: `source.${key}`,
      })),
    ),
  },
  altcha: { required: true, bad: plain(fc.oneof(notString, fc.constant(''), huge(10_001, 20_000))) },
};

const linkModel: Record<string, FieldModel> = {
  token: { required: true, bad: plain(fc.oneof(notString, fc.constant(''), huge(201, 5000))) },
};

const signInModel: Record<string, FieldModel> = {
  email: { required: true, bad: plain(badEmail) },
  altcha: { required: true, bad: plain(fc.oneof(notString, fc.constant(''), huge(10_001, 20_000))) },
};

const sessionModel: Record<string, FieldModel> = {
  token: { required: true, bad: plain(badToken43) },
  organisation: { bad: plain(fc.oneof(notString, huge(65, 5000))) },
};

const cosignModel: Record<string, FieldModel> = {
  token: { required: true, bad: plain(badToken43) },
  name: {
    required: true,
    bad: plain(fc.oneof(notString, fc.constantFrom('', '   ', '<b>Org</b>', 'Org\u0007', 'Org\u202e', 'Partner \ud800 Org'), brokenText(), huge(201, 20_000))),
  },
  country: { required: true, bad: plain(badCountry) },
  website: {
    bad: plain(
      fc.oneof(
        notString,
        fc.constantFrom('javascript:alert(1)', 'ftp://a.org', 'not a url', 'https://localhost', '//a.org', ''),
        // A URL parser would make these well-formed (U+FFFD, percent-encoding); the stored value is what was sent.
        brokenText().map((t) => `https://partner.example.org/${t}`),
        huge(2001, 5000),
      ),
    ),
  },
};

// ----- organiser routes (issue #14): every field they store ----------------------------------------

const notInteger = fc.oneof(fc.double().filter((n) => !Number.isInteger(n)), fc.constantFrom('10', '', null, true, [1]), fc.object({ maxDepth: 1 }));
const badSlug = fc.oneof(notString, fc.constantFrom('', 'ab', 'Bad-Slug', '-lead', 'trail-', 'a b', 'ünï', 'a'.repeat(81), 'free_them'), brokenText());
const badEnum = (...extra: string[]) => fc.oneof(notString, fc.constantFrom('', ' ', 'OWNER', 'admin', 'x'.repeat(300), ...extra), brokenText());
const badDeadline = fc.oneof(
  fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
  fc.constantFrom('', 'tomorrow', '2027-13-01T00:00:00Z', '2027-03-01', '2027-03-01T25:00:00Z', '2027-03-01T00:00:00', '01.03.2027'),
  brokenText().map((t) => `2027-03-01T00:00:00Z${t}`),
);
const badDay = fc.oneof(notString, fc.constantFrom('', '2026-02-30', '2026-13-01', '24.11.2026', '2026-11-24T00:00:00Z', '20261124'), brokenText().map((t) => `2026-11-24${t}`));
const language = fc.constantFrom('en', 'cs', 'ro', 'ru', 'uk', 'lv', 'hy', 'ka', 'az', 'kk');

const targetValid = fc.record({ name: fc.constantFrom('The President', 'Президент України', 'საქართველოს პრეზიდენტი'), office: fc.constantFrom('Office of the President', 'Адміністрація') }, { requiredKeys: ['name'] });
const badTargets: fc.Arbitrary<{ value: unknown; path?: string }> = fc.oneof(
  // Not an array (a non-empty one is named by its items' paths).
  plain(notObject).filter(({ value }) => !Array.isArray(value)).map(({ value }) => ({ value, path: 'targets' })),
  fc.constant({ value: [], path: 'targets' }),
  fc.constant({ value: Array.from({ length: 21 }, () => ({ name: 'The President' })), path: 'targets' }),
  fc.tuple(fc.array(targetValid, { maxLength: 3 }), badText(200)).map(([before, name]) => ({ value: [...before, { name }], path: `targets.${before.length}.name` })),
  fc.tuple(fc.array(targetValid, { maxLength: 3 }), badText(200)).map(([before, office]) => ({ value: [...before, { name: 'The President', office }], path: `targets.${before.length}.office` })),
  fc.tuple(fc.array(targetValid, { maxLength: 3 }), badEmail).map(([before, email]) => ({ value: [...before, { name: 'The President', email }], path: `targets.${before.length}.email` })),
  fc.tuple(extraKey(['name', 'office', 'email']), anyValue).map(([key, v]) => ({
    value: [Object.defineProperty({ name: 'The President' }, key, { value: v, enumerable: true })],
    path: `targets.0.${key}`,
  })),
);
const badSignerFields: fc.Arbitrary<{ value: unknown; path?: string }> = fc.oneof(
  plain(notObject).map(({ value }) => ({ value, path: 'signerFields' })),
  badEnum('OFF').map((country) => ({ value: { country, comment: 'optional' }, path: 'signerFields.country' })),
  badEnum('required').map((comment) => ({ value: { country: 'optional', comment }, path: 'signerFields.comment' })),
);

/** The fields a campaign's editor changes; `create` adds slug, kind and status. */
const editableModel: Record<string, FieldModel> = {
  title: { bad: plain(badText(200)) },
  text: { bad: plain(badText(20_000, { multiline: true })) },
  targets: { bad: badTargets },
  goal: { bad: plain(fc.oneof(notInteger, fc.constantFrom(0, -1, 100_000_001))) },
  deadline: { bad: plain(badDeadline) },
  publicSigners: { bad: plain(notBoolean) },
  retentionDays: { bad: plain(fc.oneof(notInteger, fc.constantFrom(0, -5, 3651))) },
  signerFields: { bad: badSignerFields },
  language: { bad: plain(badEnum('EN', 'en-GB', 'de', 'xx')) },
};
const createCampaignModel: Record<string, FieldModel> = {
  slug: { required: true, bad: plain(badSlug) },
  kind: { required: true, bad: plain(badEnum('Letter', 'poll')) },
  status: { bad: plain(badEnum('closed', 'delivered', 'Open')) },
  ...editableModel,
  title: { required: true, bad: editableModel.title!.bad },
  text: { required: true, bad: editableModel.text!.bad },
  targets: { required: true, bad: badTargets },
  goal: { required: true, bad: editableModel.goal!.bad },
};
const campaignValid = fc.record({
  slug: fc.constantFrom('generated-campaign', 'another-one'),
  kind: fc.constantFrom('petition', 'letter'),
  title: fc.constantFrom('Free them', 'Звільніть їх', 'გაათავისუფლეთ ისინი'),
  text: fc.constantFrom('Dear President,\n\nRelease them.', 'Шановний Президенте,'),
  targets: fc.array(targetValid, { minLength: 1, maxLength: 3 }),
  goal: fc.integer({ min: 1, max: 1_000_000 }),
  language,
});
const deliveryModel: Record<string, FieldModel> = {
  deliveredOn: { required: true, bad: plain(badDay) },
  to: { required: true, bad: plain(badText(300)) },
  method: { required: true, bad: plain(badEnum('fax', 'Post')) },
  note: { bad: plain(badText(2000, { multiline: true })) },
};
const translationModel: Record<string, FieldModel> = {
  title: { required: true, bad: plain(badText(200)) },
  text: { required: true, bad: plain(badText(20_000, { multiline: true })) },
};
const exportModel: Record<string, FieldModel> = {
  format: { required: true, bad: plain(badEnum('xlsx', 'CSV')) },
  translations: {
    bad: fc.oneof(
      plain(fc.oneof(notObject.filter((v) => !Array.isArray(v)), fc.constant(Array.from({ length: 11 }, () => 'uk')))).map(({ value }) => ({ value, path: 'translations' })),
      fc.tuple(fc.array(language, { maxLength: 3 }), badEnum('UK', 'xx')).map(([before, lang]) => ({ value: [...before, lang], path: `translations.${before.length}` })),
    ),
  },
  order: { bad: plain(badEnum('Name', 'alphabetical', 'date')) },
  lang: { bad: plain(badEnum('EN', 'en-GB', 'de', 'xx')) },
};
const memberModel: Record<string, FieldModel> = {
  email: { required: true, bad: plain(badEmail) },
  role: { required: true, bad: plain(badEnum('Owner', 'admin')) },
};
const tokenModel: Record<string, FieldModel> = {
  name: { required: true, bad: plain(badText(100)) },
  // No owner tokens.
  role: { required: true, bad: plain(badEnum('owner')) },
};

/** A campaign image's upload link (its type and size) and attaching it (the upload's id and the alt text): issue #17, item 5. */
const imageUploadModel: Record<string, FieldModel> = {
  contentType: { required: true, bad: plain(badEnum('image/svg+xml', 'image/webp', 'image/gif', 'IMAGE/JPEG', 'text/html')) },
  size: { required: true, bad: plain(fc.oneof(notInteger, fc.constantFrom(0, -1, 8 * 1024 * 1024 + 1, 1e12))) },
};
const attachImageModel: Record<string, FieldModel> = {
  uploadId: { required: true, bad: plain(fc.oneof(notString, fc.constantFrom('', '../../exports/x', 'uploads/campaign-image/other/0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d', '0B6C3A52-8A3E-4C1E-9D2F-7F1E2A3B4C5D'), brokenText())) },
  alt: { required: true, bad: plain(badText(300)) },
};
/** The organisation's public profile (issue #17): every field optional; `""` clears one but the name. */
const profileModel: Record<string, FieldModel> = {
  // Each field may be left out (a PATCH changes only what it sends): none is required.
  name: { bad: cosignModel.name!.bad },
  country: { bad: cosignModel.country!.bad },
  website: { bad: plain(fc.oneof(notString, fc.constantFrom('javascript:alert(1)', 'ftp://a.org', 'not a url', 'https://localhost', '//a.org'), brokenText().map((t) => `https://org.example.org/${t}`), huge(2001, 5000))) },
  // Blank clears the contact, so only what is neither blank nor an address.
  contact: { bad: plain(fc.oneof(notString, fc.constantFrom('not-an-email', 'a@', '@b.org', 'a b@c.org', '<a@b.org>', 'a@b.org\u0000', 'x@y.org\r\nBcc: z@w.org'), huge(255, 5000).map((s) => `${s}@example.org`))) },
  controller: { bad: plain(fc.oneof(notString, brokenText(true), huge(1001, 5000))) },
};

/** Opening a co-signing invitation: its token alone. */
const cosignPreviewModel: Record<string, FieldModel> = { token: cosignModel.token! };

/**
 * Per route: its JSON object bodies (valid shape but wrong content, and defective), or none for
 * routes that take no body. A route missing here fails the coverage test below. Organiser routes get
 * defective bodies only: a well-formed one would act.
 */
const bodies: Record<string, { wellFormed?: () => fc.Arbitrary<Record<string, unknown>>; defective?: () => fc.Arbitrary<Defective> } | null> = {
  health: null,
  'list-public-campaigns': null,
  'get-public-campaign': null,
  'get-count': null,
  'get-challenge': null,
  'list-signers': null,
  'end-session': null,
  'get-openapi': null,
  sign: {
    defective: () =>
      fc.oneof(
        { weight: 4, arbitrary: defective(signValid(fc.string({ minLength: 1, maxLength: 100 })), signModel) },
        // A real proof of work, so the request gets past the challenge: a country the campaign
        // requires, missing, is found only then — and must spend and count nothing.
        {
          weight: 1,
          arbitrary: fc.tuple(signValid(fc.constantFrom(...solvedAltchas)), fc.constantFrom('missing', '', '  ')).map(([body, country]) => {
            const copy: Record<string, unknown> = { ...body };
            if (country === 'missing') delete copy.country;
            else copy.country = country;
            return { body: copy, fields: ['country'], needsCampaign: true, what: `solved challenge, country ${JSON.stringify(country)}` };
          }),
        },
        { weight: 1, arbitrary: defective(signValid(fc.constantFrom(...solvedAltchas)), signModel) },
      ),
  },
  'preview-signature': { wellFormed: () => fc.record({ token: token43 }), defective: () => defective(fc.record({ token: token43 }), linkModel) },
  'confirm-signature': { wellFormed: () => fc.record({ token: token43 }), defective: () => defective(fc.record({ token: token43 }), linkModel) },
  'withdraw-signature': { wellFormed: () => fc.record({ token: token43 }), defective: () => defective(fc.record({ token: token43 }), linkModel) },
  'request-sign-in': {
    // Well-formed with a proof of work that is not one: refused as `altcha`, before anything is stored.
    wellFormed: () => fc.record({ email: fc.constantFrom('someone@example.org', 'owner@example.org'), altcha: fc.string({ minLength: 1, maxLength: 200 }) }),
    defective: () => defective(fc.record({ email: fc.constant('someone@example.org'), altcha: fc.constantFrom(...solvedAltchas) }), signInModel),
  },
  'start-session': {
    wellFormed: () => fc.record({ token: token43, organisation: fc.string({ maxLength: 64 }) }, { requiredKeys: ['token'] }),
    defective: () => defective(fc.record({ token: token43, organisation: fc.string({ maxLength: 64 }) }, { requiredKeys: ['token'] }), sessionModel),
  },
  cosign: {
    wellFormed: () => fc.record({ token: token43, name: fc.constantFrom('Partner Org', 'Ассоциация'), country: fc.constantFrom('GE', 'DE'), website: fc.constant('https://partner.example.org') }, { requiredKeys: ['token', 'name', 'country'] }),
    defective: () => defective(fc.record({ token: token43, name: fc.constant('Partner Org'), country: fc.constant('GE') }), cosignModel),
  },

  // Organiser routes, as the owner (issue #14).
  'get-me': null,
  'list-members': null,
  'get-org-profile': null,
  'remove-member': null,
  'list-tokens': null,
  'revoke-token': null,
  'list-campaigns': null,
  'get-campaign': null,
  'get-dashboard': null,
  'delete-translation': null,
  'list-exports': null,
  'get-export': null,
  'switch-organisation': {
    defective: () => defective(fc.record({ organisation: fc.constant('org-elsewhere') }), { organisation: { required: true, bad: plain(fc.oneof(notString, fc.constant(''), huge(65, 5000))) } }),
  },
  'invite-member': { defective: () => defective(fc.record({ email: fc.constant('invitee@example.org'), role: fc.constantFrom('owner', 'editor', 'viewer') }), memberModel) },
  'update-org-profile': {
    defective: () =>
      defective(
        fc.record({ name: fc.constantFrom('Голос', 'Our Org'), country: fc.constantFrom('GE', ''), website: fc.constant('https://org.example.org'), contact: fc.constant('info@org.example.org'), controller: fc.constant('We control the data.') }, { requiredKeys: [] }),
        profileModel,
      ),
  },
  'update-member': { defective: () => defective(fc.record({ role: fc.constantFrom('owner', 'editor', 'viewer') }), { role: memberModel.role! }) },
  'create-token': { defective: () => defective(fc.record({ name: fc.constantFrom('CRM sync', 'Сайт'), role: fc.constantFrom('editor', 'viewer') }), tokenModel) },
  'create-campaign': { defective: () => defective(campaignValid, createCampaignModel) },
  'update-campaign': {
    defective: () =>
      defective(
        campaignValid.map(({ title, text, targets, goal }) => ({ title, text, targets, goal })),
        editableModel,
      ),
  },
  'set-campaign-status': { defective: () => defective(fc.record({ status: fc.constantFrom('open', 'closed') }), { status: { required: true, bad: plain(badEnum('draft', 'delivered', 'Closed')) } }) },
  'record-delivery': {
    defective: () =>
      defective(fc.record({ deliveredOn: fc.constant('2026-11-24'), to: fc.constantFrom('The President', 'Президент'), method: fc.constantFrom('post', 'email'), note: fc.constantFrom('At the gate.\nReceipt 12.') }, { requiredKeys: ['deliveredOn', 'to', 'method'] }), deliveryModel),
  },
  'create-cosign-invite': { defective: () => defective(fc.constant({}), {}) },
  'put-translation': { defective: () => defective(fc.record({ title: fc.constantFrom('Звільніть їх', 'გაათავისუფლეთ'), text: fc.constantFrom('Шановний Президенте,\n\nЗвільніть їх.') }), translationModel) },
  'start-export': { defective: () => defective(fc.record({ format: fc.constantFrom('csv', 'pdf'), translations: fc.array(language, { maxLength: 3 }), order: fc.constantFrom('confirmed', 'name'), lang: language }, { requiredKeys: ['format'] }), exportModel) },
  'preview-cosign': { wellFormed: () => fc.record({ token: token43 }), defective: () => defective(fc.record({ token: token43 }), cosignPreviewModel) },
  'start-image-upload': { defective: () => defective(fc.record({ contentType: fc.constantFrom('image/jpeg', 'image/png'), size: fc.integer({ min: 1, max: 8 * 1024 * 1024 }) }), imageUploadModel) },
  'attach-campaign-image': {
    defective: () => defective(fc.record({ uploadId: fc.uuid({ version: 4 }), alt: fc.constantFrom('Nadia and Levan outside the court', 'ნადია და ლევანი', 'Надія і Леван') }), attachImageModel),
  },
  // Issue #17, item 4: the organisation's logo, the same upload link; attaching takes only the upload's id (no alt: the name is).
  'start-logo-upload': { defective: () => defective(fc.record({ contentType: fc.constantFrom('image/jpeg', 'image/png'), size: fc.integer({ min: 1, max: 8 * 1024 * 1024 }) }), imageUploadModel) },
  'attach-org-logo': { defective: () => defective(fc.record({ uploadId: fc.uuid({ version: 4 }) }), { uploadId: attachImageModel.uploadId! }) },
  'remove-org-logo': null,
};

// ----- paths, queries, headers, raw bodies ----------------------------------------------------------

/** Percent-encodes all but unreserved characters, as UTF-8 (a lone surrogate becomes U+FFFD, as a browser sends it). */
const encode = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const oddSegments = fc.oneof(
  fc.constantFrom(
    '%2F', 'a%2Fb', '%2f..%2f', '..', '%2e%2e', '.', '%2E', '...', 'a%00b', '%00', '%ff', '%E0%A4%A', '%', '%%', '%C0%AF', '%ED%A0%80',
    '%u0041', '+', '%20', 'a%20b', ';', 'a;b=c', '~', '__proto__', 'constructor', 'null', 'undefined', '0', '-1', 'NaN', '1e999',
    'UPPER-CASE', '-lead', 'trail-', 'a--b', 'x', "a'b", 'a%22b', '%3Cscript%3E', '%27%20OR%201%3D1--', 'malformed-input-target%23',
    'malformed-input-target%3F', 'MALFORMED-INPUT-TARGET', 'malformed-input-target%0A', 'malformed-input-target.', 'a#b', 'a%23b',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encode),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encode),
  fc.record({ c: fc.constantFrom('a', '%C3%A9', '-', '%2F', '.'), n: fc.integer({ min: 81, max: 20_000 }) }).map(({ c, n }) => c.repeat(n)),
);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

/** Values for a path parameter: mostly real ones, so requests reach the handlers' own checks. */
function paramValue(name: string, route: Route): fc.Arbitrary<string> {
  // Real ones only where the route's own check comes next: removing a real member would act.
  if (name === 'memberId' && route.name === 'update-member') return fc.oneof({ weight: 3, arbitrary: fc.constant(real.memberId) }, { weight: 1, arbitrary: oddSegments });
  if (name === 'lang' && route.name === 'put-translation') return fc.constantFrom('uk', 'ka', 'ru');
  if (name === 'slug') return fc.oneof({ weight: 3, arbitrary: fc.constant(SLUG) }, { weight: 2, arbitrary: oddSegments });
  if (name === 'id') {
    return fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(signerIds.pending, signerIds.confirmed) },
      { weight: 1, arbitrary: hex64 },
      { weight: 1, arbitrary: fc.constantFrom(signerIds.pending.toUpperCase(), `${signerIds.pending}0`, signerIds.pending.slice(1), `${signerIds.pending.slice(0, 63)}g`) },
      { weight: 1, arbitrary: oddSegments },
    );
  }
  return oddSegments;
}

type PathTrick = (path: string) => string;
const pathTricks: fc.Arbitrary<{ name: string; apply: PathTrick }> = fc.constantFrom<{ name: string; apply: PathTrick }>(
  { name: 'trailing slash', apply: (p) => `${p}/` },
  { name: 'double slash', apply: (p) => p.replace('/api/', '/api//') },
  { name: 'dot segment', apply: (p) => p.replace('/api/', '/api/./') },
  { name: 'dot-dot segment', apply: (p) => p.replace('/api/', '/api/x/../') },
  { name: 'encoded dot-dot', apply: (p) => p.replace('/api/', '/api/x/%2e%2e/') },
  { name: 'encoded slash', apply: (p) => p.replace(/\/(?=[^/]*$)/, '%2F') },
  // Not the first: a target that does not start with '/' is refused by Node's parser, before the server.
  { name: 'backslashes', apply: (p) => `/${p.slice(1).replace(/\//g, '\\')}` },
  { name: 'upper case', apply: (p) => p.toUpperCase() },
  { name: 'matrix param', apply: (p) => `${p};jsessionid=x` },
  { name: 'nul', apply: (p) => `${p}%00` },
  { name: 'protocol-relative', apply: (p) => `/${p}` },
  { name: 'absolute form', apply: (p) => `http://evil.example${p}` },
  { name: 'long tail', apply: (p) => `${p}/${'a'.repeat(5000)}` },
  { name: 'unicode tail', apply: (p) => `${p}/${encode('ünï📜')}` },
  { name: 'fragment', apply: (p) => `${p}#frag` },
);

const queryString = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          '?', '?&&&', '?=', '?=x', '?%ZZ=%', '?lang=', '?lang=zz', '?lang=uk&lang=en', '?lang[]=uk', '?lang=%E0', '?lang=%00',
          '?lang=..%2F..%2Fetc%2Fpasswd', '?__proto__=1&constructor=2&hasOwnProperty=3', '?lang=__proto__', '?a=1&a=2&a=3',
          `?${'a'.repeat(8000)}=1`, `?lang=${'uk,'.repeat(2000)}`, '?callback=alert(1)',
        ),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 4 }).map(
          (d) => `?${Object.entries(d).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`,
        ),
        fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `?lang=${encode(s)}`),
      ),
  },
);

const acceptLanguage = fc.oneof(
  fc.constantFrom('*', 'q=1', ';;;', ',,,', 'en;q=NaN', 'uk;q=-1', 'uk;q=2', 'ka-GE;q=0.8, hy;q=abc', 'zz-ZZ', 'x-klingon', '__proto__', 'constructor', 'EN', 'Uk-ua', 'ka\tGE'),
  latin1(300),
  fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.oneof(fc.constant(''), latin1(6).map((q) => `;q=${q}`))), { maxLength: 8 }).map((parts) =>
    parts.map(([tag, q]) => `${[...tag].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0xff).join('')}${q}`).join(','),
  ),
  fc.integer({ min: 1000, max: 8000 }).map((n) => 'en,'.repeat(n)),
);

/** Content types the JSON body parser takes as JSON: a defect in such a body must be named. */
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/problem+json', 'application/json;charset=UTF-16'];
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...JSON_TYPES) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '', 'text/plain', 'text/json', 'text/html', 'application/jsonp', 'application/javascript', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x', 'application/octet-stream', 'application/xml', 'json', '*/*', 'application/*', ';', 'application/json/../x',
      ' application/json',
    ),
  },
  { weight: 1, arbitrary: latin1(80) },
);

const otherHeaders = fc.record(
  {
    cookie: fc.oneof(latin1(200), fc.constantFrom('__Host-session=garbage', '__Host-session=a.b.c', '=;;=', '__Host-session=')),
    authorization: fc.oneof(latin1(100), fc.constantFrom('Bearer', 'Bearer ', 'Bearer x.y.z', 'Basic Og==')),
    origin: fc.oneof(latin1(60), fc.constantFrom('null', 'https://evil.example')),
    'x-forwarded-for': fc.oneof(latin1(60), fc.constantFrom('::1', '999.999.999.999', '127.0.0.1, 10.0.0.1')),
    'user-agent': fc.oneof(latin1(100), fc.integer({ min: 100, max: 8000 }).map((n) => 'Mozilla'.repeat(n))),
    accept: fc.oneof(latin1(50), fc.constantFrom('text/html', 'application/xml', '*/*;q=0')),
    host: fc.oneof(latin1(50), fc.constantFrom('', 'evil.example', '127.0.0.1:99999')),
  },
  { requiredKeys: [] },
);

/** Byte sequences that are not UTF-8: lone continuation, overlong, surrogate, truncated, out of range. */
const invalidUtf8 = fc.constantFrom([0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xfe]);

function spliceBytes(text: string, at: number, bytes: readonly number[]): Uint8Array {
  const raw = Buffer.from(text, 'utf8');
  const i = Math.min(at, raw.length);
  return Buffer.concat([raw.subarray(0, i), Buffer.from(bytes), raw.subarray(i)]);
}

/** A body and, when it is a JSON object with defects the handler will see, the paths to name. */
type BodyCase = { bytes?: Uint8Array; defective?: Defective; what: string };

/**
 * A body that would reach an organiser route's check as no fields at all (none, empty, `null`, `{}`):
 * valid where every field is optional (a campaign's edit, a co-signing invitation), so it would act.
 */
function noFields(body: BodyCase): boolean {
  if (!body.bytes || body.bytes.length === 0) return true;
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
    return parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).length === 0);
  } catch {
    return false;
  }
}

function bodyCases(route: Route): fc.Arbitrary<BodyCase> {
  const cases = anyBodyCases(route.name);
  return route.organiser ? cases.filter((body) => !noFields(body)) : cases;
}

function anyBodyCases(routeName: string): fc.Arbitrary<BodyCase> {
  const model = bodies[routeName];
  const someObject: fc.Arbitrary<Record<string, unknown>> = model?.defective ? model.defective().map((d) => d.body) : fc.object({ maxDepth: 2 });
  const jsonText = someObject.map((o) => JSON.stringify(o));
  const raw: fc.Arbitrary<BodyCase>[] = [
    fc.constantFrom('[]', '[{}]', '0', '-1', '"text"', 'null', 'true', '1e999', '{}', '""').map((t) => ({ bytes: Buffer.from(t), what: `JSON ${t}` })),
    fc.oneof(
      fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '{a:1}', '{"a":1}}', 'undefined', 'NaN', '{"a":"\\x41"}', '{"a":"\u0000"}', '\ufeff{}', '{"a":01}', '<xml/>', 'a=1&b=2'),
      fc.string({ maxLength: 60 }),
      jsonText.chain((t) => fc.integer({ min: 0, max: Math.max(0, t.length - 1) }).map((n) => t.slice(0, n))),
    ).map((t) => ({ bytes: Buffer.from(t), what: 'invalid JSON' })),
    fc.tuple(jsonText, fc.nat(), invalidUtf8).map(([t, at, bytes]) => ({ bytes: spliceBytes(t, at % (t.length + 1), bytes), what: 'invalid UTF-8' })),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ bytes, what: 'random bytes' })),
    fc.integer({ min: 64 * 1024 - 16, max: 1_200_000 }).map((n) => ({ bytes: Buffer.from(`{"name":"${'a'.repeat(n)}"}`), what: `${n}-byte JSON` })),
    fc.constant({ bytes: Buffer.alloc(0), what: 'empty body' }),
  ];
  if (!model) {
    return fc.oneof({ weight: 6, arbitrary: fc.constant({ what: 'no body' }) }, ...raw.map((arbitrary) => ({ weight: 1, arbitrary })));
  }
  const own: { weight: number; arbitrary: fc.Arbitrary<BodyCase> }[] = [];
  if (model.defective) own.push({ weight: 12, arbitrary: model.defective().map((d) => ({ bytes: Buffer.from(JSON.stringify(d.body)), defective: d, what: d.what })) });
  if (model.wellFormed) own.push({ weight: 3, arbitrary: model.wellFormed().map((b) => ({ bytes: Buffer.from(JSON.stringify(b)), what: 'well-formed, wrong content' })) });
  return fc.oneof(...own, { weight: 1, arbitrary: fc.constant({ what: 'no body' }) }, ...raw.map((arbitrary) => ({ weight: 1, arbitrary })));
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

function routePattern(route: Route): RegExp {
  return new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)')}$`);
}

/** Every generated request for one route. */
function cases(route: Route): fc.Arbitrary<Case> {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const path = fc.tuple(...params.map((name) => paramValue(name, route))).map((values) => {
    let i = 0;
    return route.path.replace(/\{\w+\}/g, () => values[i++]!);
  });
  return fc
    .record({
      path,
      trick: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pathTricks }),
      query: queryString,
      // Organiser routes keep their method: another route's on the same path might act (a DELETE).
      method: route.organiser ? fc.constant(route.method) : fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
      language: fc.oneof(fc.constant(null), acceptLanguage),
      type: contentType,
      other: otherHeaders,
      // Organiser routes: mostly the owner's session (and no Authorization, which would be tried instead).
      signedIn: route.organiser ? fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.constant(false),
      body: bodyCases(route),
    })
    .map(({ path, trick, query, method, language, type, other, signedIn, body }) => {
      const target = (trick ? trick.apply(path) : path) + query;
      const headers: Record<string, string> = { ...other };
      if (signedIn) {
        delete headers.authorization;
        Object.assign(headers, owner.headers);
      }
      if (language !== null) headers['accept-language'] = language;
      if (type !== undefined && body.bytes !== undefined) headers['content-type'] = type;
      const request: RawRequest = { method, target, headers, ...(body.bytes ? { body: body.bytes } : {}) };
      const what = summary(request, body, trick?.name);
      // fast-check prints this for a counterexample, instead of megabytes of generated body.
      // An organiser route checks its body only for someone signed in.
      const fields = route.organiser && !signedIn ? undefined : expectedFields(route, request, body);
      const mayBeNotFound = fields !== undefined && namesSomethingElse(route, params, request.target);
      return { request, fields, mayBeNotFound, what, [fc.toStringMethod]: () => what };
    });
}

/**
 * Whether the path names another campaign, member or language than the real ones: then the route may
 * refuse that before it reads the body (404, or 400 `invalid_language`).
 */
function namesSomethingElse(route: Route, params: string[], target: string): boolean {
  const realValues: Record<string, string[]> = { slug: [SLUG], memberId: [real.memberId], lang: ['uk', 'ka', 'ru'] };
  try {
    const values = routePattern(route).exec(new URL(target, 'http://localhost').pathname)!.slice(1).map(decodeURIComponent);
    return params.some((name, i) => realValues[name] !== undefined && !realValues[name]!.includes(values[i]!));
  } catch {
    return true;
  }
}

/**
 * The paths a 400 must name: only when the request reaches this route's handler (its method, a
 * path the route matches that decodes) with a JSON body the parser takes (JSON content type, under
 * the 64 KB limit) whose object has defects — and, for a campaign rule, on the open campaign.
 */
function expectedFields(route: Route, request: RawRequest, body: BodyCase): string[] | undefined {
  if (!body.defective || request.method !== route.method) return undefined;
  if (!JSON_TYPES.includes(request.headers['content-type'] ?? '') || (body.bytes?.length ?? 0) > 64 * 1024) return undefined;
  let url: URL;
  try {
    url = new URL(request.target, 'http://localhost');
  } catch {
    return undefined;
  }
  const match = routePattern(route).exec(url.pathname);
  if (!match) return undefined;
  try {
    const values = match.slice(1).map(decodeURIComponent);
    if (body.defective.needsCampaign && values[0] !== SLUG) return undefined;
  } catch {
    return undefined;
  }
  return body.defective.fields;
}

function summary(request: RawRequest, body: BodyCase, trick?: string): string {
  const target = request.target.length > 200 ? `${request.target.slice(0, 200)}…(${request.target.length} chars)` : request.target;
  return `${request.method} ${target}${trick ? ` [${trick}]` : ''} content-type=${JSON.stringify(request.headers['content-type'])} body: ${body.what}`;
}

function headSize(request: RawRequest): number {
  return request.target.length + Object.entries(request.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
}

// ----- what every answer must be -------------------------------------------------------------------

function check(c: Case, response: RawResponse): void {
  const text = response.body.toString('utf8');
  const sent = c.request.body ? Buffer.from(c.request.body).subarray(0, 300).toString('utf8') : '';
  const context = `${c.what} ${JSON.stringify(sent)} → ${response.status} ${text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`5xx: ${context}`);
  if (response.status < 400) {
    if (c.fields) throw new Error(`Accepted a body with defects (${c.fields.join(', ')}): ${context}`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`4xx body is not JSON: ${context}`);
  }
  const error = (parsed as { error?: Record<string, unknown> })?.error;
  const shapeOk =
    parsed !== null &&
    typeof parsed === 'object' &&
    Object.keys(parsed).join() === 'error' &&
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    error.code.length > 0 &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    Object.keys(error).every((k) => ['code', 'message', 'fields'].includes(k)) &&
    (error.fields === undefined ||
      (typeof error.fields === 'object' && error.fields !== null && Object.values(error.fields).every((v) => typeof v === 'string' && v.length > 0)));
  if (!shapeOk) throw new Error(`4xx body is not {error:{code,message,fields?}}: ${context}`);
  const notThere = (response.status === 404 && error!.code === 'not_found') || (response.status === 400 && error!.code === 'invalid_language');
  if (c.fields && !(c.mayBeNotFound && notThere)) {
    const named = error!.fields ? Object.keys(error!.fields as object) : [];
    const missing = c.fields.filter((f) => !named.includes(f));
    if (response.status !== 400 || missing.length > 0) {
      throw new Error(`Defects ${JSON.stringify(c.fields)} not all named (missing ${JSON.stringify(missing)}): ${context}`);
    }
  }
}

// ----- stored state ------------------------------------------------------------------------------

const TABLES = ['SIGNATURES_TABLE', 'PETITIONS_TABLE', 'SIGNALS_TABLE', 'ORGANISATIONS_TABLE', 'JOBS_TABLE'] as const;

async function storedState() {
  const tables: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const items = await rawItems(env.tables[t]!);
    tables[t] = items.map((i) => JSON.stringify(i, Object.keys(i).sort())).sort();
  }
  return { tables, mail: (await readMailbox(env.mailbox)).length };
}

/** A fixed seed per route, so each route's run is the same every time unless MALFORMED_SEED says otherwise. */
function seedFor(route: Route): number {
  if (process.env.MALFORMED_SEED) return Number(process.env.MALFORMED_SEED);
  let h = 0x811c9dc5;
  for (const ch of route.name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h | 0;
}

// ---------------------------------------------------------------------------------------------------

it('has a generator for every route of the route table, and for no other', () => {
  expect(TABLES.every((t) => env.tables[t])).toBe(true);
  const names = routes.map((r) => r.name).sort();
  expect(Object.keys(bodies).sort()).toEqual(names);
});

describe('malformed requests to every route', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path} (${route.name}): no 5xx, errors name the field, nothing stored`, async () => {
      expect(Object.hasOwn(bodies, route.name), `no generator for public route ${route.name}: add it to \`bodies\``).toBe(true);
      const before = await storedState();
      const seed = seedFor(route);
      const started = Date.now();
      let statuses: Record<number, number> = {};
      // Each run sends a batch at once, as traffic arrives, and keeps DynamoDB Local busy; a failing
      // batch shrinks to the one request that fails.
      await fc.assert(
        fc.asyncProperty(fc.array(cases(route), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const responses = await Promise.all(batch.map((c) => api.dispatch(c.request)));
          batch.forEach((c, i) => {
            statuses[responses[i]!.status] = (statuses[responses[i]!.status] ?? 0) + 1;
            check(c, responses[i]!);
          });
        }),
        { numRuns: Math.ceil(runsFor(route) / BATCH), seed },
      );
      // The same kind of requests through Node's HTTP client and parser: the same status as in-process.
      await fc.assert(
        fc.asyncProperty(cases(route), async (c) => {
          // Past Node's limits (1 MB body: the server cuts the socket; 16 KB of request line and
          // headers: 431 from Node's parser, as API Gateway refuses them itself) the handlers never run.
          if ((c.request.body?.length ?? 0) > 1024 * 1024 || headSize(c.request) > 15 * 1024) return;
          const [overSocket, inProcess] = [await api.send(c.request), await api.dispatch(c.request)];
          check(c, overSocket);
          if (overSocket.status !== 400 || inProcess.status !== 400) expect(overSocket.status, c.what).toBe(inProcess.status);
        }),
        { numRuns: SOCKET_RUNS, seed: seed ^ 0x5a5a5a5a },
      );
      expect(await storedState()).toEqual(before);
      console.log(`${route.name}: ${Math.ceil(runsFor(route) / BATCH) * BATCH} in-process + ${SOCKET_RUNS} socket requests in ${Date.now() - started} ms, seed ${seed}, statuses ${JSON.stringify(statuses)}`);
      statuses = {};
    });
  }
});
