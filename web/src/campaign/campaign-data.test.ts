/**
 * A public campaign read from the API, typed by the OpenAPI document: the list, the campaign and its
 * newer fields, the count and the public list of signers; the guards and the rules the page keeps.
 */
import { describe, it, expect } from 'vitest';
import { countryNamer } from '../app/countries.ts';
import { strings } from '../app/strings.ts';
import { publicCampaignAnswer } from '../app/answers.fixture.ts';
import { readPreview } from '../signing/mail-link-rules.ts';
import { buildSignPayload, validateSignInput } from '../signing/sign-rules.ts';
import { readCount, readList, readPublicCampaign, readSigners, safeImage, signerLine } from './campaign-data.ts';

describe('reading the API’s answers (typed by the OpenAPI document the server is held to)', () => {
  it('reads a list; an answer that is not a list is none', () => {
    const item = { slug: 'a', kind: 'letter', title: 'T', targets: [{ name: 'P', office: 'O' }], goal: 10, count: 3 } as const;
    expect(readList({ items: [item] })).toEqual([item]);
    expect(readList({})).toBeNull();
    expect(readList('nope')).toBeNull();
  });

  it('reads a campaign as sent; an answer that is not one is none', () => {
    const answer = publicCampaignAnswer({ status: 'closed', deadline: '2030-01-01T00:00:00Z', languages: ['ka', 'ru'] });
    expect(readPublicCampaign(answer)).toEqual(answer);
    expect(readPublicCampaign('<html>')).toBeNull();
    expect(readPublicCampaign({ title: 'no slug' })).toBeNull();
  });

  it('reads a count reading', () => {
    expect(readCount({ count: 12, asOf: '2025-01-01T00:00:00Z' })).toEqual({ count: 12, asOf: '2025-01-01T00:00:00Z' });
    expect(readCount({ count: 12 })).toEqual({ count: 12 });
    expect(readCount({ count: '12' })).toBeNull();
    expect(readCount(null)).toBeNull();
  });
});

describe('counts and the public list', () => {
  it('reads only the confirmed count: a pending figure the server might send is not shown to the public', () => {
    expect(readCount({ count: 120, pending: 7, asOf: '2026-01-01T00:00:00Z' })).toEqual({ count: 120, asOf: '2026-01-01T00:00:00Z' });
    expect(readCount({ count: 120 })).toEqual({ count: 120 });
  });

  it('reads what a confirm link would confirm, and nothing that is not a preview', () => {
    expect(readPreview({ status: 'pending', name: 'Ნინო Ბ.', showName: true, country: 'GE', comment: 'Free them' })).toEqual({
      status: 'pending',
      name: 'Ნინო Ბ.',
      showName: true,
      country: 'GE',
      comment: 'Free them',
    });
    expect(readPreview({ status: 'confirmed', name: 'Aram', showName: false })).toEqual({ status: 'confirmed', name: 'Aram', showName: false });
    for (const bad of [null, {}, '<html>', { status: 'pending' }]) expect(readPreview(bad)).toBeNull();
  });

  it('knows whether a campaign shows a public list', () => {
    expect(readPublicCampaign(publicCampaignAnswer({ publicSigners: true }))?.publicSigners).toBe(true);
    expect(readPublicCampaign(publicCampaignAnswer({ publicSigners: false }))?.publicSigners).toBe(false);
  });

  it('reads the signer list, keeping at most 50', () => {
    expect(readSigners({ signers: [{ name: 'Nadia K.', country: 'GE' }, { name: 'Arman S.' }] })).toEqual([{ name: 'Nadia K.', country: 'GE' }, { name: 'Arman S.' }]);
    expect(readSigners({ signers: Array.from({ length: 80 }, () => ({ name: 'A B.', country: 'UA' })) })).toHaveLength(50);
    expect(readSigners({})).toBeNull();
    expect(readSigners('<html>')).toBeNull();
  });

  it('labels a signer with the country named in the reader’s language', async () => {
    // The page loads a language's country names with its catalog.
    (await import('../../../functions/rules/locale-format.ts')).useLocaleData('uk', (await import('../../../functions/rules/locale-data/uk.ts')).default);
    const en = countryNamer('en');
    expect(signerLine({ name: 'Nadia K.', country: 'GE' }, en)).toBe('Nadia K. · Georgia');
    expect(signerLine({ name: 'Олена П.', country: 'UA' }, countryNamer('uk'))).toBe('Олена П. · Україна');
    expect(signerLine({ name: 'Arman S.', country: '' }, en)).toBe('Arman S.');
    expect(signerLine({ name: 'Arman S.' }, en)).toBe('Arman S.');
    expect(countryNamer('not a locale!!')('KZ')).toBe('Kazakhstan');
  });
});

describe('the public page reads the new campaign fields', () => {
  const base = publicCampaignAnswer({ slug: 's', title: 'T', kind: 'letter', targets: [], goal: 10, count: 1, text: 'x' });

  it('keeps delivered as its own status', () => {
    expect(readPublicCampaign({ ...base, status: 'delivered' })?.status).toBe('delivered');
    expect(readPublicCampaign({ ...base, status: 'closed' })?.status).toBe('closed');
  });

  it('reads co-signers, making only http(s) websites links', () => {
    const p = readPublicCampaign({
      ...base,
      cosigners: [
        { name: 'Civic Union', country: 'GE', website: 'https://civic.example/' },
        { name: 'Bad Link', country: 'AM', website: 'javascript:alert(1)' },
      ],
    });
    expect(p?.cosigners).toEqual([
      { name: 'Civic Union', country: 'GE', website: 'https://civic.example/' },
      { name: 'Bad Link', country: 'AM' },
    ]);
  });

  it('reads the delivery record and the HTML text', () => {
    const p = readPublicCampaign({ ...base, textHtml: '<p>x</p>', delivery: { deliveredOn: '2027-03-03', to: 'Ministry', method: 'in-person' } });
    expect(p?.textHtml).toBe('<p>x</p>');
    expect(p?.delivery).toEqual({ deliveredOn: '2027-03-03', to: 'Ministry', method: 'in-person' });
  });

  it('honours the campaign’s signer fields in the sign form', () => {
    const p = readPublicCampaign({ ...base, signerFields: { country: 'off', comment: 'off' } });
    expect(p?.signerFields).toEqual({ country: 'off', comment: 'off' });
    expect(readPublicCampaign(base)?.signerFields).toEqual({ country: 'required', comment: 'optional' });

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

describe('a campaign image', () => {
  const image = { src: '/media/campaigns/0123456789abcdef0123456789abcdef.jpg', alt: 'Nadia and Levan at the court', width: 1200, height: 675 };
  it('is kept when it is one of ours, with its size', () => {
    expect(safeImage(image)).toEqual(image);
  });
  it('is dropped from anywhere else, without alt text or without a size', () => {
    for (const bad of [
      { ...image, src: 'https://tracker.example/pixel.jpg' },
      { ...image, src: '//evil.example/media/campaigns/0123456789abcdef.jpg' },
      { ...image, src: '/media/campaigns/../../app.js' },
      { ...image, src: 'javascript:alert(1)' },
      { ...image, alt: '' },
      { ...image, width: 0 },
      { ...image, height: 1.5 },
      'image',
      null,
    ]) {
      expect(safeImage(bad)).toBeUndefined();
    }
  });
});
