/**
 * The one rule for stored text (#rules/text-schema.ts): each class it refuses, what must pass (every
 * script we serve, astral characters, emoji sequences), NFC, and the request schemas that use it.
 */
import { describe, expect, it } from 'vitest';
import { isStorableText, text, textProblem } from '#rules/text-schema.ts';
import { signatureInputSchema } from '#rules/signature.ts';
import { cosignSchema, deliverySchema, newCampaignSchema, translationSchema } from '#rules/campaign-schema.ts';
import { createTokenSchema } from '#rules/organisation-schema.ts';
import { parseInput } from '#lib/http.ts';
import { HttpError } from '#lib/errors.ts';
import ka from '../../functions/i18n/ka.ts';
import en from '../../functions/i18n/en.ts';

const line = text({ max: 200 });
const block = text({ max: 2000, multiline: true });
const name = text({ max: 200, collapse: true });

function refusal(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error!.issues[0]!.message;
}

describe('classes the rule refuses', () => {
  const cases: [string, string, ReturnType<typeof textProblem>][] = [
    ['a lone high surrogate', 'Partner \ud800 Org', 'surrogate'],
    ['a lone low surrogate', '\udc00Partner', 'surrogate'],
    ['surrogates in the wrong order', 'Org \udc3d\ud83d', 'surrogate'],
    ['a high surrogate at the end', 'Org \ud83d', 'surrogate'],
    ['NUL', 'Org\u0000', 'control'],
    ['BEL', 'Org\u0007', 'control'],
    ['ESC (terminal escapes)', '\u001b[31mOrg', 'control'],
    ['DEL', 'Org\u007f', 'control'],
    ['a C1 control (NEL)', 'Org\u0085', 'control'],
    ['a C1 control (CSI)', 'Org\u009b', 'control'],
    ['U+FDD0', 'Org\ufdd0', 'noncharacter'],
    ['U+FDEF', 'Org\ufdef', 'noncharacter'],
    ['U+FFFE', 'Org\ufffe', 'noncharacter'],
    ['U+FFFF', 'Org\uffff', 'noncharacter'],
    ['U+1FFFE', 'Org\u{1fffe}', 'noncharacter'],
    ['U+10FFFF', 'Org\u{10ffff}', 'noncharacter'],
    ['LRE', 'Org\u202a', 'bidi'],
    ['RLE', 'Org\u202b', 'bidi'],
    ['PDF', 'Org\u202c', 'bidi'],
    ['LRO', 'Org\u202d', 'bidi'],
    ['RLO', '\u202egro', 'bidi'],
    ['LRI', 'Org\u2066', 'bidi'],
    ['RLI', 'Org\u2067', 'bidi'],
    ['FSI', 'Org\u2068', 'bidi'],
    ['PDI', 'Org\u2069', 'bidi'],
  ];
  for (const [what, value, problem] of cases) {
    it(`${what}: refused as ${problem}, by the schema with the catalog key`, () => {
      expect(textProblem(value)).toBe(problem);
      expect(textProblem(value, true)).toBe(problem);
      for (const schema of [line, block, name]) expect(refusal(schema, value)).toBe('text.characters');
    });
  }

  it('line breaks and tabs only in multi-line fields', () => {
    for (const value of ['Line one\nline two', 'A\tB', 'A\r\nB', 'A\rB']) {
      expect(textProblem(value)).toBe('control');
      expect(refusal(line, value)).toBe('text.characters');
      expect(refusal(name, value)).toBe('text.characters');
      expect(textProblem(value, true)).toBeUndefined();
    }
    expect(block.parse('Dear President,\r\n\r\n\tRelease them.\rNow.')).toBe('Dear President,\n\n\tRelease them.\nNow.');
  });
});

describe('what passes', () => {
  const good = [
    ['Latin with diacritics', 'Seán Ó Brien, Łódź'],
    ['Cyrillic', 'Правозахисний центр «Свобода»'],
    ['Georgian', 'ადამიანის უფლებათა ცენტრი'],
    ['Armenian', 'Հելսինկյան կոմիտե'],
    ['Azerbaijani and Kazakh', 'İnsan Hüquqları Mərkəzi, Қазақстан'],
    ['CJK, astral (U+20BB7)', '人权观察 𠮷野家'],
    ['emoji, astral', '📜 Free them ✊🏽'],
    ['an emoji ZWJ sequence', 'Family 👩‍👩‍👧'],
    ['a subdivision flag (tag characters)', 'Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a variation selector', 'Heart ❤️'],
    ['ZWNJ inside a word', 'می‌خواهم'],
    ['left-to-right and right-to-left marks', 'Org \u200f(HQ)\u200e'],
    ['Arabic letter mark', 'منظمة\u061c 2024'],
    ['the replacement character itself', 'broken �'],
    ['the last private-use and assigned code points below noncharacters', '\ufffd\u{10fffd}\u{fffd}'],
  ];
  for (const [what, value] of good) {
    it(what!, () => {
      expect(isStorableText(value!)).toBe(true);
      expect(line.parse(value)).toBe(value!.normalize('NFC'));
    });
  }

  it('normalises to NFC: Latin, Cyrillic with a combining breve, Georgian and Armenian text with combining marks', () => {
    const decomposed = ['Jose\u0301', 'И\u0306горь', 'Йо\u0308', 'ქართ\u0301ული', 'Ա\u0301րամ', 'A\u030a\u0323'];
    for (const value of decomposed) {
      const stored = line.parse(value);
      expect(stored).toBe(value.normalize('NFC'));
      expect(stored.normalize('NFC')).toBe(stored);
    }
    expect(line.parse('Jose\u0301')).toBe('José');
    expect(line.parse('И\u0306горь')).toBe('\u0419горь');
    expect(line.parse('Ё\u0308'.normalize('NFD'))).toBe('Ё\u0308');
    // No precomposed forms in Georgian and Armenian: NFC puts their combining marks in canonical order.
    expect(line.parse('ა\u0301\u0323ბ')).toBe('ა\u0323\u0301ბ');
    expect(line.parse('Ա\u0301\u0323րամ')).toBe('Ա\u0323\u0301րամ');
    // NFC, not NFKC: the Armenian ligature և and full-width letters stay as typed.
    expect(line.parse('Երևան ＡＢ')).toBe('Երևան ＡＢ');
  });

  it('trims; names collapse white space, texts keep it', () => {
    expect(line.parse('  Free  them  ')).toBe('Free  them');
    expect(name.parse('  Nadia \u00a0 Kovalenko ')).toBe('Nadia Kovalenko');
    expect(block.parse(' a\n\n  b ')).toBe('a\n\n  b');
  });

  it('counts limits after normalising, in characters (an astral character is one)', () => {
    const short = text({ max: 3 });
    expect(short.parse('📜📜📜')).toBe('📜📜📜');
    expect(refusal(short, '📜📜📜📜')).toBe('field.maxLength');
    // Six code points decomposed, three composed.
    expect(short.parse('e\u0301e\u0301e\u0301')).toBe('ééé');
    expect(refusal(line, '   ')).toBe('field.required');
    expect(refusal(text({ max: 5, min: 0 }), '')).toBeUndefined();
    expect(refusal(line, 42)).toBe('field.required');
  });
});

describe('request schemas that store text use the rule', () => {
  const sign = { name: 'Nadia Kovalenko', email: 'nadia@example.org', country: 'GE', altcha: 'x' };
  const campaign = { slug: 'free-them', kind: 'letter', title: 'Free them', text: 'Dear President,', targets: [{ name: 'The President' }], goal: 10 };
  const junk = ['\ud800', '\u0007', '\ufdd0', '\u202e'];
  const schemas: [string, { safeParse(v: unknown): any }, Record<string, unknown>, string[]][] = [
    ['sign', signatureInputSchema, sign, ['name', 'comment']],
    ['cosign', cosignSchema, { token: 'a'.repeat(43), name: 'Partner Org', country: 'GE' }, ['name', 'website']],
    ['campaign', newCampaignSchema, campaign, ['title', 'text']],
    ['delivery', deliverySchema, { deliveredOn: '2026-11-24', to: 'The President', method: 'post' }, ['to', 'note']],
    ['translation', translationSchema, { title: 'Звільніть їх', text: 'Шановний Президенте,' }, ['title', 'text']],
    ['token', createTokenSchema, { name: 'CRM sync', role: 'editor' }, ['name']],
  ];
  for (const [what, schema, valid, fields] of schemas) {
    it(`${what}: ${fields.join(', ')} refuse each class`, () => {
      expect(schema.safeParse(valid).success).toBe(true);
      for (const field of fields) {
        for (const bad of junk) {
          const base = field === 'website' ? 'https://partner.example.org/' : 'Text';
          const result = schema.safeParse({ ...valid, [field]: `${base}${bad}` });
          expect(result.success, `${what}.${field} with U+${bad.charCodeAt(0).toString(16)}`).toBe(false);
          expect(result.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toContain(field);
        }
      }
    });
  }

  it('targets: name and office', () => {
    for (const field of ['name', 'office']) {
      const result = newCampaignSchema.safeParse({ ...campaign, targets: [{ name: 'The President', [field]: 'Office\ud800' }] });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path.join('.')).toBe(`targets.0.${field}`);
    }
  });

  it('a co-signer with a lone surrogate gets a field-level error in the reader’s language', () => {
    try {
      parseInput(cosignSchema, { token: 'a'.repeat(43), name: 'Partner \ud800 Org', country: 'GE' }, 'ka');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).body('ka', ka).error.fields).toEqual({ name: ka.validation['text.characters'] });
      expect(ka.validation['text.characters']).not.toBe(en.validation['text.characters']);
    }
  });

  it('a co-signer’s Arabic or Hebrew name may carry direction marks, not overrides', () => {
    const cosigner = { token: 'a'.repeat(43), country: 'IL' };
    expect(cosignSchema.parse({ ...cosigner, name: 'מרכז \u200fב׳\u200f (Tel Aviv)' }).name).toBe('מרכז \u200fב׳\u200f (Tel Aviv)');
    expect(cosignSchema.parse({ ...cosigner, name: 'مركز\u061c 2024' }).name).toBe('مركز\u061c 2024');
    expect(refusal(cosignSchema, { ...cosigner, name: 'מרכז \u202bב׳' })).toBe('text.characters');
    expect(refusal(cosignSchema, { ...cosigner, name: 'Org\u200b' })).toBe('organisationName.characters');
  });

  it('a signer’s name stays within its own alphabet: marks and digits still refused there', () => {
    expect(refusal(signatureInputSchema, { ...sign, name: 'Nadia\u200f' })).toBe('name.characters');
    expect(signatureInputSchema.parse({ ...sign, name: ' Jose\u0301  Ramo\u0301n ' }).name).toBe('José Ramón');
  });
});
