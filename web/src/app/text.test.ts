/**
 * Text helpers: placeholders, plural forms, paragraphs.
 */
import { describe, it, expect } from 'vitest';
import { formatTargets } from '../campaign/campaign-data.ts';
import { fill, pluralForm, splitParagraphs } from './text.ts';

describe('text', () => {
  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    const text = 'Dear President,\r\n\r\nWe ask you\nto act.\n  \n\n\nSigned,\nus\n';
    expect(splitParagraphs(text)).toEqual(['Dear President,', 'We ask you\nto act.', 'Signed,\nus']);
    expect(splitParagraphs('   \n\n ')).toEqual([]);
  });

  it('formats targets', () => {
    expect(formatTargets([{ name: 'A. Person', office: 'President' }])).toBe('A. Person, President');
    expect(formatTargets([{ name: 'A' }, { name: 'B', office: 'Minister' }])).toBe('A; B, Minister');
  });

  it('fills placeholders and picks plural forms', () => {
    expect(fill('{count} of {goal}', { count: '1,000', goal: 5 })).toBe('1,000 of 5');
    expect(fill('{missing} stays', {})).toBe('{missing} stays');
    const ru = new Intl.PluralRules('ru');
    const forms = { one: 'подпись', few: 'подписи', many: 'подписей', other: 'подписи' };
    expect(pluralForm(forms, ru, 1)).toBe('подпись');
    expect(pluralForm(forms, ru, 3)).toBe('подписи');
    expect(pluralForm(forms, ru, 11)).toBe('подписей');
    expect(pluralForm({ other: 'signatures' }, new Intl.PluralRules('en'), 1)).toBe('signatures');
  });
});
