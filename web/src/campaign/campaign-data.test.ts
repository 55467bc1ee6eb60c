/**
 * A public campaign read defensively from the API: the list, the campaign and its newer fields,
 * the count and the public list of signers.
 */
import { describe, it, expect } from 'vitest';
import { countryNamer } from '../app/countries.ts';
import { strings } from '../app/strings.ts';
import { parsePreview } from '../signing/mail-link-rules.ts';
import { buildSignPayload, validateSignInput } from '../signing/sign-rules.ts';
import { parseCount, parseList, parsePublicCampaign, parseSigners, signerLine } from './campaign-data.ts';

describe('API data parsing', () => {
  it('parses a list and drops malformed items', () => {
    const list = parseList({
      items: [
        { slug: 'a', kind: 'letter', title: 'T', targets: [{ name: 'P', office: 'O' }, { office: 'no name' }], goal: 10, count: 3 },
        { kind: 'petition', title: 'no slug' },
        null,
      ],
    });
    expect(list).toEqual([{ slug: 'a', kind: 'letter', title: 'T', targets: [{ name: 'P', office: 'O' }], goal: 10, count: 3 }]);
    expect(parseList({})).toBeNull();
    expect(parseList('nope')).toBeNull();
  });

  it('parses a petition with defaults for missing or bad fields', () => {
    const p = parsePublicCampaign({ slug: 's', kind: 'weird', title: 'T', text: 'x', targets: [], goal: -1, count: 'many', status: 'closed', deadline: 'never' });
    expect(p).toEqual({ slug: 's', kind: 'petition', title: 'T', text: 'x', targets: [], goal: 0, count: 0, status: 'closed', publicSigners: false, signerFields: { country: 'required', comment: 'optional' }, cosigners: [], languages: [] });
    // Only two-letter codes survive as languages to offer.
    expect(parsePublicCampaign({ slug: 's', title: 'T', languages: ['ka', 'x-bad', 7, 'ru'] })?.languages).toEqual(['ka', 'ru']);
    expect(parsePublicCampaign({ slug: 's', title: 'T', deadline: '2030-01-01T00:00:00Z', asOf: 'x' })).toMatchObject({
      status: 'open',
      deadline: '2030-01-01T00:00:00Z',
      asOf: 'x',
    });
  });

  it('parses a count reading', () => {
    expect(parseCount({ count: 12, asOf: '2025-01-01T00:00:00Z' })).toEqual({ count: 12, asOf: '2025-01-01T00:00:00Z' });
    expect(parseCount({ count: 12 })).toEqual({ count: 12 });
    expect(parseCount({ count: -1 })).toBeNull();
    expect(parseCount({ count: '12' })).toBeNull();
    expect(parseCount(null)).toBeNull();
  });
});

describe('counts and the public list', () => {
  it('reads only the confirmed count: a pending figure the server might send is not shown to the public', () => {
    expect(parseCount({ count: 120, pending: 7, asOf: '2026-01-01T00:00:00Z' })).toEqual({ count: 120, asOf: '2026-01-01T00:00:00Z' });
    expect(parseCount({ count: 120 })).toEqual({ count: 120 });
    expect(parseCount({ count: -1 })).toBeNull();
  });

  it('reads what a confirm link would confirm, and nothing malformed', () => {
    expect(parsePreview({ status: 'pending', name: 'Ნინო Ბ.', showName: true, country: 'GE', comment: 'Free them' })).toEqual({
      status: 'pending',
      name: 'Ნინო Ბ.',
      showName: true,
      country: 'GE',
      comment: 'Free them',
    });
    expect(parsePreview({ status: 'confirmed', name: 'Aram', showName: 'yes', country: 'georgia', comment: '' })).toEqual({ status: 'confirmed', name: 'Aram', showName: false });
    for (const bad of [null, {}, { status: 'pending' }, { status: 'done', name: 'A' }, { status: 'pending', name: '' }]) expect(parsePreview(bad)).toBeNull();
  });

  it('knows whether a campaign shows a public list', () => {
    expect(parsePublicCampaign({ slug: 's', title: 'T', publicSigners: true })?.publicSigners).toBe(true);
    expect(parsePublicCampaign({ slug: 's', title: 'T', publicSigners: 'yes' })?.publicSigners).toBe(false);
    expect(parsePublicCampaign({ slug: 's', title: 'T' })?.publicSigners).toBe(false);
  });

  it('parses the signer list, dropping malformed entries and keeping at most 50', () => {
    expect(
      parseSigners({ signers: [{ name: 'Nadia K.', country: 'GE' }, { name: '' }, null, { name: 'Arman S.', country: 'armenia' }, { country: 'UA' }] }),
    ).toEqual([
      { name: 'Nadia K.', country: 'GE' },
      { name: 'Arman S.', country: '' },
    ]);
    expect(parseSigners({ signers: Array.from({ length: 80 }, () => ({ name: 'A B.', country: 'UA' })) })).toHaveLength(50);
    expect(parseSigners({})).toBeNull();
    expect(parseSigners('<html>')).toBeNull();
  });

  it('labels a signer with the country named in the reader’s language', async () => {
    // The page loads a language's country names with its catalog.
    (await import('../../../functions/rules/locale-format.ts')).useLocaleData('uk', (await import('../../../functions/rules/locale-data/uk.ts')).default);
    const en = countryNamer('en');
    expect(signerLine({ name: 'Nadia K.', country: 'GE' }, en)).toBe('Nadia K. · Georgia');
    expect(signerLine({ name: 'Олена П.', country: 'UA' }, countryNamer('uk'))).toBe('Олена П. · Україна');
    expect(signerLine({ name: 'Arman S.', country: '' }, en)).toBe('Arman S.');
    expect(countryNamer('not a locale!!')('KZ')).toBe('Kazakhstan');
  });
});

describe('the public page reads the new campaign fields', () => {
  const base = { slug: 's', title: 'T', kind: 'letter', targets: [], goal: 10, count: 1, text: 'x' };

  it('keeps delivered as its own status, and treats unknown statuses as open', () => {
    expect(parsePublicCampaign({ ...base, status: 'delivered' })?.status).toBe('delivered');
    expect(parsePublicCampaign({ ...base, status: 'closed' })?.status).toBe('closed');
    expect(parsePublicCampaign({ ...base, status: 'whatever' })?.status).toBe('open');
  });

  it('reads co-signers, making only http(s) websites links', () => {
    const p = parsePublicCampaign({
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
    const p = parsePublicCampaign({ ...base, textHtml: '<p>x</p>', delivery: { deliveredOn: '2027-03-03', to: 'Ministry', method: 'in-person', note: ' ' } });
    expect(p?.textHtml).toBe('<p>x</p>');
    expect(p?.delivery).toEqual({ deliveredOn: '2027-03-03', to: 'Ministry', method: 'in-person' });
    expect(parsePublicCampaign({ ...base, delivery: { deliveredOn: '3 March', to: 'M' } })?.delivery).toBeUndefined();
    expect(parsePublicCampaign({ ...base, delivery: { deliveredOn: '2027-03-03', to: 'M', method: 'pigeon' } })?.delivery?.method).toBe('other');
  });

  it('honours the campaign’s signer fields in the sign form', () => {
    const p = parsePublicCampaign({ ...base, signerFields: { country: 'off', comment: 'off' } });
    expect(p?.signerFields).toEqual({ country: 'off', comment: 'off' });
    expect(parsePublicCampaign(base)?.signerFields).toEqual({ country: 'required', comment: 'optional' });

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
