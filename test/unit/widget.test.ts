/** The embeddable widget: the sign input's `source`, the snippet's message check, the embed page's host and params. */
import { describe, expect, it } from 'vitest';
import './unit-env.ts';
import { sourceSchema } from '../../functions/rules/signature.ts';
import { dashboardSources } from '../../functions/usecases/campaigns.ts';
import { sourceRows } from '../../web/src/embed/embed-rules.ts';

describe('source (sign input)', () => {
  it('takes a host name (lower-cased) and an optional tag', () => {
    expect(sourceSchema.parse({ host: 'NGO.Example.ge', tag: 'spring-mailing' })).toEqual({ host: 'ngo.example.ge', tag: 'spring-mailing' });
    expect(sourceSchema.parse({ host: 'localhost', tag: '' })).toEqual({ host: 'localhost' });
    expect(sourceSchema.parse({ host: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` }).host).toHaveLength(253);
  });
  it.each([
    [{ host: 'https://ngo.example' }, 'source.host'],
    [{ host: 'ngo.example:8080' }, 'source.host'],
    [{ host: 'ngo#x.example' }, 'source.host'],
    [{ host: 'direct' }, 'source.host'],
    [{ host: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}` }, 'source.host'],
    [{ host: 'ngo.example', tag: 'a'.repeat(65) }, 'source.tag'],
    [{ host: 'ngo.example', tag: 'spring mailing' }, 'source.tag'],
    [{ host: 'ngo.example', tag: 'a#b' }, 'source.tag'],
    [{ host: 'ngo.example', extra: 1 }, undefined],
  ])('refuses %j', (input, message) => {
    const result = sourceSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (message) expect(result.error!.issues[0]!.message).toBe(message);
  });
});

describe('dashboard sources', () => {
  it('counts our own page as the rest of the total, and leaves out sources at zero', () => {
    expect(dashboardSources(10, { 'ngo.example': 3, 'ngo.example#mail': 2, 'gone.example': 0 })).toEqual({ direct: 5, 'ngo.example': 3, 'ngo.example#mail': 2 });
    expect(dashboardSources(2, { 'ngo.example': 2 })).toEqual({ 'ngo.example': 2 });
  });
  it('reads back as rows, most first, dropping malformed keys', () => {
    expect(sourceRows({ direct: 1, 'ngo.example#mail': 4, 'x.example': 2, 'bad key': 3, 'a#b#c': 1, 'neg.example': -1 })).toEqual([
      { key: 'ngo.example#mail', direct: false, host: 'ngo.example', tag: 'mail', count: 4 },
      { key: 'x.example', direct: false, host: 'x.example', count: 2 },
      { key: 'direct', direct: true, count: 1 },
    ]);
  });
});
