/**
 * "Updated 12:04" under the public count: when the count endpoint last said it was current (`asOf`),
 * in the reader's language and locale. The time alone when it is today where the reader is; the date
 * and time when older (a closed campaign's count stops moving). Both from the locale data the page
 * ships (app/format.ts), not the browser's Intl.
 */
import { formatDate, formatShortTime } from '../app/format.ts';
import { fill } from '../app/text.ts';
import { strings } from '../app/strings.ts';

/** Whether two instants fall on the same calendar day in the reader's time zone. */
export function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** The line to show, or undefined for a missing or unreadable `asOf`. */
export function countUpdatedText(asOf: string | undefined, now: number): string | undefined {
  if (asOf === undefined) return undefined;
  const at = new Date(asOf);
  if (Number.isNaN(at.getTime())) return undefined;
  // A clock a little behind the server's would make "now" earlier than asOf: still today.
  return sameLocalDay(at, new Date(Math.max(now, at.getTime())))
    ? fill(strings.countUpdated.time, { time: formatShortTime(at.getTime()) })
    : fill(strings.countUpdated.date, { date: formatDate(asOf) ?? '' });
}
