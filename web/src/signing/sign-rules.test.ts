/**
 * The sign form's rules: checks, the payload (with the anti-spam field) and what the API's errors mean.
 */
import { describe, it, expect } from 'vitest';
import { publicCampaignAnswer } from '../app/answers.fixture.ts';
import { readPublicCampaign } from '../campaign/campaign-data.ts';
import { buildSignPayload, classifySignStatus, firstInvalidField, mapErrorBody, validateSignInput } from './sign-rules.ts';

describe('sign form', () => {
  const messages = { required: 'required', tooLong: 'max {max}', email: 'bad email', country: 'bad country' };
  const valid = { name: 'Նունե', email: 'n@example.org', country: 'AM', comment: '' };

  it('flags empty required fields and accepts a complete form', () => {
    expect(validateSignInput({ name: ' ', email: '', country: '', comment: '' }, messages)).toEqual({
      name: 'required',
      email: 'required',
      country: 'required',
    });
    expect(validateSignInput(valid, messages)).toEqual({});
  });

  it('checks lengths in characters, the email shape and the country code', () => {
    expect(validateSignInput({ ...valid, name: 'ა'.repeat(200) }, messages)).toEqual({});
    expect(validateSignInput({ ...valid, name: 'ა'.repeat(201) }, messages)).toEqual({ name: 'max 200' });
    expect(validateSignInput({ ...valid, comment: 'x'.repeat(1001) }, messages)).toEqual({ comment: 'max 1000' });
    const grouped = (n: number): string => new Intl.NumberFormat('en').format(n);
    expect(validateSignInput({ ...valid, comment: 'x'.repeat(1001) }, messages, grouped)).toEqual({ comment: 'max 1,000' });
    expect(validateSignInput({ ...valid, email: 'no-at-sign' }, messages)).toEqual({ email: 'bad email' });
    expect(validateSignInput({ ...valid, country: 'Armenia' }, messages)).toEqual({ country: 'bad country' });
  });

  it('builds the payload trimmed and omits an empty comment', () => {
    expect(buildSignPayload({ name: ' A ', email: ' a@b.c ', country: 'GE', comment: '  ' }, 'pow')).toEqual({
      name: 'A',
      email: 'a@b.c',
      country: 'GE',
      altcha: 'pow',
    });
    expect(buildSignPayload({ ...valid, comment: ' Solidarity ' }, 'pow')).toEqual({ ...valid, comment: 'Solidarity', altcha: 'pow' });
  });

  it('finds the first invalid field in form order', () => {
    expect(firstInvalidField({ comment: 'x', email: 'y' })).toBe('email');
    expect(firstInvalidField({})).toBeUndefined();
  });

  it('maps an API error body to field messages', () => {
    const mapped = mapErrorBody({
      error: { code: 'invalid', message: 'Invalid input', fields: { email: 'Not an email', country: 'Unknown', slug: 'Bad slug', name: 42 } },
    });
    expect(mapped).toEqual({
      code: 'invalid',
      message: 'Invalid input',
      fields: { email: 'Not an email', country: 'Unknown' },
      otherFields: ['Bad slug'],
    });
  });

  it('maps an error body without fields, and garbage', () => {
    expect(mapErrorBody({ error: { code: 'bad_json', message: 'Body is not JSON' } })).toEqual({
      code: 'bad_json',
      message: 'Body is not JSON',
      fields: {},
      otherFields: [],
    });
    expect(mapErrorBody(null)).toEqual({ fields: {}, otherFields: [] });
    expect(mapErrorBody('<html>')).toEqual({ fields: {}, otherFields: [] });
    expect(mapErrorBody({ error: 'string' })).toEqual({ fields: {}, otherFields: [] });
  });

  it('classifies sign responses', () => {
    expect(classifySignStatus(202)).toBe('received');
    expect(classifySignStatus(400)).toBe('invalid');
    expect(classifySignStatus(409)).toBe('closed');
    expect(classifySignStatus(404)).toBe('notFound');
    expect(classifySignStatus(429)).toBe('busy');
    expect(classifySignStatus(503)).toBe('busy');
    expect(classifySignStatus(500)).toBe('error');
  });
});

describe('the sign payload', () => {
  const input = { name: ' Nadia Kapanadze ', email: ' nadia@example.org ', country: 'GE', comment: '' };

  it('sends the anti-spam payload, and showName only where the campaign offers the list', () => {
    expect(buildSignPayload(input, 'pow-payload')).toEqual({ name: 'Nadia Kapanadze', email: 'nadia@example.org', country: 'GE', altcha: 'pow-payload' });
    expect(buildSignPayload({ ...input, showName: false }, 'p')).toMatchObject({ showName: false });
    expect(buildSignPayload({ ...input, showName: true }, 'p')).toMatchObject({ showName: true });
  });

  it('sends back the text version the page showed, so a signature stands under the text read', () => {
    expect(buildSignPayload(input, 'p', 2)).toMatchObject({ textVersion: 2 });
    expect(buildSignPayload(input, 'p')).not.toHaveProperty('textVersion');
    expect(readPublicCampaign(publicCampaignAnswer({ version: 3 }))?.version).toBe(3);
  });

  it('sends the honeypot only when something filled it', () => {
    expect(buildSignPayload({ ...input, website: '' }, 'p')).not.toHaveProperty('website');
    expect(buildSignPayload({ ...input, website: 'http://spam.example' }, 'p')).toMatchObject({ website: 'http://spam.example' });
  });
});
