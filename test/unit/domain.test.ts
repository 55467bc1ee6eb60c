/**
 * The pure domain modules: keys and shards, count arithmetic, campaign and signature rules.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  allSignaturePartitions,
  keyedHash,
  parseSignaturePartition,
  shardLabel,
  shardOf,
  signaturePartition,
} from '#rules/signature-keys.ts';
import { aggregate, padSequence, unapplied, type SignatureChange } from '#rules/counts.ts';
import { toChange } from '#store/signature-changes.ts';
import { isOpenForSigning, publicCampaign, type Campaign } from '#rules/campaign.ts';
import { newCampaignSchema } from '#rules/campaign-schema.ts';
import { canonicalEmail, isCountryCode, signatureInputSchema } from '#rules/signature.ts';

const SECRET = 'domain-test-secret-0123456789abcdef';

describe('keys', () => {
  it('keyedHash is a stable 64-hex HMAC that depends on the secret and differs from a bare sha256', () => {
    const a = keyedHash(SECRET, 'nino@example.org');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash(SECRET, 'nino@example.org')).toBe(a);
    expect(keyedHash(`${SECRET}x`, 'nino@example.org')).not.toBe(a);
    expect(keyedHash(SECRET, 'nino2@example.org')).not.toBe(a);
    expect(a).not.toBe(createHash('sha256').update('nino@example.org').digest('hex'));
  });

  it('shardOf spreads 16,000 random emails evenly: every shard within ±25% of 1,000', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) {
      const email = `${randomBytes(8).toString('hex')}@example.org`;
      const shard = shardOf(keyedHash(SECRET, email), 16);
      expect(Number.isInteger(shard)).toBe(true);
      counts[shard]!++;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(16_000);
    for (const n of counts) {
      expect(n).toBeGreaterThanOrEqual(750);
      expect(n).toBeLessThanOrEqual(1250);
    }
  });

  it('shardOf stays within [0, shards) for edge hashes', () => {
    expect(shardOf('ffffffff' + '0'.repeat(56), 16)).toBe(15);
    expect(shardOf('0'.repeat(64), 16)).toBe(0);
    expect(shardOf('ffffffff' + '0'.repeat(56), 7)).toBe(0xffffffff % 7);
    expect(shardOf('ab'.repeat(32), 1)).toBe(0);
  });

  it('labels shards with two digits and builds <slug>#<nn>', () => {
    expect(shardLabel(3)).toBe('03');
    expect(shardLabel(15)).toBe('15');
    expect(signaturePartition('free-them', 7)).toBe('free-them#07');
    expect(allSignaturePartitions('x-y', 16)).toHaveLength(16);
    expect(new Set(allSignaturePartitions('x-y', 16)).size).toBe(16);
    expect(allSignaturePartitions('x-y', 16)[0]).toBe('x-y#00');
    expect(allSignaturePartitions('x-y', 16)[15]).toBe('x-y#15');
  });

  it('parseSignaturePartition round-trips slugs with hyphens and digits', () => {
    for (const slug of ['free-the-press', 'a-b-c-2026', 'abc', '1-2-3']) {
      for (const shard of [0, 9, 15]) {
        expect(parseSignaturePartition(signaturePartition(slug, shard))).toEqual({ slug, shard: shardLabel(shard) });
      }
    }
  });

  it('parseSignaturePartition refuses keys that are not signature partitions', () => {
    expect(parseSignaturePartition('free-the-press')).toBeUndefined();
    expect(parseSignaturePartition('#03')).toBeUndefined();
  });
});

describe('counts', () => {
  const change = (shard: string, sequence: string, total = 1, countries: Record<string, number> = { UA: total }, slug = 'camp'): SignatureChange => ({
    slug,
    shard,
    sequence: padSequence(sequence),
    total,
    pending: 0,
    countries,
    sources: {},
    at: Date.parse('2026-11-24T13:05:00Z'),
  });

  it('padSequence makes string order numeric order', () => {
    expect('9' < '10').toBe(false);
    expect(padSequence('9') < padSequence('10')).toBe(true);
    expect(padSequence('99999999999999999999') < padSequence('100000000000000000000')).toBe(true);
    expect(padSequence('123')).toHaveLength(40);
    expect(padSequence('123').endsWith('123')).toBe(true);
  });

  it('aggregate sums per campaign and keeps the first and last sequence per shard', () => {
    const deltas = aggregate([
      change('03', '10', 1, { UA: 1 }),
      change('03', '9', 1, { GE: 1 }),
      change('07', '100', 1, { UA: 1 }),
      change('03', '11', -1, { UA: -1 }),
      change('01', '5', 1, { AM: 1 }, 'other'),
    ]);
    expect([...deltas.keys()].sort()).toEqual(['camp', 'other']);
    const camp = deltas.get('camp')!;
    expect(camp.total).toBe(2);
    // UA +1 −1 = 0 is dropped: no zero entries are written.
    expect(camp.countries).toEqual({ GE: 1, UA: 1 });
    expect(camp.shards).toEqual({
      '03': { first: padSequence('9'), last: padSequence('11') },
      '07': { first: padSequence('100'), last: padSequence('100') },
    });
    expect(deltas.get('other')).toEqual({
      total: 1,
      pending: 0,
      countries: { AM: 1 },
      sources: {},
      shards: { '01': { first: padSequence('5'), last: padSequence('5') } },
      hours: { '2026-11-24T13': 1 },
      withdrawnByDay: {},
      confirmed: 1,
      withdrawn: 0,
      activity: { at: Date.parse('2026-11-24T13:05:00Z'), countries: { AM: 1 }, shard: '01', sequence: padSequence('5') },
      arrived: true,
    });
    // A withdrawal is in no hour and no activity: only its day, and the totals.
    expect(camp).toMatchObject({
      hours: { '2026-11-24T13': 3 },
      withdrawnByDay: { '2026-11-24': 1 },
      confirmed: 3,
      withdrawn: 1,
      activity: { countries: { UA: 2, GE: 1 }, shard: '03', sequence: padSequence('9') },
    });
  });

  it('aggregate of nothing is empty', () => {
    expect(aggregate([]).size).toBe(0);
  });

  it('unapplied keeps only changes past their shard watermark; shards without one keep all', () => {
    const changes = [change('03', '9'), change('03', '10'), change('03', '11'), change('07', '1'), change('08', '2')];
    const left = unapplied(changes, { '03': padSequence('10'), '07': padSequence('5') });
    expect(left.map((c) => [c.shard, c.sequence])).toEqual([
      ['03', padSequence('11')],
      ['08', padSequence('2')],
    ]);
    expect(unapplied(changes, {})).toHaveLength(changes.length);
  });

  it('toChange counts confirmed images per country, and pending ones apart', () => {
    const rec = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', old?: [string, string], now?: [string, string]) => ({
      eventName,
      dynamodb: {
        Keys: { pk: { S: 'my-camp#04' }, sk: { S: 'abc' } },
        SequenceNumber: '42',
        ...(old ? { OldImage: { status: { S: old[0] }, country: { S: old[1] } } } : {}),
        ...(now ? { NewImage: { status: { S: now[0] }, country: { S: now[1] } } } : {}),
      },
    });
    expect(toChange(rec('INSERT', undefined, ['confirmed', 'UA']), 1_000)).toEqual({
      slug: 'my-camp',
      shard: '04',
      sequence: padSequence('42'),
      total: 1,
      pending: 0,
      countries: { UA: 1 },
      sources: {},
      // No ApproximateCreationDateTime in this record: the time it was read.
      at: 1_000,
    });
    expect(toChange(rec('INSERT', undefined, ['pending', 'UA']))).toMatchObject({ total: 0, pending: 1, countries: {} });
    expect(toChange(rec('MODIFY', ['pending', 'UA'], ['confirmed', 'UA']))).toMatchObject({ total: 1, pending: -1, countries: { UA: 1 } });
    expect(toChange(rec('REMOVE', ['pending', 'UA']))).toMatchObject({ total: 0, pending: -1, countries: {} });
    expect(toChange(rec('REMOVE', ['confirmed', 'GE']))).toMatchObject({ total: -1, pending: 0, countries: { GE: -1 } });
    expect(toChange(rec('MODIFY', ['confirmed', 'GE'], ['confirmed', 'GE']))).toMatchObject({ total: 0, countries: {} });
    expect(toChange(rec('MODIFY', ['confirmed', 'GE'], ['confirmed', 'AM']))).toMatchObject({ total: 0, countries: { GE: -1, AM: 1 } });
    expect(toChange(rec('INSERT', undefined, ['withdrawn', 'GE']))).toMatchObject({ total: 0, pending: 0, countries: {} });
    expect(toChange({ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'no-hash' } }, SequenceNumber: '1' } })).toBeUndefined();
    expect(toChange({ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'camp#01' } } } })).toBeUndefined();
  });
});

describe('petition', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('isOpenForSigning needs open status and a deadline not yet passed', () => {
    expect(isOpenForSigning({ status: 'open' }, now)).toBe(true);
    expect(isOpenForSigning({ status: 'closed' }, now)).toBe(false);
    expect(isOpenForSigning({ status: 'open', deadline: '2026-06-01T12:00:01Z' }, now)).toBe(true);
    expect(isOpenForSigning({ status: 'open', deadline: '2026-06-01T12:00:00Z' }, now)).toBe(false);
    expect(isOpenForSigning({ status: 'open', deadline: '2026-05-31T00:00:00Z' }, now)).toBe(false);
    expect(isOpenForSigning({ status: 'closed', deadline: '2027-01-01T00:00:00Z' }, now)).toBe(false);
    // Deadlines with an offset are compared as instants.
    expect(isOpenForSigning({ status: 'open', deadline: '2026-06-01T14:30:00+04:00' }, now)).toBe(false);
    expect(isOpenForSigning({ status: 'open', deadline: '2026-06-01T16:30:00+04:00' }, now)).toBe(true);
  });

  const valid = {
    slug: 'free-the-press',
    kind: 'petition',
    title: 'Free the press',
    text: 'Release them.',
    targets: [{ name: 'Parliament' }],
    goal: 100,
  };

  it('the schema accepts a valid campaign and defaults it to a draft asking for a country and allowing a comment', () => {
    const parsed = newCampaignSchema.parse(valid);
    expect(parsed.status).toBe('draft');
    expect(parsed.signerFields).toEqual({ country: 'required', comment: 'optional' });
    expect(newCampaignSchema.safeParse({ ...valid, slug: 'abc' }).success).toBe(true);
    expect(newCampaignSchema.safeParse({ ...valid, slug: 'a'.repeat(80) }).success).toBe(true);
    expect(newCampaignSchema.safeParse({ ...valid, deadline: '2027-03-01T00:00:00+02:00' }).success).toBe(true);
  });

  it.each(['A', '-x-', 'has space', 'ab', 'x-', '-x', 'Free-the-press', 'a_b', 'a#b', 'a/b', 'a'.repeat(81), 'ნინო'])(
    'the schema rejects the slug %j',
    (slug) => {
      const result = newCampaignSchema.safeParse({ ...valid, slug });
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['slug']);
    },
  );

  it('the schema rejects unknown fields, a fractional goal and an unknown kind', () => {
    expect(newCampaignSchema.safeParse({ ...valid, shards: 1 }).success).toBe(false);
    expect(newCampaignSchema.safeParse({ ...valid, goal: 1.5 }).success).toBe(false);
    expect(newCampaignSchema.safeParse({ ...valid, kind: 'poll' }).success).toBe(false);
  });

  it('publicCampaign hides internals and reports closed after the deadline', () => {
    const campaign: Campaign = {
      ...newCampaignSchema.parse({ ...valid, status: 'open', targets: [{ name: 'Minister', email: 'm@example.gov' }], deadline: '2026-05-01T00:00:00Z' }),
      version: 1,
      shards: 16,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const view = publicCampaign(campaign, 7, undefined, now);
    expect(view).not.toHaveProperty('shards');
    expect(view.targets).toEqual([{ name: 'Minister' }]);
    expect(view.status).toBe('closed');
    expect(view.count).toBe(7);
    expect(view.asOf).toBe(campaign.createdAt);
  });
});

describe('signature', () => {
  const base = { name: 'Nino', email: 'nino@example.org', altcha: 'payload' };

  it.each(['GE', 'AM', 'UA', 'KZ', 'AZ', 'MD', 'LV', 'CZ', 'RO', 'GB', 'DE'])('isCountryCode accepts %s', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it.each(['EU', 'ZZ', 'QQ', 'XX', 'UN', 'ge', 'G', 'GEO', '12', ' GE', ''])('isCountryCode rejects %j', (code) => {
    expect(isCountryCode(code)).toBe(false);
  });

  // Withdrawn or reserved codes that ICU still names: accepting them would count UK apart from GB.
  it.each(['UK', 'SU', 'DD', 'YU', 'ZR', 'TP', 'BU', 'AN', 'CS', 'XK', 'FX'])('isCountryCode rejects non-ISO %s', (code) => {
    expect(isCountryCode(code)).toBe(false);
    expect(signatureInputSchema.safeParse({ ...base, country: code }).success).toBe(false);
  });

  it('accepts exactly the codes the page offers in its country menu', async () => {
    const { COUNTRY_CODES } = await import('../../web/src/app/countries.ts');
    const all: string[] = [];
    for (let a = 65; a < 91; a++) for (let b = 65; b < 91; b++) all.push(String.fromCharCode(a, b));
    expect(all.filter(isCountryCode).sort()).toEqual([...COUNTRY_CODES].sort());
  });

  it.each([
    ['zero-width space only', '\u200B'],
    ['right-to-left override', 'Nino \u202Eezidreb'],
    ['digits only', '12345'],
  ])('the schema rejects a name with %s', (_, name) => {
    expect(signatureInputSchema.safeParse({ ...base, name, country: 'GE' }).success).toBe(false);
  });

  it('the schema keeps the joiners some scripts need', () => {
    expect(signatureInputSchema.safeParse({ ...base, name: 'می\u200Cخواهم', country: 'AZ' }).success).toBe(true);
  });

  it('the schema trims and upper-cases the country', () => {
    expect(signatureInputSchema.parse({ ...base, country: ' ge ' }).country).toBe('GE');
    expect(signatureInputSchema.parse({ ...base, country: 'am' }).country).toBe('AM');
    expect(signatureInputSchema.safeParse({ ...base, country: ' eu ' }).success).toBe(false);
  });

  it('the schema normalises names: NFC, trimmed, inner whitespace collapsed', () => {
    // A tab is a control character, allowed in multi-line fields only (#rules/text-schema.ts); no-break spaces collapse.
    const parsed = signatureInputSchema.parse({ ...base, name: ' Jose\u0301 \u00a0  Mari\u0301a ', country: 'GE' });
    expect(parsed.name).toBe('José María');
    expect(parsed.name).toBe(parsed.name.normalize('NFC'));
  });

  it.each(['<b>Nino</b>', 'Nino\u0007', 'Nino\u009b', 'a > b', 'Nino\tK', 'Nino\ud800'])('the schema rejects the name %j', (name) => {
    const result = signatureInputSchema.safeParse({ ...base, name, country: 'GE' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['name']);
  });

  it('canonicalEmail ignores case, surrounding space and Unicode form', () => {
    expect(canonicalEmail('  Nino@Example.ORG ')).toBe('nino@example.org');
    expect(canonicalEmail('Jose\u0301@example.org')).toBe(canonicalEmail('José@example.org'));
  });

  it('canonicalEmail makes every spelling of one mailbox one, for providers that ignore plus tags and dots', () => {
    // Gmail ignores dots and +tags, and googlemail.com is the same mailbox.
    for (const variant of ['nino.beridze@gmail.com', 'Nino.Beridze+petition@gmail.com', 'n.i.n.o.beridze@googlemail.com', 'ninoberidze+a+b@GMAIL.com']) {
      expect(canonicalEmail(variant)).toBe('ninoberidze@gmail.com');
    }
    expect(canonicalEmail('anna+x@outlook.com')).toBe('anna@outlook.com');
    expect(canonicalEmail('anna+x@proton.me')).toBe('anna@proton.me');
    // Yandex treats dots and hyphens in the name as one, and ya.ru is yandex.ru.
    expect(canonicalEmail('ivan.petrov+tag@ya.ru')).toBe(canonicalEmail('ivan-petrov@yandex.ru'));
    // Dots matter at Outlook, and both matter at providers not known to ignore them.
    expect(canonicalEmail('a.na@outlook.com')).not.toBe(canonicalEmail('ana@outlook.com'));
    expect(canonicalEmail('ana+x@example.org')).toBe('ana+x@example.org');
    expect(canonicalEmail('a.na@mail.ru')).toBe('a.na@mail.ru');
    // A name that is only a tag is not emptied.
    expect(canonicalEmail('+x@gmail.com')).toBe('+x@gmail.com');
  });
});

describe('identity and links', () => {
  it('publicLabel shows the first name and the initial of the last, in any script', async () => {
    const { publicLabel } = await import('#rules/identity.ts');
    expect(publicLabel('Nadia Karimova')).toBe('Nadia K.');
    // Georgian as people type it (no capitals) stays so: no Mtavruli initials.
    expect(publicLabel('ნინო  ბერიძე')).toBe('ნინო ბ.');
    expect(publicLabel('Արամ Պետրոսյան')).toBe('Արամ Պ.');
    expect(publicLabel('Олена Коваленко')).toBe('Олена К.');
    expect(publicLabel('Anna Maria von Đuričić')).toBe('Anna Đ.');
    // A decomposed initial stays one grapheme (the accent is not cut off).
    expect(publicLabel('Jose E\u0301rico')).toBe('Jose \u00C9.'.normalize('NFC'));
    expect(publicLabel('Madonna')).toBe('Madonna');
  });

  it('emailDomain is the lower-cased part after the last @', async () => {
    const { emailDomain } = await import('#rules/identity.ts');
    expect(emailDomain('Someone@Mail.Example.ORG')).toBe('mail.example.org');
    expect(emailDomain('"a@b"@example.org')).toBe('example.org');
  });

  it('tokens are 256-bit, stored as a hash, compared in constant time, and shape-checked', async () => {
    const { hashToken, isWellFormedLink, newToken, tokenMatches, linkToken } = await import('#rules/tokens.ts');
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    const stored = hashToken(token);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(token);
    expect(tokenMatches(token, stored)).toBe(true);
    // One character changed: no match.
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(tokenMatches(tampered, stored)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, 'short')).toBe(false);

    const id = 'a'.repeat(64);
    expect(isWellFormedLink(id, token)).toBe(true);
    expect(isWellFormedLink(id.slice(1), token)).toBe(false);
    expect(isWellFormedLink('A'.repeat(64), token)).toBe(false);
    expect(isWellFormedLink(id, token.slice(1))).toBe(false);
    expect(isWellFormedLink(id, `${token.slice(1)}/`)).toBe(false);

    expect(linkToken({ token })).toBe(token);
    for (const body of [undefined, {}, { token: 5 }, { token: '' }, { token: 'x'.repeat(201) }]) {
      expect(() => linkToken(body)).toThrow(expect.objectContaining({ statusCode: 400, fields: { token: expect.any(String) } }));
    }
  });
});

describe('retention', () => {
  const base = {
    slug: 'keep-or-erase',
    kind: 'petition' as const,
    title: 'T',
    text: 'T',
    targets: [{ name: 'City Hall' }],
    goal: 10,
    status: 'open' as const,
    publicSigners: false,
    retentionDays: 30,
    signerFields: { country: 'required' as const, comment: 'optional' as const },
    version: 1,
    shards: 16,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
  const day = (iso: string) => new Date(iso);

  it('runs from the explicit close, else the passed deadline, else the last update of a closed campaign', async () => {
    const { closedSince } = await import('#rules/campaign.ts');
    expect(closedSince(base, day('2027-01-01T00:00:00Z'))).toBeUndefined();
    expect(closedSince({ ...base, deadline: '2026-03-01T00:00:00Z' }, day('2026-02-01T00:00:00Z'))).toBeUndefined();
    expect(closedSince({ ...base, deadline: '2026-03-01T00:00:00Z' }, day('2026-04-01T00:00:00Z'))?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(closedSince({ ...base, status: 'closed', updatedAt: '2026-02-02T00:00:00Z' }, day('2026-04-01T00:00:00Z'))?.toISOString()).toBe('2026-02-02T00:00:00.000Z');
    expect(closedSince({ ...base, status: 'closed', closedAt: '2026-02-10T00:00:00Z' }, day('2026-04-01T00:00:00Z'))?.toISOString()).toBe('2026-02-10T00:00:00.000Z');
    // A delivered campaign runs from its close; a draft never took a signature, so it never runs.
    expect(closedSince({ ...base, status: 'delivered', closedAt: '2026-02-10T00:00:00Z' }, day('2026-04-01T00:00:00Z'))?.toISOString()).toBe('2026-02-10T00:00:00.000Z');
    expect(closedSince({ ...base, status: 'draft', deadline: '2026-03-01T00:00:00Z' }, day('2027-04-01T00:00:00Z'))).toBeUndefined();
  });

  it('is due exactly retentionDays after closing, and never again once erased', async () => {
    const { isPastRetention } = await import('#rules/campaign.ts');
    const closed = { ...base, status: 'closed' as const, closedAt: '2026-02-01T00:00:00Z' };
    expect(isPastRetention(closed, day('2026-03-02T23:59:59Z'))).toBe(false);
    expect(isPastRetention(closed, day('2026-03-03T00:00:00Z'))).toBe(true);
    expect(isPastRetention({ ...closed, personalDataErasedAt: '2026-03-03T01:00:00Z' }, day('2026-06-01T00:00:00Z'))).toBe(false);
    expect(isPastRetention(base, day('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
