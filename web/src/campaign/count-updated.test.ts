/** The public page's "Updated 12:04" under the count (`asOf`), in the reader's language and locale. */
import { afterEach, describe, expect, it } from 'vitest';
import { countUpdatedText } from './count-updated.ts';
import { setFormatLocale } from '../app/format.ts';
import { setLanguage } from '../app/strings.ts';

afterEach(async () => {
  await setLanguage('en');
  setFormatLocale('en');
});

// Local times, so "today" is the reader's day whatever zone the test runs in.
const noon = new Date(2026, 11, 6, 12, 30).getTime();
const at = (h: number, m: number, day = 6) => new Date(2026, 11, day, h, m).toISOString();

describe('when the count was last updated', () => {
  it('says the time alone when it is today, in the reader’s language and locale', async () => {
    setFormatLocale('en-GB');
    expect(countUpdatedText(at(12, 4), noon)).toBe('Updated 12:04');
    setFormatLocale('en-US');
    expect(countUpdatedText(at(12, 4), noon)).toMatch(/^Updated 12:04\sPM$/);
    await setLanguage('ka');
    setFormatLocale('ka');
    expect(countUpdatedText(at(9, 15), noon)).toBe('განახლდა: 09:15');
    await setLanguage('ru');
    setFormatLocale('ru');
    expect(countUpdatedText(at(9, 15), noon)).toBe('Обновлено в 09:15');
  });

  it('adds the date when it was another day, and says nothing without a readable asOf', async () => {
    setFormatLocale('en-GB');
    expect(countUpdatedText(at(18, 0, 1), noon)).toBe('Updated 1 December 2026 at 18:00');
    await setLanguage('uk');
    setFormatLocale('uk');
    expect(countUpdatedText(at(18, 0, 1), noon)).toMatch(/^Оновлено 1 грудня 2026.*18:00$/);
    expect(countUpdatedText(undefined, noon)).toBeUndefined();
    expect(countUpdatedText('not a date', noon)).toBeUndefined();
  });

  it('takes a server clock a little ahead of the reader’s as today', () => {
    setFormatLocale('en-GB');
    const justAfterMidnight = new Date(2026, 11, 7, 0, 0, 30).toISOString();
    expect(countUpdatedText(justAfterMidnight, new Date(2026, 11, 6, 23, 59, 50).getTime())).toBe('Updated 00:00');
  });
});
