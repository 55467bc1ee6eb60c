/**
 * The organiser pages' pure logic (web/src/org-logic.ts) and the routes and public-page parsing
 * they added to web/src/logic.ts: what the pages read from the API, what they send, and the
 * dashboard's arithmetic.
 */
import { describe, it, expect } from 'vitest';
import { buildSignPayload, validateSignInput } from '../../web/src/signing/sign-rules.ts';
import { cosignHash, ORG_HASH, orgCampaignHash, parseRoute } from '../../web/src/app/routes.ts';
import { parsePetition } from '../../web/src/campaign/campaign-data.ts';
import { bucketTimeline, countryRows, hourStart, MAX_BUCKETS, parseDashboard, recentEntries, relativeTime } from '../../web/src/organiser/dashboard/dashboard-rules.ts';
import { buildCampaignPayload, campaignFieldOrder, campaignPatch, campaignToForm, deadlineToIso, emptyCampaignForm, isoToDateInput, keepsTextVersion, languageChoice, localOffsetOn, suggestSlug, validateCampaignForm, type CampaignForm } from '../../web/src/organiser/editor/editor-rules.ts';
import { buildCosignPayload, classifyCosignOpening, classifyCosignStatus, parseCosignLetter, validateCosign } from '../../web/src/organiser/cosigning/cosign-rules.ts';
import { canEditCampaign, statusActions, statusBody } from '../../web/src/organiser/campaign/status-rules.ts';
import { classifySessionStatus, hasRole, parseMe } from '../../web/src/organiser/shell/roles.ts';
import { firstErrorKey, mapOrgError, resolveFieldKey } from '../../web/src/organiser/shell/org-errors.ts';
import { isJobActive, jobPercent, mergeJobs, parseJob, parseJobList } from '../../web/src/organiser/exports/export-rules.ts';
import { orgCampaignApiPath, orgExportApiPath } from '../../web/src/organiser/shell/api-paths.ts';
import { parseCampaign, parseCampaignList } from '../../web/src/organiser/shell/campaign-data.ts';
import { parseCreatedToken, parseTokens, parseInvited, parseMembers } from '../../web/src/organiser/members/member-rules.ts';
import { strings } from '../../web/src/app/strings.ts';

describe('organiser routes', () => {
  it('routes every organiser page', () => {
    expect(parseRoute('#/org')).toEqual({ name: 'orgSignIn' });
    expect(parseRoute('#/org/')).toEqual({ name: 'orgSignIn' });
    expect(parseRoute('#/org/campaigns')).toEqual({ name: 'orgHome' });
    expect(parseRoute('#/org/new')).toEqual({ name: 'orgNew' });
    expect(parseRoute('#/org/members/')).toEqual({ name: 'orgMembers' });
    expect(parseRoute('#/org/tokens')).toEqual({ name: 'orgTokens' });
    expect(parseRoute('#/org/c/free-the-press')).toEqual({ name: 'orgCampaign', slug: 'free-the-press' });
    expect(parseRoute('#/org/c/free-the-press/edit')).toEqual({ name: 'orgEdit', slug: 'free-the-press' });
    expect(parseRoute('#/org/c/free-the-press/edit?x=1')).toEqual({ name: 'orgEdit', slug: 'free-the-press' });
  });

  it('reads the sign-in link of the mail, token and all', () => {
    const token = 'Zx-_09'.repeat(7) + 'Q';
    expect(parseRoute(new URL(`https://undersigned.example/#/org/sign-in/${token}`).hash)).toEqual({ name: 'orgSession', token });
  });

  it('round-trips the hashes it makes', () => {
    expect(parseRoute(ORG_HASH.home)).toEqual({ name: 'orgHome' });
    expect(parseRoute(ORG_HASH.signIn)).toEqual({ name: 'orgSignIn' });
    expect(parseRoute(orgCampaignHash('a-b'))).toEqual({ name: 'orgCampaign', slug: 'a-b' });
    expect(parseRoute(orgCampaignHash('a-b', true))).toEqual({ name: 'orgEdit', slug: 'a-b' });
    expect(parseRoute(cosignHash('a-b', 'tok_1'))).toEqual({ name: 'cosign', slug: 'a-b', token: 'tok_1' });
  });

  it('routes the public co-sign link', () => {
    expect(parseRoute('#/p/letter-2027/cosign/abc-DEF_123')).toEqual({ name: 'cosign', slug: 'letter-2027', token: 'abc-DEF_123' });
    expect(parseRoute('#/p/letter-2027/cosign/abc/')).toEqual({ name: 'cosign', slug: 'letter-2027', token: 'abc' });
  });

  it('treats broken organiser and co-sign links as unknown', () => {
    for (const hash of [
      '#/org/x',
      '#/orgs',
      '#/org/sign-in',
      '#/org/sign-in/',
      '#/org/sign-in/a b',
      '#/org/sign-in/tok/extra',
      '#/org/c/',
      '#/org/c/slug/delete',
      '#/org/c/%E0%A4%A',
      '#/org/c/%2F',
      '#/p/s/cosign',
      '#/p/s/cosign/',
      '#/p/s/cosign/t/extra',
      '#/p/s/cosign/<script>',
    ]) {
      expect(parseRoute(hash), hash).toEqual({ name: 'unknown' });
    }
  });

  it('encodes slugs and ids in API paths', () => {
    expect(orgCampaignApiPath('a/b', '/dashboard')).toBe('/api/org/campaigns/a%2Fb/dashboard');
    expect(orgExportApiPath('s', 'job/1')).toBe('/api/org/campaigns/s/exports/job%2F1');
  });
});

describe('the public page reads the new campaign fields', () => {
  const base = { slug: 's', title: 'T', kind: 'letter', targets: [], goal: 10, count: 1, text: 'x' };

  it('keeps delivered as its own status, and treats unknown statuses as open', () => {
    expect(parsePetition({ ...base, status: 'delivered' })?.status).toBe('delivered');
    expect(parsePetition({ ...base, status: 'closed' })?.status).toBe('closed');
    expect(parsePetition({ ...base, status: 'whatever' })?.status).toBe('open');
  });

  it('reads co-signers, making only http(s) websites links', () => {
    const p = parsePetition({
      ...base,
      cosigners: [
        { name: ' Civic Union ', country: 'GE', website: 'https://civic.example/' },
        { name: 'Bad Link', country: 'xx', website: 'javascript:alert(1)' },
        { name: '' },
        'nonsense',
      ],
    });
    expect(p?.cosigners).toEqual([
      { name: 'Civic Union', country: 'GE', website: 'https://civic.example/' },
      { name: 'Bad Link', country: '' },
    ]);
  });

  it('reads the delivery record and the HTML text', () => {
    const p = parsePetition({ ...base, textHtml: '<p>x</p>', delivery: { deliveredOn: '2027-03-03', to: 'Ministry', method: 'in-person', note: ' ' } });
    expect(p?.textHtml).toBe('<p>x</p>');
    expect(p?.delivery).toEqual({ deliveredOn: '2027-03-03', to: 'Ministry', method: 'in-person' });
    expect(parsePetition({ ...base, delivery: { deliveredOn: '3 March', to: 'M' } })?.delivery).toBeUndefined();
    expect(parsePetition({ ...base, delivery: { deliveredOn: '2027-03-03', to: 'M', method: 'pigeon' } })?.delivery?.method).toBe('other');
  });

  it('honours the campaign’s signer fields in the sign form', () => {
    const p = parsePetition({ ...base, signerFields: { country: 'off', comment: 'off' } });
    expect(p?.signerFields).toEqual({ country: 'off', comment: 'off' });
    expect(parsePetition(base)?.signerFields).toEqual({ country: 'required', comment: 'optional' });

    const input = { name: 'Ani', email: 'ani@example.org', country: '', comment: 'x'.repeat(2000) };
    expect(validateSignInput(input, strings.validation)).toMatchObject({ country: strings.validation.required });
    expect(validateSignInput(input, strings.validation, String, { country: 'off', comment: 'off' })).toEqual({});
    expect(validateSignInput({ ...input, comment: '' }, strings.validation, String, { country: 'optional', comment: 'optional' })).toEqual({});
    expect(validateSignInput({ ...input, country: 'ge', comment: '' }, strings.validation, String, { country: 'optional', comment: 'optional' })).toEqual({
      country: strings.validation.country,
    });
    // No country asked (or none chosen): none sent.
    expect(buildSignPayload({ ...input, comment: '' }, 'pow')).toEqual({ name: 'Ani', email: 'ani@example.org', altcha: 'pow' });
  });
});

describe('sessions and roles', () => {
  it('reads /api/me', () => {
    const me = parseMe({ email: 'a@b.org', role: 'owner', organisation: { id: 'o1', name: 'Civic' }, organisations: [{ id: 'o1', name: 'Civic', role: 'owner' }, { id: 'x' }] });
    expect(me).toEqual({ email: 'a@b.org', role: 'owner', organisation: { id: 'o1', name: 'Civic' }, organisations: [{ id: 'o1', name: 'Civic', role: 'owner' }] });
    expect(parseMe({ email: 'a@b.org', role: 'admin', organisation: { id: 'o', name: 'n' } })).toBeNull();
    expect(parseMe(null)).toBeNull();
  });

  it('explains a refused sign-in link as expired, whatever the exact status', () => {
    expect(classifySessionStatus(200)).toBe('signedIn');
    for (const s of [400, 401, 404, 410]) expect(classifySessionStatus(s)).toBe('expired');
    expect(classifySessionStatus(429)).toBe('busy');
    expect(classifySessionStatus(500)).toBe('error');
  });

  it('ranks roles', () => {
    expect(hasRole('owner', 'editor')).toBe(true);
    expect(hasRole('editor', 'editor')).toBe(true);
    expect(hasRole('viewer', 'editor')).toBe(false);
    expect(hasRole('editor', 'owner')).toBe(false);
  });

  it('offers the status changes the server allows, to editors and owners only', () => {
    expect(statusActions('draft', 'editor')).toEqual(['open']);
    expect(statusActions('open', 'owner')).toEqual(['close']);
    expect(statusActions('closed', 'editor')).toEqual(['reopen', 'deliver']);
    expect(statusActions('delivered', 'owner')).toEqual([]);
    expect(statusActions('closed', 'viewer')).toEqual([]);
    expect(statusBody('open')).toEqual({ status: 'open' });
    expect(statusBody('reopen')).toEqual({ status: 'open' });
    expect(statusBody('close')).toEqual({ status: 'closed' });
  });
});

describe('campaign list and detail', () => {
  it('reads the list, with counts clamped and bad rows dropped', () => {
    expect(
      parseCampaignList({
        campaigns: [
          { slug: 'a', kind: 'letter', title: 'A', status: 'open', count: 12, pending: 3, goal: 100, createdAt: '2026-11-01T00:00:00Z' },
          { slug: 'b', title: 'B', status: 'weird', count: -4 },
          { title: 'no slug' },
        ],
      }),
    ).toEqual([
      { slug: 'a', kind: 'letter', title: 'A', status: 'open', count: 12, pending: 3, goal: 100, createdAt: '2026-11-01T00:00:00Z' },
      { slug: 'b', kind: 'petition', title: 'B', status: 'draft', count: 0, pending: 0, goal: 0 },
    ]);
    expect(parseCampaignList({ items: [] })).toBeNull();
  });

  it('reads a campaign with what only organisers see', () => {
    const c = parseCampaign({
      slug: 'a',
      kind: 'petition',
      title: 'A',
      status: 'closed',
      text: 'Hello',
      targets: [{ name: 'Minister', office: 'Justice', email: 'm@gov.example' }],
      goal: 50,
      count: 7,
      publicSigners: true,
      retentionDays: 30,
      signerFields: { country: 'optional', comment: 'off' },
      version: 3,
      versions: [{ version: 1, savedAt: '2026-11-02T00:00:00Z' }, { version: 'x' }],
      cosigners: [{ id: 'c1', name: 'Union', country: 'AM', signedAt: '2026-11-03T00:00:00Z' }, { name: '' }],
      delivery: { deliveredOn: '2027-01-02', to: 'Ministry', method: 'post' },
    });
    expect(c).toMatchObject({
      status: 'closed',
      targets: [{ name: 'Minister', office: 'Justice', email: 'm@gov.example' }],
      retentionDays: 30,
      signerFields: { country: 'optional', comment: 'off' },
      version: 3,
      versions: [{ version: 1, savedAt: '2026-11-02T00:00:00Z' }],
      cosigners: [{ id: 'c1', name: 'Union', country: 'AM', signedAt: '2026-11-03T00:00:00Z' }],
      delivery: { deliveredOn: '2027-01-02', to: 'Ministry', method: 'post' },
    });
  });
});

describe('the campaign editor', () => {
  const messages = strings.org.validation;
  const filled = (over: Partial<CampaignForm> = {}): CampaignForm => ({
    ...emptyCampaignForm(),
    title: 'Free the journalists',
    slug: 'free-the-journalists',
    text: 'We ask…',
    targets: [{ name: 'Minister of Justice', office: '', email: '' }],
    goal: '1000',
    ...over,
  });

  it('suggests a slug from a title in every script the site serves', () => {
    expect(suggestSlug('Free the Journalists!')).toBe('free-the-journalists');
    expect(suggestSlug('  Ça va — Łódź 2027 ')).toBe('ca-va-lodz-2027');
    // Georgian (the ejectives' apostrophes dropped), Armenian, Russian, Ukrainian and Kazakh letters,
    // Azerbaijani ə, Czech, Latvian and Romanian diacritics.
    expect(suggestSlug('თავისუფლება ჟურნალისტებს')).toBe('tavisupleba-zhurnalistebs');
    expect(suggestSlug('ᲗᲐᲕᲘᲡᲣᲤᲚᲔᲑᲐ')).toBe('tavisupleba');
    expect(suggestSlug('Ազատություն լրագրողներին 2027')).toBe('azatowtyown-lragroghnerin-2027');
    expect(suggestSlug('Свобода слова')).toBe('svoboda-slova');
    expect(suggestSlug('Ґанок, їжак і єнот')).toBe('ganok-izhak-i-ienot');
    expect(suggestSlug('Қазақ тілі ғұмыр өңір ұлы үй')).toBe('qazaq-tili-ghumyr-ongir-uly-uy');
    expect(suggestSlug('Azərbaycan şəhəri üçün')).toBe('azerbaycan-seheri-ucun');
    expect(suggestSlug('Čeština, latviešu ģērbonis, română ștință')).toBe('cestina-latviesu-gerbonis-romana-stinta');
    // Every suggestion is a slug the server accepts.
    for (const title of ['თავისუფლება', 'Ազատություն', 'Қазақ', 'ə ə ə ə']) expect(suggestSlug(title)).toMatch(/^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/);
    const long = suggestSlug('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])$/);
    expect(long.endsWith('word')).toBe(true);
  });

  it('writes a new campaign in the organiser’s language unless they choose another, and sends a changed one', () => {
    expect(emptyCampaignForm('ka').language).toBe('ka');
    expect(emptyCampaignForm().language).toBe('en');
    const created = buildCampaignPayload(filled({ language: 'hy' }), { isNew: true });
    expect(created.language).toBe('hy');
    const stored = parseCampaign({ slug: 's', kind: 'letter', title: 'T', status: 'draft', text: 'x', targets: [{ name: 'A' }], goal: 10, language: 'ka', translations: {} })!;
    expect(campaignToForm(stored).language).toBe('ka');
    const unchanged = buildCampaignPayload(campaignToForm(stored), { isNew: false, editsSlug: true });
    expect(campaignPatch(stored, unchanged).language).toBeUndefined();
    expect(campaignPatch(stored, { ...unchanged, language: 'ru' })).toEqual({ language: 'ru' });
    expect(campaignFieldOrder(1).indexOf('language')).toBeLessThan(campaignFieldOrder(1).indexOf('text'));
  });

  it('offers the original languages the server accepts: never a translation’s; fixed once open and translated', () => {
    expect(languageChoice(undefined)).toEqual({ fixed: false, excluded: [] });
    const translations = { ru: { title: 'Т', text: 'т', sourceVersion: 1 } };
    expect(languageChoice({ status: 'draft', language: 'ka', translations })).toEqual({ fixed: false, excluded: ['ru'] });
    expect(languageChoice({ status: 'open', language: 'ka', translations })).toEqual({ fixed: true, excluded: ['ru'] });
    expect(languageChoice({ status: 'open', language: 'ka', translations: {} })).toEqual({ fixed: false, excluded: [] });
  });

  it('turns a date into the end of that day in the organiser’s zone, and back', () => {
    expect(deadlineToIso('2027-03-01', -240)).toBe('2027-03-01T23:59:59+04:00');
    expect(deadlineToIso('2027-03-01', 0)).toBe('2027-03-01T23:59:59+00:00');
    expect(deadlineToIso('2027-03-01', 330)).toBe('2027-03-01T23:59:59-05:30');
    expect(deadlineToIso('2027-02-30', 0)).toBeUndefined();
    expect(deadlineToIso('1 March', 0)).toBeUndefined();
    // Whatever zone the test runs in, the local round trip keeps the day.
    const iso = deadlineToIso('2027-03-01', localOffsetOn('2027-03-01'));
    expect(isoToDateInput(iso)).toBe('2027-03-01');
    expect(isoToDateInput(undefined)).toBe('');
    expect(isoToDateInput('nonsense')).toBe('');
  });

  it('checks what the server checks, under the API’s field keys', () => {
    expect(validateCampaignForm(filled(), messages, { isNew: true })).toEqual({});
    const errors = validateCampaignForm(
      filled({
        title: ' ',
        slug: '-Bad',
        text: '',
        targets: [
          { name: 'ok', office: '', email: 'not-an-email' },
          { name: '', office: 'x'.repeat(201), email: '' },
        ],
        goal: '0',
        deadline: '2020-01-01',
        retentionDays: '4000',
      }),
      messages,
      { isNew: true, today: '2026-11-24' },
    );
    expect(errors).toEqual({
      title: messages.required,
      slug: messages.slug,
      text: messages.required,
      'targets.0.email': messages.email,
      'targets.1.name': messages.required,
      'targets.1.office': 'Please use at most 200 characters.',
      goal: 'Please enter at least 1.',
      deadline: messages.deadlinePast,
      retentionDays: 'Please enter at most 3650.',
    });
    // The slug is fixed once the campaign has opened, so such an edit does not check it; a draft's does.
    expect(validateCampaignForm(filled({ slug: '' }), messages, { isNew: false })).toEqual({});
    expect(validateCampaignForm(filled({ slug: 'Not a slug' }), messages, { isNew: false, editsSlug: true })).toEqual({ slug: messages.slug });
    expect(validateCampaignForm(filled({ goal: '1.5' }), messages, { isNew: false })).toEqual({ goal: messages.wholeNumber });
  });

  it('builds the create payload, leaving out empty optional parts', () => {
    const payload = buildCampaignPayload(
      filled({
        kind: 'letter',
        text: 'Line one\r\n\r\nLine two  ',
        targets: [{ name: ' Minister ', office: ' Justice ', email: '' }],
        deadline: '2027-03-01',
        publicSigners: true,
        retentionDays: '30',
        country: 'optional',
        comment: 'off',
      }),
      { isNew: true, offsetOn: () => -240 },
    );
    expect(payload).toEqual({
      slug: 'free-the-journalists',
      kind: 'letter',
      title: 'Free the journalists',
      text: 'Line one\n\nLine two',
      targets: [{ name: 'Minister', office: 'Justice' }],
      goal: 1000,
      deadline: '2027-03-01T23:59:59+04:00',
      publicSigners: true,
      retentionDays: 30,
      signerFields: { country: 'optional', comment: 'off' },
      language: 'en',
    });
    expect(buildCampaignPayload(filled(), { isNew: false })).not.toHaveProperty('slug');
    expect(buildCampaignPayload(filled(), { isNew: false })).not.toHaveProperty('kind');
  });

  it('patches only what changed, so an untouched text keeps its version', () => {
    const original = parseCampaign({
      slug: 'free-the-journalists',
      kind: 'petition',
      title: 'Free the journalists',
      status: 'open',
      text: 'We ask…\r\n',
      targets: [{ name: 'Minister of Justice' }],
      goal: 1000,
      retentionDays: 90,
      deadline: deadlineToIso('2027-03-01', localOffsetOn('2027-03-01')),
      version: 2,
    });
    if (!original) throw new Error('fixture');
    const same = buildCampaignPayload(campaignToForm(original), { isNew: false });
    expect(campaignPatch(original, same)).toEqual({});
    expect(keepsTextVersion('open', {})).toBe(false);

    const changed = buildCampaignPayload({ ...campaignToForm(original), text: 'New text', goal: '2000', deadline: '' }, { isNew: false });
    const patch = campaignPatch(original, changed);
    expect(patch).toEqual({ text: 'New text', goal: 2000, deadline: null });
    expect(keepsTextVersion('open', patch)).toBe(true);
    expect(keepsTextVersion('draft', patch)).toBe(false);

    const targets = buildCampaignPayload({ ...campaignToForm(original), targets: [{ name: 'Minister of Justice', office: '', email: 'm@gov.example' }] }, { isNew: false });
    expect(campaignPatch(original, targets)).toEqual({ targets: [{ name: 'Minister of Justice', email: 'm@gov.example' }] });

    // A draft's form carries its slug, sent only when it changed; never its kind.
    const draft = { ...original, status: 'draft' as const };
    expect(campaignPatch(draft, buildCampaignPayload(campaignToForm(draft), { isNew: false, editsSlug: true }))).toEqual({});
    const moved = buildCampaignPayload({ ...campaignToForm(draft), slug: ' free-them-all ' }, { isNew: false, editsSlug: true });
    expect(moved).not.toHaveProperty('kind');
    expect(campaignPatch(draft, moved)).toEqual({ slug: 'free-them-all' });
  });

  it('puts the API’s field errors next to the right field and focuses the first in form order', () => {
    const known = campaignFieldOrder(2);
    const mapped = mapOrgError(
      {
        error: {
          code: 'invalid_request',
          message: 'Invalid input',
          fields: { 'targets.1.email': 'Enter a valid email address.', title: 'Required', 'targets.7': 'Too many', status: 'Nope', goal: 3 },
        },
      },
      known,
    );
    expect(mapped).toEqual({
      code: 'invalid_request',
      message: 'Invalid input',
      fields: { 'targets.1.email': 'Enter a valid email address.', title: 'Required', targets: 'Too many' },
      other: ['Nope'],
    });
    expect(firstErrorKey(mapped.fields, known)).toBe('title');
    expect(firstErrorKey({ goal: 'x', 'targets.1.name': 'y' }, known)).toBe('targets.1.name');
    expect(resolveFieldKey('signerFields.country', known)).toBe('signerFields.country');
    expect(resolveFieldKey('signerFields.extra', known)).toBe('signerFields');
    expect(resolveFieldKey('nothing.here', known)).toBeUndefined();
    expect(mapOrgError('Bad gateway', known)).toEqual({ fields: {}, other: [] });
  });
});

describe('the dashboard', () => {
  it('reads the dashboard, dropping what it cannot use', () => {
    const d = parseDashboard({
      count: 12,
      pending: 2,
      asOf: '2026-11-24T13:05:00Z',
      countries: { GE: 7, AM: 5, xx: 3, UA: 'many' },
      timeline: [{ hour: '2026-11-24T12', count: 4 }, { hour: 'yesterday', count: 1 }, { hour: '2026-11-24T13', count: 8 }],
      withdrawals: [{ day: '2026-11-23', count: 1 }, { day: '2026-11-24T13', count: 1 }, { day: '2026-11-24', count: 'two' }, { day: '2026-11-24', count: 2 }],
      recent: [{ at: '2026-11-24T13:04:00Z', confirmed: 3, countries: { GE: 2, AM: 1 } }, { at: 'never' }],
    });
    expect(d).toEqual({
      count: 12,
      pending: 2,
      asOf: '2026-11-24T13:05:00Z',
      countries: { GE: 7, AM: 5 },
      timeline: [{ hour: '2026-11-24T12', count: 4 }, { hour: '2026-11-24T13', count: 8 }],
      withdrawals: [{ day: '2026-11-23', count: 1 }, { day: '2026-11-24', count: 2 }],
      recent: [{ at: '2026-11-24T13:04:00Z', confirmed: 3, countries: { GE: 2, AM: 1 } }],
    });
    expect(parseDashboard({ pending: 1 })).toBeNull();
    expect(parseDashboard({ count: 1 })).toMatchObject({ withdrawals: [], recent: [] });
  });

  it('lists recent confirmations by time and withdrawals by their UTC day only, newest first, for a week', () => {
    const now = Date.parse('2026-11-24T13:05:00Z');
    const entries = recentEntries(
      {
        recent: [
          { at: '2026-11-24T13:04:00Z', confirmed: 3, countries: { GE: 2, AM: 1 } },
          { at: '2026-11-23T09:00:00Z', confirmed: 1, countries: {} },
        ],
        withdrawals: [
          { day: '2026-11-10', count: 4 },
          { day: '2026-11-18', count: 1 },
          { day: '2026-11-23', count: 2 },
          { day: '2026-11-24', count: 1 },
        ],
      },
      now,
    );
    expect(entries.map((e) => (e.kind === 'confirmed' ? `confirmed ${e.activity.at}` : `withdrawn ${e.day} ${e.count}`))).toEqual([
      // Today's withdrawals: known only by the day, so shown as of now, above today's confirmations.
      'withdrawn 2026-11-24 1',
      'confirmed 2026-11-24T13:04:00Z',
      'withdrawn 2026-11-23 2',
      'confirmed 2026-11-23T09:00:00Z',
      'withdrawn 2026-11-18 1',
    ]);
    // No withdrawal entry carries a time of its own: the end of its day, or now.
    expect(entries.filter((e) => e.kind === 'withdrawn').map((e) => new Date(e.at).toISOString())).toEqual([
      '2026-11-24T13:05:00.000Z',
      '2026-11-23T23:59:59.999Z',
      '2026-11-18T23:59:59.999Z',
    ]);
  });

  it('reads hour keys as UTC hours', () => {
    expect(hourStart('2026-11-24T13')).toBe(Date.UTC(2026, 10, 24, 13));
    expect(hourStart('2026-11-24T13:45:10Z')).toBe(Date.UTC(2026, 10, 24, 13));
    expect(hourStart('soon')).toBeUndefined();
  });

  it('fills the hours between with zeros, up to now', () => {
    const s = bucketTimeline([{ hour: '2026-11-24T10', count: 2 }, { hour: '2026-11-24T12', count: 5 }], 'hour', { until: Date.UTC(2026, 10, 24, 14, 30) });
    expect(s.times).toEqual([10, 11, 12, 13, 14].map((h) => Date.UTC(2026, 10, 24, h)));
    expect(s.counts).toEqual([2, 0, 5, 0, 0]);
    expect(bucketTimeline([], 'hour')).toEqual({ times: [], counts: [] });
  });

  it('sums hours into UTC days', () => {
    const s = bucketTimeline(
      [
        { hour: '2026-11-23T23', count: 1 },
        { hour: '2026-11-24T00', count: 2 },
        { hour: '2026-11-24T23', count: 3 },
        { hour: '2026-11-26T05', count: -1 },
      ],
      'day',
    );
    expect(s.times).toEqual([23, 24, 25, 26].map((d) => Date.UTC(2026, 10, d)));
    expect(s.counts).toEqual([1, 5, 0, -1]);
  });

  it('sums hours into the browser’s days (Tbilisi, UTC+4)', () => {
    const s = bucketTimeline(
      [
        { hour: '2026-11-23T19', count: 1 }, // 23:00 local, 23 Nov
        { hour: '2026-11-23T20', count: 2 }, // 00:00 local, 24 Nov
        { hour: '2026-11-24T19', count: 4 }, // 23:00 local, 24 Nov
      ],
      'day',
      { offsetAt: () => 240 },
    );
    expect(s.times).toEqual([Date.UTC(2026, 10, 22, 20), Date.UTC(2026, 10, 23, 20)]);
    expect(s.counts).toEqual([1, 6]);
  });

  it('keeps days whole across a clock change (Kyiv, UTC+3 → UTC+2 on 25 October 2026)', () => {
    const offsetAt = (ms: number): number => (ms < Date.UTC(2026, 9, 25, 1) ? 180 : 120);
    const s = bucketTimeline(
      [
        { hour: '2026-10-24T21', count: 1 }, // 00:00 local, 25 Oct
        { hour: '2026-10-25T21', count: 2 }, // 23:00 local, 25 Oct (a 25-hour day)
        { hour: '2026-10-25T22', count: 4 }, // 00:00 local, 26 Oct
      ],
      'day',
      { offsetAt },
    );
    expect(s.times).toEqual([Date.UTC(2026, 9, 24, 21), Date.UTC(2026, 9, 25, 22)]);
    expect(s.counts).toEqual([3, 4]);
  });

  it('draws at most MAX_BUCKETS, the most recent', () => {
    const s = bucketTimeline([{ hour: '2020-01-01T00', count: 1 }, { hour: '2026-11-24T13', count: 9 }], 'hour');
    expect(s.times.length).toBe(MAX_BUCKETS);
    expect(s.times.at(-1)).toBe(Date.UTC(2026, 10, 24, 13));
    expect(s.counts.at(-1)).toBe(9);
  });

  it('sorts countries by count, then code, without zeros', () => {
    expect(countryRows({ GE: 2, AM: 5, UA: 2, KZ: 0 })).toEqual([
      { code: 'AM', count: 5 },
      { code: 'GE', count: 2 },
      { code: 'UA', count: 2 },
    ]);
  });

  it('says how long ago, never in the future', () => {
    const now = Date.parse('2026-11-24T13:10:00Z');
    expect(relativeTime('2026-11-24T13:09:30Z', now)).toEqual({ value: -30, unit: 'second' });
    expect(relativeTime('2026-11-24T13:08:00Z', now)).toEqual({ value: -2, unit: 'minute' });
    expect(relativeTime('2026-11-24T10:00:00Z', now)).toEqual({ value: -3, unit: 'hour' });
    expect(relativeTime('2026-11-20T13:10:00Z', now)).toEqual({ value: -4, unit: 'day' });
    expect(relativeTime('2026-11-24T13:11:00Z', now)).toEqual({ value: -0, unit: 'second' });
  });
});

describe('exports', () => {
  const job = { id: 'j1', slug: 's', format: 'pdf', status: 'running', rows: 250, total: 1000, createdAt: '2026-11-24T13:00:00Z', createdBy: 'a@b.org' };

  it('reads jobs and their progress', () => {
    expect(parseJob(job)).toEqual({ id: 'j1', format: 'pdf', status: 'running', rows: 250, total: 1000, createdAt: '2026-11-24T13:00:00Z', createdBy: 'a@b.org' });
    expect(jobPercent(parseJob(job)!)).toBe(25);
    expect(jobPercent(parseJob({ ...job, status: 'queued', rows: 0, total: 0 })!)).toBeNull();
    expect(jobPercent(parseJob({ ...job, status: 'done', rows: 0, total: 0 })!)).toBe(100);
    expect(parseJobList({ exports: [job, { nope: 1 }] })).toHaveLength(1);
  });

  it('only takes an http(s) download link', () => {
    expect(parseJob({ ...job, status: 'done', download: { url: 'https://bucket.example/x.pdf?sig=1', expiresAt: 'z' } })?.download).toEqual({
      url: 'https://bucket.example/x.pdf?sig=1',
      expiresAt: 'z',
    });
    expect(parseJob({ ...job, status: 'done', download: { url: 'javascript:alert(1)' } })?.download).toBeUndefined();
  });

  it('reads an outdated export: not under way, why, and never a link', () => {
    const outdated = parseJob({ ...job, status: 'outdated', reason: 'withdrawal', download: { url: 'https://bucket.example/x.pdf?sig=1' } })!;
    expect(outdated).toMatchObject({ status: 'outdated', reason: 'withdrawal' });
    expect(outdated.download).toBeUndefined();
    expect(isJobActive(outdated)).toBe(false);
    expect(parseJob({ ...job, status: 'outdated', reason: 'erasure' })?.reason).toBe('erasure');
    // Every status has words in every language (the i18n test checks the other catalogs have these keys).
    expect(strings.org.exports.status.outdated).toBeTruthy();
    expect(strings.org.exports.outdated.withdrawal).toMatch(/new export/);
  });

  it('merges a new job into the list, newest first', () => {
    const a = parseJob({ ...job, id: 'a', createdAt: '2026-11-24T10:00:00Z' })!;
    const b = parseJob({ ...job, id: 'b', createdAt: '2026-11-24T12:00:00Z' })!;
    const a2 = { ...a, status: 'done' as const };
    expect(mergeJobs([b, a], a2).map((j) => [j.id, j.status])).toEqual([
      ['b', 'running'],
      ['a', 'done'],
    ]);
  });
});

describe('members, tokens and co-signing', () => {
  it('reads members and a created token', () => {
    expect(parseMembers({ members: [{ id: 'm1', email: 'a@b.org', role: 'editor', addedAt: 'x' }, { id: 'm2', email: 'c@d.org', role: 'boss' }] })).toEqual([
      { id: 'm1', email: 'a@b.org', role: 'editor', addedAt: 'x' },
    ]);
    expect(parseCreatedToken({ id: 't', name: 'sync', role: 'viewer', createdAt: 'x', createdBy: { id: 'm1', email: 'a@b.org' }, active: true, token: 'ust_abc' })).toEqual({
      id: 't',
      name: 'sync',
      role: 'viewer',
      createdAt: 'x',
      madeBy: 'a@b.org',
      active: true,
      token: 'ust_abc',
    });
    expect(parseCreatedToken({ id: 't', name: 'sync', role: 'viewer' })).toBeNull();
  });

  it('reads what became of an invitation mail, so the page never says "sent" when it was not', () => {
    const member = { id: 'm1', email: 'a@b.org', role: 'viewer', addedAt: 'x' };
    expect(parseInvited({ ...member, invitation: 'sent' })).toEqual({ member, invitation: 'sent' });
    expect(parseInvited({ ...member, invitation: 'limited' })).toEqual({ member, invitation: 'limited' });
    expect(parseInvited({ ...member, invitation: 'failed' })).toEqual({ member, invitation: 'failed' });
    expect(parseInvited({ ...member, role: 'boss', invitation: 'sent' })).toBeNull();
    expect(strings.org.members.invitedLimited).toContain('{email}');
    expect(strings.org.members.invitedFailed).toContain('{email}');
  });

  it('reads who made each token, and which no longer work', () => {
    expect(
      parseTokens({
        tokens: [
          { id: 't1', name: 'sync', role: 'editor', createdAt: 'x', createdBy: { id: 'm1', email: 'a@b.org' }, active: true },
          { id: 't2', name: 'old', role: 'viewer', createdAt: 'y', createdBy: { id: 'm2' }, active: false },
          { id: 't3', name: 'odd', role: 'viewer', createdBy: 'm3' },
        ],
      }),
    ).toEqual([
      { id: 't1', name: 'sync', role: 'editor', createdAt: 'x', madeBy: 'a@b.org', active: true },
      { id: 't2', name: 'old', role: 'viewer', createdAt: 'y', active: false },
      { id: 't3', name: 'odd', role: 'viewer', active: true },
    ]);
  });

  it('checks and builds the co-sign form', () => {
    const messages = { ...strings.validation, website: strings.cosign.websiteInvalid };
    expect(validateCosign({ name: 'Civic Union', country: 'GE', website: 'civic.example' }, messages)).toEqual({});
    expect(validateCosign({ name: ' ', country: '', website: 'javascript:alert(1)' }, messages)).toEqual({
      name: messages.required,
      country: messages.required,
      website: strings.cosign.websiteInvalid,
    });
    expect(buildCosignPayload({ name: ' Civic Union ', country: 'GE', website: 'civic.example' }, 'tok')).toEqual({
      token: 'tok',
      name: 'Civic Union',
      country: 'GE',
      website: 'https://civic.example',
    });
    expect(buildCosignPayload({ name: 'A', country: 'AM', website: ' ' }, 'tok')).toEqual({ token: 'tok', name: 'A', country: 'AM' });
    expect(classifyCosignStatus(201)).toBe('done');
    expect(classifyCosignStatus(410)).toBe('expired');
    expect(classifyCosignStatus(409)).toBe('closed');
    expect(classifyCosignStatus(400)).toBe('invalid');
  });

  it('opening an invitation shows its letter, or says at once that the link does not work', () => {
    expect(classifyCosignOpening(200)).toBe('letter');
    // Used, expired or unknown (404), or cut short in the mail (400): the link does not work.
    for (const status of [400, 404, 410]) expect(classifyCosignOpening(status)).toBe('expired');
    expect(classifyCosignOpening(409)).toBe('closed');
    expect(classifyCosignOpening(503)).toBe('busy');
    expect(classifyCosignOpening(500)).toBe('error');
    const letter = {
      slug: 'free-them', kind: 'letter', status: 'open', title: 'Free them', text: 'Dear President,', textHtml: '<p>Dear President,</p>',
      targets: [{ name: 'The President', office: 'Office of the President' }, { name: '' }, 'junk'], language: 'ka', expiresAt: '2027-01-05T04:43:35.000Z',
    };
    expect(parseCosignLetter(letter)).toEqual({
      kind: 'letter', title: 'Free them', text: 'Dear President,', textHtml: '<p>Dear President,</p>', targets: [{ name: 'The President', office: 'Office of the President' }], language: 'ka',
    });
    expect(parseCosignLetter({ ...letter, language: 'x<y', textHtml: ' ' })).not.toHaveProperty('language');
    expect(parseCosignLetter({ error: { code: 'invalid_invite' } })).toBeNull();
  });
});

describe('editing a campaign', () => {
  it('is offered to editors and owners, and never for a delivered campaign (the server refuses it)', () => {
    for (const status of ['draft', 'open', 'closed'] as const) {
      expect(canEditCampaign(status, 'editor')).toBe(true);
      expect(canEditCampaign(status, 'owner')).toBe(true);
      expect(canEditCampaign(status, 'viewer')).toBe(false);
    }
    expect(canEditCampaign('delivered', 'owner')).toBe(false);
    expect(canEditCampaign('delivered', 'editor')).toBe(false);
  });
});
