/**
 * The pure parts of exports: the CSV columns and rows, formula neutralisation, the bytes the CSV
 * writer produces, job ids, the job's public view, download file names, and the shard merge.
 */
import './unit-env.ts';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvColumns, csvRecord, csvWriter, neutralise, type CsvFields, type SignatoryRow } from '#documents/csv.ts';
import {
  JOB_STALE_AFTER_MS,
  READ_SETTLE_MS,
  contentDisposition,
  downloadName,
  holdsUntil,
  isDownloadable,
  isJobId,
  jobView,
  newJobId,
  readBefore,
  type Job,
} from '#rules/exports.ts';
import { confirmedRemoval, latestRemovals } from '#rules/signer-removals.ts';
import { streamFilter } from '../../infra/local/stream-poller.ts';
import { streamConsumers } from '#routes';
import type { DynamoDBRecord } from 'aws-lambda';

const { merge, collectedFields } = await import('#usecases/signatories.ts');

const all: CsvFields = { country: true, comment: true };

async function csvBytes(rows: SignatoryRow[], fields: CsvFields): Promise<Buffer> {
  const writer = csvWriter(fields);
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  const ended = new Promise((resolve, reject) => writer.on('end', resolve).on('error', reject));
  for (const row of rows) writer.write(csvRecord(row, fields));
  writer.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('formula neutralisation', () => {
  it.each(['=1+1', '+7 999', '-2', '@SUM(A1)', '=HYPERLINK("http://evil.example","x")', ' =after a space', '\uFF1D1+1'])(
    'prefixes %j with a quote',
    (cell) => {
      expect(neutralise(cell)).toBe(`'${cell}`);
    },
  );

  it.each([
    ['\t=1', "'\t'=1"],
    ['\r=1', "'\r'=1"],
    [';=2+2;', ";'=2+2;"],
    ['a\t=HYPERLINK("http://evil.example","x")', 'a\t\'=HYPERLINK("http://evil.example","x")'],
    ['x\n@SUM(1)', "x\n'@SUM(1)"],
    [',-1+1', ",'-1+1"],
    ['so true, - no', "so true,' - no"],
  ])('neutralises %j wherever a cell could start: %j', (cell, inert) => {
    expect(neutralise(cell)).toBe(inert);
  });

  it.each(['Nino Beridze', 'ნინო', 'Արամ', "O'Brien", ' not a formula', '1=1', '', 'a-b', 'Jean-Luc', 'a; b, c\nd', 'a - b'])('leaves %j as it is', (cell) => {
    expect(neutralise(cell)).toBe(cell);
  });
});

describe('CSV rows', () => {
  const row: SignatoryRow = { name: '=cmd', country: 'GE', comment: '-so true', confirmedAt: '2026-11-24T10:00:00.000Z', textVersion: 2 };

  it('has name, country, comment, confirmed_at and text_version, and never an email', () => {
    expect(csvColumns(all)).toEqual(['name', 'country', 'comment', 'confirmed_at', 'text_version']);
    expect(csvColumns(all).join()).not.toMatch(/mail/i);
  });

  it('leaves out what the campaign does not collect', () => {
    expect(csvColumns({ country: false, comment: true })).toEqual(['name', 'comment', 'confirmed_at', 'text_version']);
    expect(csvColumns({ country: true, comment: false })).toEqual(['name', 'country', 'confirmed_at', 'text_version']);
    expect(csvRecord(row, { country: false, comment: false })).toEqual(["'=cmd", '2026-11-24T10:00:00.000Z', 2]);
  });

  it('neutralises every text cell and keeps the order of the columns', () => {
    expect(csvRecord(row, all)).toEqual(["'=cmd", 'GE', "'-so true", '2026-11-24T10:00:00.000Z', 2]);
    expect(csvRecord({ ...row, country: undefined, comment: undefined }, all)).toEqual(["'=cmd", '', '', '2026-11-24T10:00:00.000Z', 2]);
  });

  it('writes UTF-8 with a BOM and CRLF, every field quoted, so scripts and line breaks survive', async () => {
    const rows: SignatoryRow[] = [
      { name: 'ნინო ბერიძე', country: 'GE', comment: 'თავისუფლება!', confirmedAt: '2026-11-24T10:00:00.000Z', textVersion: 1 },
      { name: 'Արամ Պետրոսյան', country: 'AM', comment: 'line one\nline "two", three', confirmedAt: '2026-11-24T10:00:01.000Z', textVersion: 1 },
      { name: '@evil', country: 'UA', confirmedAt: '2026-11-24T10:00:02.000Z', textVersion: 3 },
    ];
    const bytes = await csvBytes(rows, all);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1).startsWith('"name","country","comment","confirmed_at","text_version"\r\n')).toBe(true);
    expect(parse(bytes, { bom: true, columns: true })).toEqual([
      { name: 'ნინო ბერიძე', country: 'GE', comment: 'თავისუფლება!', confirmed_at: '2026-11-24T10:00:00.000Z', text_version: '1' },
      { name: 'Արամ Պետրոսյան', country: 'AM', comment: 'line one\nline "two", three', confirmed_at: '2026-11-24T10:00:01.000Z', text_version: '1' },
      { name: "'@evil", country: 'UA', comment: '', confirmed_at: '2026-11-24T10:00:02.000Z', text_version: '3' },
    ]);
  });

  it('reads the collected fields defensively: absent means country required and comment optional', () => {
    expect(collectedFields({} as never)).toEqual({ country: true, comment: true });
    expect(collectedFields({ signerFields: { country: 'off', comment: 'off' } })).toEqual({ country: false, comment: false });
    expect(collectedFields({ signerFields: { country: 'optional', comment: 'optional' } })).toEqual({ country: true, comment: true });
  });
});

describe('jobs', () => {
  const job: Job = {
    id: newJobId(new Date('2026-11-24T10:00:00.000Z')),
    slug: 'free-them',
    format: 'csv',
    status: 'running',
    rows: 10,
    total: 20,
    createdAt: '2026-11-24T10:00:00.000Z',
    createdBy: 'abcdef0123456789',
    orgId: 'org-1',
    startedAt: '2026-11-24T10:00:01.000Z',
  };

  it('makes URL-safe ids whose string order is their time order', () => {
    const ids = ['2026-11-24T09:59:59.999Z', '2026-11-24T10:00:00.000Z', '2027-01-01T00:00:00.000Z'].map((t) => newJobId(new Date(t)));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) {
      expect(isJobId(id)).toBe(true);
      expect(encodeURIComponent(id)).toBe(id);
    }
    expect(isJobId('2026-11-24T00:00:00.000Z#abcdef')).toBe(false);
    expect(isJobId('../../etc')).toBe(false);
  });

  it('shows the contract shape, without the organisation or internal times', () => {
    expect(jobView(job, new Date('2026-11-24T10:01:00.000Z'))).toEqual({
      id: job.id,
      slug: 'free-them',
      format: 'csv',
      status: 'running',
      rows: 10,
      total: 20,
      createdAt: job.createdAt,
      createdBy: 'abcdef0123456789',
    });
  });

  it('shows a job under way for longer than any runner lives as failed, timed out', () => {
    const later = new Date(Date.parse(job.createdAt) + JOB_STALE_AFTER_MS + 1);
    expect(jobView(job, later)).toMatchObject({ status: 'failed', error: 'timed_out' });
    expect(jobView({ ...job, status: 'done', finishedAt: job.createdAt, bytes: 9 }, later)).toMatchObject({ status: 'done', bytes: 9 });
  });

  it('offers a download only while the file is kept', () => {
    const done = { status: 'done' as const, finishedAt: '2026-11-24T10:00:00.000Z' };
    expect(isDownloadable(done, new Date('2026-11-30T10:00:00.000Z'))).toBe(true);
    expect(isDownloadable(done, new Date('2026-12-01T10:00:01.000Z'))).toBe(false);
    expect(isDownloadable({ status: 'running' }, new Date())).toBe(false);
    expect(isDownloadable({ ...done, status: 'outdated' }, new Date('2026-11-24T10:01:00.000Z'))).toBe(false);
  });

  it('shows an outdated job with why, the day, and what to do in the words given; never a download', () => {
    const outdated: Job = { ...job, status: 'outdated', finishedAt: job.createdAt, reason: 'erasure', outdatedOn: '2026-11-25' };
    const messages = { withdrawal: 'Someone withdrew: make a new export.', erasure: 'Erased: a new export lists no names.' };
    expect(jobView(outdated, new Date(), messages)).toMatchObject({ status: 'outdated', reason: 'erasure', outdatedOn: '2026-11-25', message: messages.erasure });
    expect(jobView(outdated, new Date())).not.toHaveProperty('message');
    expect(jobView({ ...job, status: 'done' }, new Date(), messages)).not.toHaveProperty('reason');
  });
});

describe('which exports a removed signer outdates', () => {
  const at = (iso: string) => Date.parse(iso);

  it('are those that started reading before the removal had settled, dated to the second as AWS dates records', () => {
    // Removed at 10:00:07.x (recorded as 10:00:07), handled at once: anything started before 10:00:07.4 + settling.
    expect(holdsUntil(at('2026-11-24T10:00:07Z'), at('2026-11-24T10:00:07.400Z'))).toBe(at('2026-11-24T10:00:07.400Z') + READ_SETTLE_MS);
    // Handled late (a backlog, a redelivery): no later than the end of the recorded second.
    expect(holdsUntil(at('2026-11-24T10:00:07Z'), at('2026-11-24T11:30:00Z'))).toBe(at('2026-11-24T10:00:08Z') + READ_SETTLE_MS);
    // A date on a whole minute may be rounded to the minute (DynamoDB Local): the whole minute counts.
    expect(holdsUntil(at('2026-11-24T10:00:00Z'), at('2026-11-24T11:30:00Z'))).toBe(at('2026-11-24T10:01:00Z') + READ_SETTLE_MS);
    expect(holdsUntil(at('2026-11-24T10:00:00Z'), at('2026-11-24T10:00:20Z'))).toBe(at('2026-11-24T10:00:20Z') + READ_SETTLE_MS);
  });

  it('counts a job as having read once it started, whatever became of it', () => {
    const cutoff = at('2026-11-24T10:00:13Z');
    expect(readBefore({ status: 'done', startedAt: '2026-11-24T10:00:12.999Z' }, cutoff)).toBe(true);
    expect(readBefore({ status: 'running', startedAt: '2026-11-24T10:00:12.000Z' }, cutoff)).toBe(true);
    expect(readBefore({ status: 'failed', startedAt: '2026-11-24T10:00:12.000Z' }, cutoff)).toBe(true);
    expect(readBefore({ status: 'done', startedAt: '2026-11-24T10:00:13.000Z' }, cutoff)).toBe(false);
    expect(readBefore({ status: 'queued' }, cutoff)).toBe(false);
  });
});

describe('a confirmed signer removed, in the signatures stream', () => {
  const removal = (sk: string, status: string, eventName: DynamoDBRecord['eventName'] = 'REMOVE', pk = 'free-them#07'): DynamoDBRecord => ({
    eventName,
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      OldImage: { pk: { S: pk }, sk: { S: sk }, status: { S: status } },
      ApproximateCreationDateTime: 1_795_000_007,
    },
  });
  const consumer = streamConsumers.find((c) => c.name === 'follow-signatures')!;
  const filter = streamFilter(consumer.only!, 'sk');

  it('is a REMOVE of a confirmed signature item, and nothing else', () => {
    expect(confirmedRemoval(removal('a1b2', 'confirmed'))).toEqual({ slug: 'free-them', at: 1_795_000_007_000 });
    for (const record of [
      removal('a1b2', 'pending'), // a pending signature withdrawn or expired: never in an export
      removal('withdrawn#0b1c', 'confirmed'), // a tombstone
      removal('sub#0b1c', 'confirmed'), // a submission item (never confirmed, and never a signer)
      removal('a1b2', 'confirmed', 'MODIFY'),
      removal('a1b2', 'confirmed', 'REMOVE', 'free-them'), // not a signature partition
      { ...removal('a1b2', 'confirmed'), dynamodb: { ...removal('a1b2', 'confirmed').dynamodb, OldImage: { status: { S: 'confirmed' }, erasedAt: { S: '2027-01-01T00:00:00Z' } } } }, // retention's move to an anonymous key
    ]) {
      expect(confirmedRemoval(record), JSON.stringify(record.dynamodb?.Keys)).toBeUndefined();
    }
  });

  it('is what the event filters let through (with new submissions, for the mail), so the consumer is not called for every signature', () => {
    expect(filter(removal('a1b2', 'confirmed'))).toBe(true);
    expect(filter(removal('a1b2', 'pending'))).toBe(false);
    expect(filter(removal('a1b2', 'confirmed', 'MODIFY'))).toBe(false);
    expect(filter({ eventName: 'INSERT', dynamodb: { Keys: { sk: { S: 'withdrawn#1' } }, NewImage: { status: { S: 'withdrawn' } } } })).toBe(false);
    expect(filter({ eventName: 'INSERT', dynamodb: { Keys: { sk: { S: 'sub#1' } }, NewImage: { status: { S: 'pending' } } } })).toBe(true);
    expect(filter({ eventName: 'MODIFY', dynamodb: { Keys: { sk: { S: 'sub#1' } }, NewImage: { status: { S: 'pending' } } } })).toBe(false);
  });

  it('keeps, per campaign, the latest removal of a batch', () => {
    const later = { ...removal('c3d4', 'confirmed'), dynamodb: { ...removal('c3d4', 'confirmed').dynamodb, ApproximateCreationDateTime: 1_795_000_009 } };
    const elsewhere = removal('e5f6', 'confirmed', 'REMOVE', 'other-one#00');
    expect(latestRemovals([removal('a1b2', 'confirmed'), later, removal('x', 'pending'), elsewhere])).toEqual(
      new Map([
        ['free-them', 1_795_000_009_000],
        ['other-one', 1_795_000_007_000],
      ]),
    );
  });
});

describe('download names', () => {
  it('are the title and day, with unsafe characters gone', () => {
    expect(downloadName('Free the "defenders" / now', { format: 'csv', createdAt: '2026-11-24T10:00:00.000Z' })).toBe(
      'Free the defenders now – signatures 2026-11-24.csv',
    );
    expect(downloadName('თავისუფლება', { format: 'pdf', createdAt: '2026-11-24T10:00:00.000Z' })).toBe('თავისუფლება – dossier 2026-11-24.pdf');
  });

  it('carry a UTF-8 name (RFC 5987) and an ASCII fallback in Content-Disposition', () => {
    const header = contentDisposition("თავისუფლება – it's 2026.csv", 'free-them-signatures.csv');
    expect(header).toMatch(/^attachment; filename="free-them-signatures\.csv"; filename\*=UTF-8''/);
    const encoded = header.split("UTF-8''")[1]!;
    expect(encoded).toMatch(/^[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(encoded)).toBe("თავისუფლება – it's 2026.csv");
    expect(contentDisposition('x', 'bad"name\\ä.csv')).toContain('filename="bad_name__.csv"');
  });
});

describe('merging shards', () => {
  async function* source(items: number[], delay: number) {
    for (const item of items) {
      await new Promise((r) => setTimeout(r, delay));
      yield item;
    }
  }

  it('yields every item of every source once, whatever the concurrency', async () => {
    for (const concurrency of [1, 2, 5]) {
      const sources = [source([1, 2, 3], 2), source([], 1), source([4], 0), source([5, 6], 1), source([7, 8, 9, 10], 0)];
      const seen: number[] = [];
      for await (const item of merge(sources, concurrency)) seen.push(item);
      expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it('never reads more than `concurrency` sources at once, and closes them when stopped early', async () => {
    let open = 0;
    let most = 0;
    let closed = 0;
    async function* counted(n: number) {
      open++;
      most = Math.max(most, open);
      try {
        for (let i = 0; i < n; i++) {
          await new Promise((r) => setTimeout(r, 1));
          yield i;
        }
      } finally {
        open--;
        closed++;
      }
    }
    let taken = 0;
    for await (const _ of merge([counted(5), counted(5), counted(5), counted(5)], 2)) {
      if (++taken === 3) break;
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(open).toBe(0);
    expect(closed).toBe(2);
  });

  it('passes a failing source on', async () => {
    async function* failing() {
      yield 1;
      throw new Error('read failed');
    }
    const run = async () => {
      for await (const _ of merge([failing(), source([2, 3], 5)], 2)) {
        // keep reading
      }
    };
    await expect(run()).rejects.toThrow('read failed');
  });
});
