/**
 * The page and the server agree on every request the page can send. For each one, inputs at the
 * boundaries (a limit and one past it, counted as the server counts: in code points, so an emoji
 * (two UTF-16 units) counts one, as a Georgian or Armenian letter does), empty and blank values, text in Latin, Cyrillic, Armenian and
 * Georgian, invalid slugs, out-of-range goals, days and retention periods go through the page's own
 * check and body builder (web/src), then through the server's zod schema for that route and the
 * OpenAPI request schema (ajv, as test/support/contract.ts checks answers):
 *   (a) whatever the page accepts, the server accepts, and the body fits the document;
 *   (b) whatever the page refuses, the server refuses too.
 * So the page never lets through what the server rejects, and never blocks what it would accept.
 *
 * Left to the server alone, and answered on the field by name (so not tried here): a signer name's
 * alphabet (no digits or markup), the character classes of stored text (control characters, lone
 * surrogates, bidi overrides: test/integration/well-formed-text.test.ts), whether a slug is free,
 * whether a deadline is in the future at the server's clock, and what a campaign's status allows.
 */
import { describe, expect, it } from 'vitest';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import * as z from 'zod/mini';
import { unitEnv } from './unit-env.ts';

void unitEnv;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const { routes } = await import('#routes');
const { openApiDocument } = await import('#openapi/document.ts');
const { linkTokenSchema } = await import('#openapi/shared-schemas.ts');
const limits = await import('#rules/limits.ts');
const campaignSchemas = await import('#rules/campaign-schema.ts');
const { signatureInputSchema } = await import('#rules/signature.ts');
const organisationSchemas = await import('#rules/organisation-schema.ts');
const { startExportSchema } = await import('#rules/export-schema.ts');
const { checkSignerFields } = await import('#usecases/signing.ts');
const { COUNTRY_CODES } = await import('#rules/countries.ts');

const { buildSignPayload, validateSignInput } = await import('../../web/src/signing/sign-rules.ts');
const { linkBody } = await import('../../web/src/signing/mail-link-rules.ts');
const { buildCampaignPayload, campaignPatch, emptyCampaignForm, validateCampaignForm } = await import('../../web/src/organiser/editor/editor-rules.ts');
const { deliveryBody, deliveryProblems, statusBody } = await import('../../web/src/organiser/campaign/status-rules.ts');
const { translationBody, translationProblems } = await import('../../web/src/organiser/translations/translation-rules.ts');
const { buildCosignPayload, validateCosign } = await import('../../web/src/organiser/cosigning/cosign-rules.ts');
const { inviteBody, memberRoleBody, tokenBody, tokenNameProblem } = await import('../../web/src/organiser/members/member-rules.ts');
const { exportBody } = await import('../../web/src/organiser/exports/export-rules.ts');
const { profileBody, profileProblems } = await import('../../web/src/organiser/profile/profile-rules.ts');
const { addressProblem, signInBody } = await import('../../web/src/organiser/shell/address-rules.ts');
const { ROLES, switchOrganisationBody } = await import('../../web/src/organiser/shell/roles.ts');
const { readCampaign } = await import('../../web/src/organiser/shell/campaign-data.ts');

// --- The OpenAPI request schema of each route, compiled once -------------------------------------

const document = JSON.parse(JSON.stringify(openApiDocument(routes))) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi');
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const requestSchemas = new Map<string, ValidateFunction>();

function documented(routeName: string): ValidateFunction {
  const cached = requestSchemas.get(routeName);
  if (cached) return cached;
  const route = routes.find((r) => r.name === routeName);
  if (!route) throw new Error(`no route ${routeName}`);
  const method = route.method.toLowerCase();
  if (!document.paths[route.path]?.[method]?.requestBody?.content['application/json']) throw new Error(`${routeName} documents no JSON body`);
  const validate = ajv.compile({ $ref: `openapi#/${pointer('paths', route.path, method, 'requestBody', 'content', 'application/json', 'schema')}` });
  requestSchemas.set(routeName, validate);
  return validate;
}

// --- One case: what the page decided, and what the server makes of the body -----------------------

interface Case {
  label: string;
  /** The page's check let it through (and it would send `body`). */
  pageAccepts: boolean;
  body: unknown;
}

/**
 * (a) and (b) for every case. `server` is the server's own check (its zod schema, and for signing the
 * campaign's signer fields); the document is checked on what the page would send.
 */
function agree(routeName: string, server: (body: unknown) => { success: boolean; error?: unknown }, cases: Case[]): void {
  const validate = documented(routeName);
  for (const c of cases) {
    const verdict = server(c.body);
    const issues = verdict.error instanceof z.core.$ZodError ? JSON.stringify(verdict.error.issues.map((i) => [i.path.join('.'), i.message])) : JSON.stringify(verdict.error ?? '');
    const about = `${routeName}: ${c.label} — page ${c.pageAccepts ? 'accepts' : 'refuses'}, server ${verdict.success ? 'accepts' : `refuses ${issues}`}`;
    expect(verdict.success, about).toBe(c.pageAccepts);
    if (c.pageAccepts) expect(validate(c.body), `${about}; the document refuses the body: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
}

const zodCheck = (schema: z.ZodMiniType) => (body: unknown) => schema.safeParse(body);

// --- Inputs --------------------------------------------------------------------------------------

/** `n` characters of one script (a letter each), or of an astral emoji (two UTF-16 units each). */
const run = (letter: string, n: number): string => letter.repeat(n);
const SCRIPTS = { latin: 'é', cyrillic: 'ж', armenian: 'Ա', georgian: 'ა' } as const;

/** A field of `max` (as the server counts it): in every script at the limit and one past; in emoji at and past. */
function lengths(max: number): { label: string; value: string; fits: boolean }[] {
  const out: { label: string; value: string; fits: boolean }[] = [];
  for (const [script, letter] of Object.entries(SCRIPTS)) {
    out.push({ label: `${max} ${script}`, value: run(letter, max), fits: true });
    out.push({ label: `${max + 1} ${script}`, value: run(letter, max + 1), fits: false });
  }
  // An emoji is two UTF-16 units and one code point: `max` of them fit, one more does not (counting
  // units, as String#length does, would refuse from max/2 + 1).
  out.push({ label: `${max} emoji (${max * 2} units)`, value: run('😀', max), fits: true });
  out.push({ label: `${max + 1} emoji`, value: run('😀', max + 1), fits: false });
  out.push({ label: `${max - 1} letters and an emoji`, value: `${run('ж', max - 1)}👩`, fits: true });
  // Blank around the text does not count: the server trims first.
  out.push({ label: `${max} letters inside blanks`, value: `  ${run('a', max)}\t`, fits: true });
  return out;
}

const BLANKS = [
  { label: 'empty', value: '' },
  { label: 'spaces', value: '   ' },
  { label: 'a tab and a line break', value: '\t\n' },
];

const NAMES = ['Nadia Kapanadze', 'Олена Петренко', 'Արամ Սարգսյան', 'ნინო ბერიძე', 'José Ñúñez', 'Seán O’Brien'];

const messages = new Proxy({}, { get: (_, key) => String(key) }) as never;

// --- The sign form ---------------------------------------------------------------------------

describe('signing (POST …/signatures)', () => {
  const FIELDS_ALL = { country: 'required', comment: 'optional' } as const;
  const valid = { name: 'Nadia Kapanadze', email: 'nadia@example.org', country: 'GE', comment: '' };
  const server = (fields: { country: 'required' | 'optional' | 'off'; comment: 'optional' | 'off' }) => (body: unknown) => {
    const parsed = signatureInputSchema.safeParse(body);
    if (!parsed.success) return parsed;
    try {
      checkSignerFields(fields, parsed.data);
      return { success: true };
    } catch (error) {
      return { success: false, error: (error as { fields?: unknown }).fields ?? error };
    }
  };
  const sign = (input: typeof valid, fields: { country: 'required' | 'optional' | 'off'; comment: 'optional' | 'off' } = FIELDS_ALL, label = ''): Case => ({
    label: label || JSON.stringify(input).slice(0, 80),
    pageAccepts: Object.keys(validateSignInput(input, messages, String, fields)).length === 0,
    body: buildSignPayload(input, 'altcha-payload', 3),
  });

  it('names: every script, the length limit counted as the server counts, blanks', () => {
    const cases = [
      ...NAMES.map((name) => sign({ ...valid, name }, FIELDS_ALL, name)),
      ...lengths(limits.SIGN_LIMITS.name)
        .filter((l) => !l.label.includes('emoji')) // a name has letters only: the server refuses emoji by alphabet, its own check
        .map((l) => sign({ ...valid, name: l.value }, FIELDS_ALL, `name of ${l.label}`)),
      ...BLANKS.map((b) => sign({ ...valid, name: b.value }, FIELDS_ALL, `name ${b.label}`)),
    ];
    agree('sign', server(FIELDS_ALL), cases);
  });

  it('email addresses: the server’s pattern and its 254 limit', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`;
    const emails = ['nadia@example.org', ' nadia@example.org ', 'n.k+tag@mail.example.ge', 'a@b', 'a@b.c', 'no-at-sign', 'a@@b.org', 'a b@c.org', 'ნინო@example.ge', 'a@example.рф', at254, `a${at254}`, '', '  '];
    expect(at254.length).toBe(254);
    agree('sign', server(FIELDS_ALL), emails.map((email) => sign({ ...valid, email }, FIELDS_ALL, `email ${JSON.stringify(email).slice(0, 40)}`)));
  });

  it('countries and the campaign’s signer fields', () => {
    const cases: [typeof valid, { country: 'required' | 'optional' | 'off'; comment: 'optional' | 'off' }][] = [];
    for (const country of ['GE', 'AM', 'UA', 'KZ', 'XX', 'UK', 'SU', 'Georgia', 'G', '']) cases.push([{ ...valid, country }, FIELDS_ALL]);
    for (const country of ['GE', '', 'XX']) cases.push([{ ...valid, country }, { country: 'optional', comment: 'optional' }]);
    cases.push([{ ...valid, country: '' }, { country: 'off', comment: 'off' }]);
    for (const [input, fields] of cases) agree('sign', server(fields), [sign(input, fields, `country ${JSON.stringify(input.country)} when ${fields.country}`)]);
    // Every code the page's menu offers is one the server takes.
    agree('sign', server(FIELDS_ALL), COUNTRY_CODES.map((country) => sign({ ...valid, country }, FIELDS_ALL, country)));
  });

  it('comments: the limit in every script and in emoji, blank, and multi-line', () => {
    const cases = [
      ...lengths(limits.SIGN_LIMITS.comment).map((l) => sign({ ...valid, comment: l.value }, FIELDS_ALL, `comment of ${l.label}`)),
      ...BLANKS.map((b) => sign({ ...valid, comment: b.value }, FIELDS_ALL, `comment ${b.label}`)),
      sign({ ...valid, comment: 'Free them.\r\n\r\nСвободу им. Ազատություն. თავისუფლება.' }, FIELDS_ALL, 'a comment of paragraphs'),
      // CRLF counts one (stored as LF): 999 letters and a CRLF is 1,000.
      sign({ ...valid, comment: `${'a'.repeat(500)}\r\n${'b'.repeat(499)}` }, FIELDS_ALL, 'a CRLF at the limit'),
    ];
    agree('sign', server(FIELDS_ALL), cases);
  });
});

describe('the mail links (preview, confirm, withdraw) and opening a co-signing link', () => {
  it('send the link’s token as the mail carried it', () => {
    const tokens = ['a'.repeat(43), 'x', 'A-_9'.repeat(50)];
    for (const route of ['preview-signature', 'confirm-signature', 'withdraw-signature']) {
      agree(route, zodCheck(linkTokenSchema), tokens.map((token) => ({ label: `token of ${token.length}`, pageAccepts: true, body: linkBody(token) })));
    }
    agree('preview-cosign', zodCheck(campaignSchemas.cosignPreviewSchema), [{ label: 'an invitation token', pageAccepts: true, body: { token: 'a'.repeat(43) } }]);
  });
});

// --- Organisers --------------------------------------------------------------------------------

describe('signing in, inviting members, tokens, switching organisation', () => {
  const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`;
  const ADDRESSES = ['organiser@demo.undersigned.local', ' Owner@Example.ORG ', 'a@b', 'no-at-sign', 'ნინო@example.ge', at254, `a${at254}`, '', '   '];

  it('a sign-in request (POST /api/auth/link)', () => {
    agree(
      'request-sign-in',
      zodCheck(organisationSchemas.signInRequestSchema),
      ADDRESSES.map((a) => ({ label: JSON.stringify(a).slice(0, 40), pageAccepts: addressProblem(a) === undefined, body: signInBody(a, 'altcha-payload') })),
    );
  });

  it('a member invited, and a member’s role changed', () => {
    const cases: Case[] = [];
    for (const a of ADDRESSES) for (const role of ROLES) cases.push({ label: `${JSON.stringify(a).slice(0, 40)} as ${role}`, pageAccepts: addressProblem(a) === undefined, body: inviteBody(a, role) });
    agree('invite-member', zodCheck(organisationSchemas.inviteMemberSchema), cases);
    agree('update-member', zodCheck(organisationSchemas.updateMemberSchema), ROLES.map((role) => ({ label: role, pageAccepts: true, body: memberRoleBody(role) })));
  });

  it('an API token made (POST /api/org/tokens)', () => {
    const names = [
      ...lengths(limits.TOKEN_NAME_MAX).map((l) => ({ label: l.label, value: l.value })),
      ...BLANKS,
      { label: 'Georgian', value: 'CRM-ის სინქრონიზაცია' },
    ];
    const cases: Case[] = [];
    for (const n of names) for (const role of limits.TOKEN_ROLES) cases.push({ label: `${n.label} as ${role}`, pageAccepts: tokenNameProblem(n.value) === undefined, body: tokenBody(n.value, role) });
    agree('create-token', zodCheck(organisationSchemas.createTokenSchema), cases);
  });

  it('the organisation profile (PATCH /api/org/profile)', () => {
    const full = { name: 'Голос', country: 'UA', website: 'https://holos.example.org', contact: 'info@holos.example.org', controller: 'We control it.' };
    const cases: Case[] = [];
    const add = (label: string, values: typeof full) => cases.push({ label, pageAccepts: Object.keys(profileProblems(values)).length === 0, body: profileBody(values) });
    add('full', full);
    add('emptied but the name', { ...full, country: '', website: '', contact: '', controller: '' });
    for (const l of lengths(limits.ORG_PROFILE_LIMITS.name)) add(`name ${l.label}`, { ...full, name: l.value });
    for (const b of BLANKS) add(`name ${b.label}`, { ...full, name: b.value });
    for (const l of lengths(limits.ORG_PROFILE_LIMITS.controller)) add(`controller ${l.label}`, { ...full, controller: l.value });
    for (const website of ['javascript:alert(1)', 'ftp://a.org', 'https://localhost', 'not a url', `https://a.org/${'x'.repeat(1987)}`, `https://a.org/${'x'.repeat(1986)}`]) add(`website ${website.slice(0, 30)}`, { ...full, website });
    for (const contact of ['a@b', 'a b@c.org', 'Name <a@b.org>', 'a@b.org, c@d.org', `${'a'.repeat(245)}@b.org`, `${'a'.repeat(250)}@b.org`]) add(`contact ${contact.slice(0, 30)}`, { ...full, contact });
    for (const country of ['GE', 'AM', 'KZ']) add(`country ${country}`, { ...full, country });
    agree('update-org-profile', zodCheck(organisationSchemas.profileUpdateSchema), cases);
  });

  it('switching organisation (PUT /api/me/organisation)', () => {
    agree('switch-organisation', zodCheck(organisationSchemas.switchOrganisationSchema), [
      { label: 'an organisation id', pageAccepts: true, body: switchOrganisationBody('org_7f3a9c') },
      { label: `an id of ${limits.ORGANISATION_ID_MAX}`, pageAccepts: true, body: switchOrganisationBody('o'.repeat(limits.ORGANISATION_ID_MAX)) },
    ]);
  });
});

describe('the campaign editor (POST /api/org/campaigns, PATCH /api/org/campaigns/{slug})', () => {
  const base = {
    ...emptyCampaignForm('ka'),
    title: 'გაათავისუფლეთ ნადია და ლევანი',
    slug: 'free-nadia-and-levan',
    text: 'ჩვენ, ქვემოთ ხელმომწერები…\n\nWe, the undersigned…',
    targets: [{ name: 'Ministry of Justice', office: 'Minister', email: 'minister@justice.example.ge' }],
    goal: '10000',
    deadline: '',
  };
  type Form = typeof base;
  const create = (form: Form, label: string): Case => ({
    label,
    pageAccepts: Object.keys(validateCampaignForm(form, messages, { isNew: true })).length === 0,
    body: buildCampaignPayload(form, { isNew: true, offsetOn: () => -240 }),
  });
  const server = zodCheck(campaignSchemas.newCampaignSchema);

  it('titles, texts and targets: the limits in every script and in emoji, blanks', () => {
    const cases: Case[] = [];
    for (const l of lengths(limits.CAMPAIGN_LIMITS.title)) cases.push(create({ ...base, title: l.value }, `title of ${l.label}`));
    for (const l of lengths(limits.CAMPAIGN_LIMITS.text)) cases.push(create({ ...base, text: l.value }, `text of ${l.label}`));
    for (const b of BLANKS) cases.push(create({ ...base, title: b.value }, `title ${b.label}`), create({ ...base, text: b.value }, `text ${b.label}`));
    for (const l of lengths(limits.CAMPAIGN_LIMITS.targetName)) cases.push(create({ ...base, targets: [{ name: l.value, office: '', email: '' }] }, `target name of ${l.label}`));
    for (const l of lengths(limits.CAMPAIGN_LIMITS.targetOffice)) cases.push(create({ ...base, targets: [{ name: 'Ministry', office: l.value, email: '' }] }, `target office of ${l.label}`));
    for (const email of ['minister@justice.example.ge', 'a@b', 'no-at-sign', 'ნინო@example.ge', '']) cases.push(create({ ...base, targets: [{ name: 'Ministry', office: '', email }] }, `target email ${email}`));
    const target = { name: 'Մարդու իրավունքների պաշտպան', office: '', email: '' };
    cases.push(create({ ...base, targets: Array.from({ length: limits.CAMPAIGN_LIMITS.targetsMax }, () => target) }, `${limits.CAMPAIGN_LIMITS.targetsMax} targets`));
    cases.push(create({ ...base, targets: Array.from({ length: limits.CAMPAIGN_LIMITS.targetsMax + 1 }, () => target) }, `${limits.CAMPAIGN_LIMITS.targetsMax + 1} targets`));
    for (const name of NAMES) cases.push(create({ ...base, title: name, targets: [{ name, office: name, email: '' }] }, `title and target ${name}`));
    agree('create-campaign', server, cases);
  });

  it('slugs: the server’s pattern and bounds', () => {
    const slugs = ['abc', 'ab', 'a', 'free-nadia', 'a--b', '-abc', 'abc-', 'Abc', 'a_b', 'ազատ', 'тест', 'a b', ' abc ', '', 'a'.repeat(80), 'a'.repeat(81), `${'a'.repeat(40)}-${'b'.repeat(39)}`];
    agree('create-campaign', server, slugs.map((slug) => create({ ...base, slug }, `slug ${JSON.stringify(slug).slice(0, 30)}`)));
  });

  it('goals, retention periods and deadlines in and out of range', () => {
    const cases: Case[] = [];
    for (const goal of ['1', '0', '-1', '12.5', String(limits.CAMPAIGN_LIMITS.goalMax), String(limits.CAMPAIGN_LIMITS.goalMax + 1), '', ' 500 ']) cases.push(create({ ...base, goal }, `goal ${JSON.stringify(goal)}`));
    for (const days of ['1', '0', '-5', '90', String(limits.RETENTION_DAYS.max), String(limits.RETENTION_DAYS.max + 1), '2.5', '']) cases.push(create({ ...base, retentionDays: days }, `retention ${JSON.stringify(days)}`));
    // A day the page cannot turn into a time is left out of its body; the server is asked about the
    // same day as the page would have sent it (the end of that day in Tbilisi).
    for (const deadline of ['2030-02-28', '2032-02-29', '2031-02-29', '2030-13-01', '2030-04-31', '2030-4-1', '']) {
      const c = create({ ...base, deadline }, `deadline ${JSON.stringify(deadline)}`);
      if (deadline !== '') c.body = { ...(c.body as object), deadline: (c.body as { deadline?: string }).deadline ?? `${deadline}T23:59:59+04:00` };
      cases.push(c);
    }
    agree('create-campaign', server, cases);
  });

  it('every kind, language and signer-field choice the editor offers', () => {
    const cases: Case[] = [];
    for (const kind of limits.CAMPAIGN_KINDS) for (const language of ['en', 'ka', 'hy', 'ru', 'uk', 'kk', 'az', 'ro', 'lv', 'cs']) cases.push(create({ ...base, kind, language }, `${kind} in ${language}`));
    for (const country of limits.SIGNER_COUNTRY_CHOICES) for (const comment of limits.SIGNER_COMMENT_CHOICES) cases.push(create({ ...base, country, comment }, `signer fields ${country}/${comment}`));
    agree('create-campaign', server, cases);
  });

  it('a change: the patch of each edit, a draft’s slug, a removed deadline', () => {
    const original = readCampaign({
      slug: 'free-nadia-and-levan', kind: 'letter', title: 'Old', text: 'Old text', language: 'ka', translations: {}, targets: [{ name: 'Ministry' }],
      goal: 100, deadline: '2030-06-01T23:59:59+04:00', publicSigners: false, retentionDays: 90, signerFields: { country: 'required', comment: 'optional' },
      status: 'draft', version: 1, versions: [], cosigners: [], count: 0, pending: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
    });
    if (!original) throw new Error('campaign not read');
    const patch = (form: Form, label: string, editsSlug = true): Case => ({
      label,
      pageAccepts: Object.keys(validateCampaignForm(form, messages, { isNew: false, editsSlug })).length === 0,
      body: campaignPatch(original, buildCampaignPayload(form, { isNew: false, editsSlug, offsetOn: () => -240 })),
    });
    const cases: Case[] = [
      patch(base, 'every field changed'),
      patch({ ...base, slug: 'Bad Slug' }, 'a bad slug'),
      patch({ ...base, slug: 'x'.repeat(81) }, 'a slug too long'),
      patch({ ...base, deadline: '' }, 'the deadline removed (null)'),
      patch({ ...base, title: run('ა', 201) }, 'a title too long', false),
      patch({ ...base, goal: '0' }, 'a goal of 0', false),
      patch({ ...base, retentionDays: String(limits.RETENTION_DAYS.max + 1) }, 'retention past the bound', false),
    ];
    agree('update-campaign', zodCheck(campaignSchemas.campaignUpdateSchema), cases);
  });
});

describe('a campaign’s status, delivery, translations, co-signing, exports', () => {
  it('moves its status (POST …/status)', () => {
    agree('set-campaign-status', zodCheck(campaignSchemas.statusChangeSchema), (['open', 'close', 'reopen'] as const).map((a) => ({ label: a, pageAccepts: true, body: statusBody(a) })));
  });

  it('records its delivery (POST …/delivery)', () => {
    const base: { deliveredOn: string; to: string; method: (typeof limits.DELIVERY_METHODS)[number]; note: string } = { deliveredOn: '2027-03-03', to: 'Ministry of Justice', method: 'in-person', note: '' };
    const cases: Case[] = [];
    const one = (form: typeof base, label: string): Case => ({ label, pageAccepts: Object.keys(deliveryProblems(form)).length === 0, body: deliveryBody(form) });
    for (const deliveredOn of ['2027-03-03', '2028-02-29', '2027-02-29', '2027-02-30', '2027-13-01', '3 March', '27-03-03', '', ' 2027-03-03 ']) cases.push(one({ ...base, deliveredOn }, `on ${JSON.stringify(deliveredOn)}`));
    for (const l of lengths(limits.CAMPAIGN_LIMITS.deliveryTo)) cases.push(one({ ...base, to: l.value }, `to ${l.label}`));
    for (const l of lengths(limits.CAMPAIGN_LIMITS.deliveryNote)) cases.push(one({ ...base, note: l.value }, `note ${l.label}`));
    for (const b of BLANKS) cases.push(one({ ...base, to: b.value }, `to ${b.label}`), one({ ...base, note: b.value }, `note ${b.label}`));
    for (const method of limits.DELIVERY_METHODS) cases.push(one({ ...base, method }, `by ${method}`));
    for (const name of NAMES) cases.push(one({ ...base, to: name, note: name }, `to and note ${name}`));
    agree('record-delivery', zodCheck(campaignSchemas.deliverySchema), cases);
  });

  it('puts a translation (PUT …/translations/{lang})', () => {
    const cases: Case[] = [];
    const one = (title: string, text: string, label: string): Case => ({ label, pageAccepts: Object.keys(translationProblems(title, text)).length === 0, body: translationBody(title, text) });
    for (const l of lengths(limits.CAMPAIGN_LIMITS.title)) cases.push(one(l.value, 'Text', `title ${l.label}`));
    for (const l of lengths(limits.CAMPAIGN_LIMITS.text)) cases.push(one('Title', l.value, `text ${l.label}`));
    for (const b of BLANKS) cases.push(one(b.value, 'Text', `title ${b.label}`), one('Title', b.value, `text ${b.label}`));
    for (const name of NAMES) cases.push(one(name, `${name}\r\n\r\n${name}`, name));
    agree('put-translation', zodCheck(campaignSchemas.translationSchema), cases);
  });

  it('asks for a co-signing invitation (POST …/cosign-invites: `{}`)', () => {
    // The page sends `{}` with every write that takes nothing (docs/organisers.md, CSRF).
    expect(documented('create-cosign-invite')({})).toBe(true);
  });

  it('co-signs (POST …/cosigners)', () => {
    const token = 'a'.repeat(43);
    const base = { name: 'Civic Union', country: 'GE', website: '' };
    const one = (input: typeof base, label: string): Case => ({ label, pageAccepts: Object.keys(validateCosign(input, messages)).length === 0, body: buildCosignPayload(input, token) });
    const cases: Case[] = [];
    for (const l of lengths(limits.COSIGN_LIMITS.name).filter((l) => !l.label.includes('emoji'))) cases.push(one({ ...base, name: l.value }, `name ${l.label}`));
    for (const b of BLANKS) cases.push(one({ ...base, name: b.value }, `name ${b.label}`));
    for (const name of NAMES) cases.push(one({ ...base, name }, name));
    for (const country of ['GE', 'AM', 'XX', 'UK', '']) cases.push(one({ ...base, country }, `country ${JSON.stringify(country)}`));
    const longSite = `https://example.org/${'a'.repeat(limits.COSIGN_LIMITS.website - 20)}`;
    for (const website of ['civic.example', 'https://civic.example/', 'http://civic.example', 'javascript:alert(1)', 'https://localhost', 'ftp://civic.example', 'not a site', 'https://xn--lodbgm5bxa.example', longSite, `${longSite}a`, '']) {
      cases.push(one({ ...base, website }, `website ${website.slice(0, 40)} (${website.length})`));
    }
    agree('cosign', zodCheck(campaignSchemas.cosignSchema), cases);
  });

  it('co-signs with a website in another script: page and server take it, the document’s `format: uri` does not (it should say `iri`)', () => {
    const input = { name: 'Civic Union', country: 'GE', website: 'https://ქართული.example' };
    expect(validateCosign(input, messages)).toEqual({});
    expect(campaignSchemas.cosignSchema.safeParse(buildCosignPayload(input, 'a'.repeat(43))).success).toBe(true);
    expect(documented('cosign')(buildCosignPayload(input, 'a'.repeat(43)))).toBe(false);
  });

  it('starts an export (POST …/exports)', () => {
    const available = ['ka', 'ru'];
    const cases: Case[] = [
      { label: 'CSV', pageAccepts: true, body: exportBody('csv', { translations: ['ka'], available, order: 'name', lang: 'ru' }) },
      { label: 'a dossier, defaults', pageAccepts: true, body: exportBody('pdf', { translations: [], available, order: 'confirmed', lang: '' }) },
      { label: 'a dossier in Russian, by name, with translations', pageAccepts: true, body: exportBody('pdf', { translations: ['ru', 'ka', 'hy'], available, order: 'name', lang: 'ru' }) },
    ];
    agree('start-export', zodCheck(startExportSchema), cases);
  });
});

describe('the answers the page’s unit tests read', () => {
  it('fit the document, as the server’s answers must', async () => {
    const { contract } = await import('../support/contract.ts');
    const { publicCampaignAnswer, orgCampaignAnswer } = await import('../../web/src/app/answers.fixture.ts');
    const { responses } = await contract();
    const check = (name: string, body: unknown): void => {
      const route = routes.find((r) => r.name === name)!;
      const validate = responses(route, 200)?.body as ValidateFunction;
      expect(validate(body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    check('get-public-campaign', publicCampaignAnswer());
    check('get-campaign', orgCampaignAnswer());
  });
});

describe('one definition', () => {
  it('the page’s email pattern is zod’s, which the server’s z.email() uses', () => {
    expect(limits.EMAIL.source).toBe(z.regexes.email.source);
  });
});

describe('finding campaigns (GET /api/campaigns?q=…&kind=…&country=…&org=…&status=…&cursor=…)', async () => {
  const { listApiPath, readListState, listHash, FIND_LIMITS: pageLimits } = await import('../../web/src/campaigns/find-rules.ts');
  const { encodeCursor } = await import('#rules/campaign-finding.ts');
  const { publicCampaignQuerySchema } = campaignSchemas;
  const queryOf = (path: string) => Object.fromEntries(new URL(path, 'http://page.test').searchParams);
  const documentedParameters = (
    document.paths['/api/campaigns']!.get as unknown as { parameters: { name: string; in: string }[] }
  ).parameters.filter((p) => p.in === 'query').map((p) => p.name);

  it('every request the page builds, from any address, the server and the document take', () => {
    const cursor = encodeCursor({ createdAt: '2026-12-01T10:00:00.000Z', slug: 'save-the-riverside-park' });
    const words = [...lengths(limits.FIND_LIMITS.queryMax).map((l) => l.value), '', '   ', 'парк ნადია Ազատություն', '%', '&status=draft', '#/p/x'];
    const hashes = [
      '#/', '#/?kind=letter', '#/?kind=poem', '#/?status=archive', '#/?status=drafts', '#/?country=GE', '#/?country=XX', '#/?country=ge',
      '#/?org=demo', '#/?org=a%2Fb', `#/?org=${'a'.repeat(65)}`, '#/?q=%E0%A4%A', '#/?kind=letter&country=AM&org=org-1234&status=archive&q=park',
    ];
    const states = [...hashes.map(readListState), ...words.map((q) => ({ ...readListState('#/?kind=petition'), q }))];
    for (const state of states) {
      for (const options of [{}, { cursor, lang: 'ka' }, { limit: 500 }, { limit: 0 }]) {
        const path = listApiPath(state, options);
        const query = queryOf(path);
        const verdict = publicCampaignQuerySchema.safeParse(query);
        expect(verdict.success, `${path}: ${JSON.stringify(verdict.error?.issues)}`).toBe(true);
        for (const name of Object.keys(query)) expect(documentedParameters, `${name} is not documented`).toContain(name);
        // The address the page shows holds the same filters, and reads back to the same state.
        expect(readListState(listHash(state))).toEqual(readListState(listHash(readListState(listHash(state)))));
      }
    }
    expect(pageLimits).toBe(limits.FIND_LIMITS);
  });

  it('what the page never sends, the server refuses on its field', () => {
    for (const [query, field] of [
      [{ kind: 'poem' }, 'kind'], [{ status: 'draft' }, 'status'], [{ country: 'XX' }, 'country'], [{ org: 'a/b' }, 'org'],
      [{ q: 'ж'.repeat(limits.FIND_LIMITS.queryMax + 1) }, 'q'], [{ limit: String(limits.FIND_LIMITS.pageMax + 1) }, 'limit'], [{ cursor: 'forged' }, 'cursor'],
    ] as const) {
      const verdict = publicCampaignQuerySchema.safeParse(query);
      expect(verdict.success).toBe(false);
      expect(verdict.error!.issues.map((i) => i.path.join('.'))).toEqual([field]);
      expect(readListState(`#/?${new URLSearchParams(query as Record<string, string>)}`)).not.toHaveProperty(field === 'status' ? 'nothing' : field === 'q' ? 'nothing' : field);
    }
  });
});
