/**
 * The campaign editor's rules: the form, its checks, the payload and the patch.
 */
import { describe, it, expect } from 'vitest';
import { strings } from '../../app/strings.ts';
import { orgCampaignAnswer } from '../../app/answers.fixture.ts';
import { readCampaign } from '../shell/campaign-data.ts';
import { firstErrorKey, mapOrgError, resolveFieldKey } from '../shell/org-errors.ts';
import { buildCampaignPayload, campaignFieldOrder, campaignPatch, campaignToForm, deadlineToIso, emptyCampaignForm, isoToDateInput, keepsTextVersion, languageChoice, localOffsetOn, suggestSlug, validateCampaignForm, type CampaignForm } from './editor-rules.ts';

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
    const stored = readCampaign(orgCampaignAnswer({ slug: 's', kind: 'letter', title: 'T', status: 'draft', text: 'x', targets: [{ name: 'A' }], goal: 10, language: 'ka', translations: {} }))!;
    expect(campaignToForm(stored).language).toBe('ka');
    const unchanged = buildCampaignPayload(campaignToForm(stored), { isNew: false, editsSlug: true });
    expect(campaignPatch(stored, unchanged).language).toBeUndefined();
    expect(campaignPatch(stored, { ...unchanged, language: 'ru' })).toEqual({ language: 'ru' });
    expect(campaignFieldOrder(1).indexOf('language')).toBeLessThan(campaignFieldOrder(1).indexOf('text'));
  });

  it('offers the original languages the server accepts: never a translation’s; fixed once open and translated', () => {
    expect(languageChoice(undefined)).toEqual({ fixed: false, excluded: [] });
    const translations = { ru: { title: 'Т', text: 'т', sourceVersion: 1, updatedAt: '2026-01-01T00:00:00.000Z' } };
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
    const original = readCampaign(orgCampaignAnswer({
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
    }));
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
