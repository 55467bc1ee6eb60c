/**
 * The server's languages: which one a request gets, how messages are filled in, that a thrown
 * HttpError answers in the request's language, and the name rule for names in every script.
 */
import { describe, expect, it } from 'vitest';
import './unit-env.ts';
import * as z from 'zod/mini';
import { format, loadStrings, pickLanguage, requestLanguage, stringsFor } from '#lib/language.ts';
import { HttpError, conflict, notFound } from '#lib/errors.ts';
import { httpHandler, parseInput } from '#lib/http.ts';
import { signatureInputSchema } from '#rules/signature.ts';
import { confirmationMail, invitationMail, signatureLinks } from '#mail/templates.ts';
import { httpEvent, invoke } from './http-event.ts';

await loadStrings('ru');
await loadStrings('uk');

describe('the request language', () => {
  it.each([
    ['ka-GE,ka;q=0.9,en;q=0.8', 'ka'],
    ['ru', 'ru'],
    ['KK-kz', 'kk'],
    ['fr-FR, uk;q=0.7, ru;q=0.9', 'ru'],
    ['en;q=0.5, hy', 'hy'],
    ['ru;q=0, cs', 'cs'],
    ['az-Latn-AZ', 'az'],
    ['de, fr;q=0.8', 'en'],
    ['*', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['ru;q=banana', 'ru'],
  ])('Accept-Language %j → %s', (header, lang) => {
    expect(pickLanguage(header)).toBe(lang);
  });

  it('reads the header whichever way it is spelled', () => {
    expect(requestLanguage({ headers: { 'accept-language': 'uk-UA' } })).toBe('uk');
    expect(requestLanguage({ headers: { 'Accept-Language': 'lv' } })).toBe('lv');
    expect(requestLanguage({})).toBe('en');
  });
});

describe('messages', () => {
  it('choose the plural form by {count} and write numbers as the language does', () => {
    const maxLength = stringsFor('ru').validation['field.maxLength'];
    expect(format('ru', maxLength, { count: 1 })).toBe('Не более 1 символа.');
    expect(format('ru', maxLength, { count: 3 })).toBe('Не более 3 символов.');
    expect(format('ru', maxLength, { count: 20_000 })).toBe('Не более 20\u00a0000 символов.');
    expect(format('uk', stringsFor('uk').validation['field.maxLength'], { count: 2 })).toBe('Щонайбільше 2 символи.');
    expect(format('en', stringsFor('en').validation['field.maxLength'], { count: 1 })).toBe('At most 1 character.');
  });

  it('fill in one pass, and refuse a placeholder nobody gave', () => {
    expect(format('en', 'You signed “{title}”.', { title: '{title} {x}' })).toBe('You signed “{title} {x}”.');
    expect(() => format('en', 'Hello {name}', {})).toThrow(/unknown placeholder \{name\}/);
  });
});

describe('errors in the request language', () => {
  const failing = (error: unknown) => httpHandler(async () => {
    throw error;
  });
  const call = (error: unknown, lang?: string) =>
    invoke(failing(error), httpEvent({ method: 'GET', headers: lang ? { 'accept-language': lang } : {} }));

  it('keeps the English message on the thrown error (logs, code that inspects it)', () => {
    expect(conflict('closed', 'closed').message).toBe('This campaign is closed for signatures.');
    expect(notFound('Member').message).toBe('Member not found.');
  });

  it('answers a domain error in Russian or Ukrainian, its code unchanged', async () => {
    const ru = await call(conflict('closed', 'closed'), 'ru');
    expect(ru.statusCode).toBe(409);
    expect(ru.json).toEqual({ error: { code: 'closed', message: 'Сбор подписей в этой кампании закрыт.' } });
    expect((await call(notFound('Export'), 'uk')).json.error.message).toBe('Вивантаження не знайдено.');
    expect((await call(notFound('Export'))).json.error.message).toBe('Export not found.');
  });

  it('translates words inside a message too (campaign statuses)', async () => {
    const error = conflict('invalid_transition', 'invalidTransition', { from: { key: 'status.draft' }, to: { key: 'status.closed' } });
    expect(error.message).toBe('A campaign cannot go from draft to closed.');
    expect((await call(error, 'ru')).json.error.message).toBe('Кампанию нельзя перевести из состояния «черновик» в состояние «закрыта».');
  });

  it('an unexpected error is a 500 in the request language, without internals', async () => {
    const response = await call(new Error('secret internals'), 'uk');
    expect(response.json).toEqual({ error: { code: 'internal', message: 'Щось пішло не так з нашого боку.' } });
  });

  it('zod issues without a key of ours still get a message in the language', () => {
    const schema = z.strictObject({ organisation: z.string().check(z.maxLength(64)), count: z.int().check(z.lte(10)), flag: z.boolean() });
    try {
      parseInput(schema, { organisation: 'x'.repeat(65), count: 11 }, 'ru');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).fieldMessages).toEqual({
        organisation: { key: 'field.maxLength', params: { count: 64 } },
        count: { key: 'field.maxNumber', params: { max: 10 } },
        flag: 'field.required',
      });
      expect((error as HttpError).fields).toEqual({ organisation: 'Не более 64 символов.', count: 'Не более 10.', flag: 'Заполните это поле.' });
      expect((error as HttpError).message).toBe('Некоторые поля требуют внимания.');
    }
  });
});

describe('mails in a language', () => {
  const links = signatureLinks('https://undersigned.example', 'free-nino', 'sig-1', 'tok');

  it('the confirmation mail in Ukrainian counts days with the Ukrainian forms', () => {
    const one = confirmationMail({ title: 'Свобода', links, expiresInDays: 1, lang: 'uk' });
    expect(one.subject).toBe('Підтвердьте ваш підпис: Свобода');
    expect(one.text).toContain('Посилання діє 1 день.');
    expect(confirmationMail({ title: 'Свобода', links, expiresInDays: 3, lang: 'uk' }).text).toContain('Посилання діє 3 дні.');
    expect(confirmationMail({ title: 'Свобода', links, expiresInDays: 5, lang: 'uk' }).text).toContain('Посилання діє 5 днів.');
  });

  it('the invitation names the role in the language', () => {
    const mail = invitationMail({ organisation: 'Голос', role: 'editor', link: 'https://x.example/#/org/sign-in/t', lang: 'ru' });
    expect(mail.text).toContain('Вас добавили в «Голос» на Undersigned в роли редактора.');
  });
});

describe('names in every script', () => {
  const nameOf = (name: string) => parseInput(signatureInputSchema, { name, email: 'a@example.org', altcha: 'x' }).name;
  const nameError = (name: string, lang: 'en' | 'ru' = 'en') => {
    try {
      parseInput(signatureInputSchema, { name, email: 'a@example.org', altcha: 'x' }, lang);
    } catch (error) {
      return (error as HttpError).fields?.name;
    }
    return undefined;
  };

  it.each([
    ['Latin with diacritics', 'Zoë Ștefănescu-Dvořák'],
    ['Cyrillic with the Ukrainian apostrophe', 'Олена Солов’яненко'],
    ['Armenian', 'Անի Պետրոսյան'],
    ['Georgian', 'ნინო ბერიძე'],
    ['Kazakh', 'Әсел Қасымұлы'],
    ['Azerbaijani', 'Gülnarə Əliyeva'],
    ['an ASCII apostrophe and a hyphen', "Seán O'Neill-Ryan"],
    ['initials with full stops', 'J. R. R. Tolkien'],
  ])('accepts %s: %s', (_label, name) => {
    expect(nameOf(name)).toBe(name);
  });

  it('stores a decomposed name composed (NFC) and collapses white space', () => {
    const decomposed = 'Zoe\u0308  Ste\u0301phane';
    const stored = nameOf(decomposed);
    expect(stored).toBe('Zoë Stéphane');
    expect(stored).toBe(stored.normalize('NFC'));
    expect(stored).not.toBe(decomposed);
    // Combining marks with no precomposed form stay as marks on their letter.
    expect(nameOf('A\u0308\u0301na')).toBe('Ä\u0301na');
  });

  it.each([
    ['a NUL character', 'Bob\u0000'],
    ['a right-to-left override', '\u202EBob'],
    ['a lone surrogate', 'Bob\uD800'],
  ])('refuses %s by the rule for all stored text, with a message naming the field', (_label, name) => {
    expect(nameError(name)).toBe('This text contains characters that cannot be stored: control characters, text-direction overrides or broken characters. Retype it or paste it as plain text.');
  });

  it.each([
    ['markup', '<b>Bob</b>'],
    ['digits', 'Bob 2'],
    ['an emoji', 'Bob 😀'],
    ['a zero-width space', 'Bo\u200Bb'],
    ['an at sign', 'bob@example'],
  ])('refuses %s, with a message naming the field', (_label, name) => {
    expect(nameError(name)).toBe('Your name may contain only letters, spaces, hyphens, apostrophes and full stops.');
  });

  it('refuses a name without a letter, and says so in Russian for a Russian reader', () => {
    expect(nameError("-'.")).toBe('Your name must contain at least one letter.');
    expect(nameError('Bob 2', 'ru')).toBe('Имя может содержать только буквы, пробелы, дефисы, апострофы и точки.');
  });
});
