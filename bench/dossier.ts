/**
 * Delivery dossier PDF: time, pages, size and peak memory for N synthetic signatories.
 *
 *   npx tsx bench/dossier.ts 10000 [out.pdf]
 *   node --max-old-space-size=128 --import tsx bench/dossier.ts 100000   # as `npm run bench` runs it
 *
 * Without a file name the PDF goes to a sink that only counts bytes (and is slow to drain now and
 * then, so backpressure is exercised). Peak RSS is sampled every 50 ms; with a flat memory profile
 * it stays about the same for 10,000 and 100,000 signatories.
 *
 * As the export runner does (functions/usecases/run-export.ts), the signatories are held (SignatoryTable) and sorted
 * (by text version, then confirmation) before the dossier is laid out and drawn from them: the
 * figures include that list. Two fifths signed text version 1, the rest version 2.
 *
 * `npm run bench` caps the JS heap at 128 MB (as for the CSV export): without a cap V8 lets garbage
 * pile up towards its default limit, so peak RSS grows with the size whatever the code keeps (on the
 * loaded two-core machine, 2026-12-06: 276 MB at 100k uncapped, 187 MB capped, against ~150-160 MB
 * at 1k). Finishing 100k under the cap shows what is kept per signatory is small.
 */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { writeDossier, type DossierInput, type Signatory } from '../functions/documents/dossier.ts';
import { SignatoryTable } from '../functions/rules/signatory-order.ts';

const n = Number(process.argv[2] ?? 10_000);
const file = process.argv[3];
if (!Number.isInteger(n) || n < 0) {
  console.error('usage: npx tsx bench/dossier.ts <signatories> [out.pdf]');
  process.exit(2);
}

const GIVEN = ['Nino', 'Giorgi', 'Ani', 'Aram', 'Olena', 'Taras', 'Jiří', 'Ștefan', 'Līga', 'Aydın', 'Әсем', 'Dmitri'];
const FAMILY = ['Beridze', 'Hakobyan', 'Shevchenko', 'Dvořák', 'Bălan', 'Ozoliņa', 'Məmmədov', 'Қасымова', 'Іваненко'];
const GEORGIAN = ['ნინო', 'გიორგი', 'ბერიძე', 'კაპანაძე', 'თამარ'];
const ARMENIAN = ['Անի', 'Հակոբյան', 'Արամ', 'Պետրոսյան'];
const COUNTRIES = ['GE', 'AM', 'UA', 'AZ', 'KZ', 'MD', 'CZ', 'RO', 'LV', 'DE'];

/** Distinct names (a counter in each), so caches keyed by text get no help from repetition. */
function signatory(i: number): Signatory {
  const pick = <T>(list: T[], k: number) => list[k % list.length]!;
  const latin = `${pick(GIVEN, i)} ${pick(FAMILY, i * 7 + 3)}-${i.toString(36)}`;
  const name =
    i % 4 === 0 ? `${latin} / ${pick(GEORGIAN, i)} ${pick(GEORGIAN, i + 2)}` : i % 4 === 1 ? `${pick(ARMENIAN, i)} ${pick(ARMENIAN, i + 1)} ${i}` : latin;
  return {
    name,
    country: pick(COUNTRIES, i * 3),
    textVersion: i <= (n * 2) / 5 ? 1 : 2,
    // Not in list order: the sort has work to do.
    confirmedAt: new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % n) * 1000).toISOString(),
    ...(i % 10 === 0 ? { comment: `Signed in solidarity, №${i}. Солидарность — სოლიდარობა — Համերաշխություն.` } : {}),
  };
}

function signatories(): () => Iterable<Signatory> {
  const table = new SignatoryTable();
  for (let i = 1; i <= n; i++) table.push(signatory(i));
  table.sort('confirmed', 'en');
  return () => table.rows();
}

const byCountry: Record<string, number> = {};
for (let i = 1; i <= n; i++) {
  const c = signatory(i).country!;
  byCountry[c] = (byCountry[c] ?? 0) + 1;
}

const input: DossierInput = {
  kind: 'letter',
  title: 'Free the journalists — თავისუფლება ჟურნალისტებს',
  text: '## Our demands\n\nWe, the undersigned, call for **the immediate release** of the journalists.\n\n- Drop the charges\n- Guarantee press freedom\n',
  version: 2,
  versions: [{ version: 1, title: 'Free the journalists', text: 'We call for the release of the journalists.' }],
  order: 'confirmed',
  targets: [{ name: 'Minister of Justice', office: 'Ministry of Justice' }],
  organisation: { name: 'Bench Civic Union' },
  generatedAt: new Date().toISOString(),
  counts: { total: n, byCountry },
  cosigners: [{ name: 'Example Watch', country: 'GE', website: 'https://example.org' }],
  fields: { country: true, comment: true },
};

let bytes = 0;
let slow = 0;
const sink = file
  ? createWriteStream(file)
  : new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        // Every 50th chunk completes late, like a network upload catching its breath.
        if (++slow % 50 === 0) setTimeout(cb, 5);
        else cb();
      },
    });
if (file) (sink as ReturnType<typeof createWriteStream>).on('finish', () => {});

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

const started = performance.now();
const result = await writeDossier(input, signatories(), sink);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (file) bytes = (sink as ReturnType<typeof createWriteStream>).bytesWritten;

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
console.log(
  JSON.stringify({
    signatories: result.signatories,
    pages: result.pages,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(result.signatories / seconds),
    size: mb(bytes),
    peakRss: mb(peak),
    ...(file ? { file } : {}),
  }),
);
