/** Finding campaigns (issue #17): how a search matches titles in every script, and the list's cursor. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf, searchFold, searchWords, titlesMatch } from '#rules/campaign-finding.ts';
import { publicCampaignQuerySchema } from '#rules/campaign-schema.ts';

const finds = (query: string, ...titles: string[]) => titlesMatch(searchWords(query), titles);

describe('search matching', () => {
  it('Georgian: Mtavruli capitals find Mkhedruli, and a stem finds the word inside its suffixes', () => {
    expect(searchFold('ᲗᲐᲕᲘᲡᲣᲤᲚᲔᲑᲐ')).toBe('თავისუფლება');
    expect(finds('ᲗᲐᲕᲘᲡᲣᲤᲚᲔᲑᲐ', 'თავისუფლება ნადიას')).toBe(true);
    expect(finds('თავისუფ', 'თავისუფლება ნადიას')).toBe(true);
    expect(finds('ნადია', 'გაათავისუფლეთ ნადიას')).toBe(true);
    expect(finds('ლევანი', 'გაათავისუფლეთ ნადია')).toBe(false);
  });

  it('Armenian: capitals, and the ligature և as ե + ւ', () => {
    expect(finds('ԱԶԱՏՈՒԹՅՈՒՆ', 'Ազատություն Նադիային')).toBe(true);
    expect(finds('եւ', 'Նադիա և Լևան')).toBe(true);
    expect(finds('Լեւան', 'Նադիա և Լևան')).toBe(true);
  });

  it('Cyrillic: case, and ё is not е (no letter is folded into another)', () => {
    expect(finds('СВОБОДУ надии', 'Свободу Надии и Левану')).toBe(true);
    expect(finds('ёлка', 'Елка')).toBe(false);
    expect(finds('Україна', 'за УКРАЇНУ')).toBe(false);
    expect(finds('УКРАЇН', 'за україну')).toBe(true);
  });

  it('Latin with diacritics: composed and decomposed alike, case folded (ß = ss), diacritics kept', () => {
    expect(finds('ČESKÁ', 'Česká republika')).toBe(true);
    expect(finds('C\u030cesk\u00e1', 'Česká republika')).toBe(true);
    expect(finds('ceska', 'Česká republika')).toBe(false);
    expect(finds('STRASSE', 'Große Straße')).toBe(true);
    expect(finds('şəhər', 'ŞƏHƏR PARKI')).toBe(true);
  });

  it('NFKC: full-width and ligature forms find their plain letters', () => {
    expect(finds('ＰＡＲＫ', 'Riverside park')).toBe(true);
    expect(finds('ﬁnd', 'Find us')).toBe(true);
  });

  it('every word must match, in any title (original or a translation); punctuation separates words', () => {
    expect(finds('park riverside', 'Keep Riverside Park')).toBe(true);
    expect(finds('park, garage!', 'Keep Riverside Park')).toBe(false);
    expect(finds('парк', 'Keep Riverside Park', 'Сохраните парк')).toBe(true);
    expect(finds('', 'anything')).toBe(true);
    expect(finds('  ...  ', 'anything')).toBe(true);
  });

  it('keeps at most 8 distinct words', () => {
    expect(searchWords('a b c d e f g h i j a')).toHaveLength(8);
    expect(searchWords('Park park PARK')).toEqual(['park']);
  });
});

describe('the list cursor', () => {
  const at = { createdAt: '2026-12-01T10:00:00.000Z', slug: 'save-the-riverside-park' };

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(at))).toEqual(at);
  });

  it('refuses anything it did not make: garbage, other JSON, a bad slug or time, a non-canonical spelling', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const forged of [
      '',
      'x',
      '!!!!',
      'a'.repeat(300),
      b64({ createdAt: at.createdAt, slug: at.slug }),
      b64([at.createdAt]),
      b64([at.createdAt, 'DRAFT#org#slug']),
      b64([at.createdAt, at.slug, 1]),
      b64(['yesterday', at.slug]),
      b64(['2026-13-45T99:00:00Z', at.slug]),
      b64([1, at.slug]),
      `${encodeCursor(at)}=`,
      Buffer.from(` ${JSON.stringify([at.createdAt, at.slug])}`).toString('base64url'),
    ]) {
      expect(decodeCursor(forged), forged).toBeUndefined();
    }
  });

  it('pages through a list with no gap and no repeat, also when the cursor item has gone', () => {
    const items = Array.from({ length: 23 }, (_, i) => ({ createdAt: `2026-12-01T10:00:${String(59 - (i >> 1)).padStart(2, '0')}.000Z`, slug: `c-${String(i).padStart(2, '0')}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { page, next } = pageOf(items, 5, cursor ? decodeCursor(cursor) : undefined);
      seen.push(...page.map((p) => p.slug));
      cursor = next;
    } while (cursor);
    expect(seen).toEqual(items.map((p) => p.slug));
    const fifth = items[4]!;
    expect(pageOf(items.filter((p) => p !== fifth), 5, fifth).page[0]).toBe(items[5]);
  });

  it('the query schema refuses a forged cursor on its field, and bad filters on theirs', () => {
    const result = publicCampaignQuerySchema.safeParse({ cursor: 'bm90LWEtY3Vyc29y', kind: 'poem', status: 'drafts', limit: '51', org: 'a/b', country: 'XX' });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toMatchObject({ cursor: 'find.cursor', kind: 'kind.choose', status: 'find.shelf', limit: 'find.limit', org: 'find.organisation', country: 'country.unknown' });
    expect(publicCampaignQuerySchema.safeParse({ q: 'a'.repeat(101) }).success).toBe(false);
    expect(publicCampaignQuerySchema.safeParse({ q: 'ა'.repeat(100), limit: '50', status: 'archive', kind: 'letter', org: 'demo', country: 'GE', lang: 'ka' }).success).toBe(true);
  });
});
