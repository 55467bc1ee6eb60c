/**
 * The campaign editor's rules: limits, the slug suggestion, dates, checks, the payload and the patch.
 * Pure: editor.ts only glues these to elements.
 */
import anyAscii from 'any-ascii';
import { fill } from '../../app/text.ts';
import { CAMPAIGN_LIMITS as SERVER_LIMITS, DEFAULT_SIGNER_FIELDS, EMAIL, RETENTION_DAYS, SLUG, storedLength } from '../../../../functions/rules/limits.ts';
import type { Kind, SignerFields } from '../../campaign/campaign-data.ts';
import { type Campaign, type CampaignStatus, DEFAULT_RETENTION_DAYS, type OrgTarget } from '../shell/campaign-data.ts';

// The campaign editor
// ---------------------------------------------------------------------------------------------

/** The server's limits (functions/rules/limits.ts), with the retention bounds the editor's fields use. */
export const CAMPAIGN_LIMITS = { ...SERVER_LIMITS, retentionMin: RETENTION_DAYS.min, retentionMax: RETENTION_DAYS.max } as const;

/** What the editor's controls hold, as strings (the form is the source; this is its snapshot). */
export interface CampaignForm {
  title: string;
  kind: Kind;
  slug: string;
  text: string;
  targets: { name: string; office: string; email: string }[];
  goal: string;
  /** `YYYY-MM-DD` from a date input, or ''. */
  deadline: string;
  publicSigners: boolean;
  retentionDays: string;
  country: SignerFields['country'];
  comment: SignerFields['comment'];
  /** The language title and text are written in (the original; translations are in others). */
  language: string;
}

export interface CampaignPayload {
  slug?: string;
  kind?: Kind;
  title: string;
  text: string;
  targets: OrgTarget[];
  goal: number;
  /** null in a PATCH clears a deadline that was set. */
  deadline?: string | null;
  publicSigners: boolean;
  retentionDays: number;
  signerFields: SignerFields;
  language: string;
}

/**
 * A slug suggested from the title, in any script we serve: any-ascii transliterates Georgian,
 * Armenian, Cyrillic (Kazakh and Ukrainian letters too), Azerbaijani ə and Latin accents into ASCII
 * ("თავისუფლება" → "tavisupleba", "Ազատություն" → "azatowtyown", "Қазақ" → "qazaq"). Apostrophes the
 * transliteration writes for ejectives are dropped, so a word stays whole. Then lower-case letters,
 * digits and hyphens, at most 80 characters, cut at a word.
 */
export function suggestSlug(title: string): string {
  let slug = anyAscii(title.normalize('NFC'))
    .replace(/['`]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > CAMPAIGN_LIMITS.slugMax) {
    slug = slug.slice(0, CAMPAIGN_LIMITS.slugMax + 1);
    const cut = slug.lastIndexOf('-');
    slug = (cut >= CAMPAIGN_LIMITS.slugMin ? slug.slice(0, cut) : slug.slice(0, CAMPAIGN_LIMITS.slugMax)).replace(/-+$/, '');
  }
  return slug.length >= CAMPAIGN_LIMITS.slugMin ? slug : '';
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A date input's `YYYY-MM-DD` → the end of that day in the organiser's time zone, as an ISO time
 * with that zone's offset (signing closes when that day is over where they are).
 * `offsetMinutes` is `Date#getTimezoneOffset()` for that day (UTC−local, e.g. −240 in Tbilisi).
 */
export function deadlineToIso(date: string, offsetMinutes: number): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  const east = -offsetMinutes;
  const sign = east >= 0 ? '+' : '-';
  const abs = Math.abs(east);
  return `${date}T23:59:59${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An ISO time → the `YYYY-MM-DD` of that moment in the browser's time zone, for a date input. */
export function isoToDateInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local offset (as Date#getTimezoneOffset) on the given `YYYY-MM-DD`, at the end of the day. */
export function localOffsetOn(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return new Date().getTimezoneOffset();
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).getTimezoneOffset();
}

export function campaignToForm(c: Campaign): CampaignForm {
  return {
    title: c.title,
    kind: c.kind,
    slug: c.slug,
    text: c.text,
    targets: c.targets.map((t) => ({ name: t.name, office: t.office ?? '', email: t.email ?? '' })),
    goal: String(c.goal || ''),
    deadline: isoToDateInput(c.deadline),
    publicSigners: c.publicSigners,
    retentionDays: String(c.retentionDays),
    country: c.signerFields.country,
    comment: c.signerFields.comment,
    language: c.language,
  };
}

/** A new campaign's form; it is written in the organiser's language unless they choose another. */
export function emptyCampaignForm(language = 'en'): CampaignForm {
  return {
    title: '',
    kind: 'petition',
    slug: '',
    text: '',
    targets: [{ name: '', office: '', email: '' }],
    goal: '',
    deadline: '',
    publicSigners: false,
    retentionDays: String(DEFAULT_RETENTION_DAYS),
    // What the server gives a new campaign that does not say (functions/rules/limits.ts).
    country: DEFAULT_SIGNER_FIELDS.country,
    comment: DEFAULT_SIGNER_FIELDS.comment,
    language,
  };
}

export interface CampaignMessages {
  required: string;
  tooLong: string;
  slug: string;
  email: string;
  wholeNumber: string;
  atLeast: string;
  atMost: string;
  targetsMax: string;
  date: string;
  deadlinePast: string;
}

/** Field keys use the API's paths (`targets.0.name`), so client and server errors land in the same place. */
export type CampaignErrors = Record<string, string>;

function wholeNumber(s: string): number | undefined {
  const t = s.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/**
 * The checks the server also makes (its schema stays the authority), so most mistakes are shown
 * without a round trip. `isNew` (or `editsSlug`, for a draft) adds the slug; `today` (`YYYY-MM-DD`)
 * rejects a deadline in the past.
 */
export function validateCampaignForm(
  form: CampaignForm,
  messages: CampaignMessages,
  opts: { isNew: boolean; editsSlug?: boolean; today?: string },
): CampaignErrors {
  const e: CampaignErrors = {};
  // Lengths as the server counts them (storedLength); the characters a text may hold are the server's check.
  const text = (key: string, value: string, max: number, required: boolean, multiline = false): void => {
    const v = value.trim();
    if (v === '') {
      if (required) e[key] = messages.required;
    } else if (storedLength(v, { multiline }) > max) e[key] = fill(messages.tooLong, { max });
  };
  text('title', form.title, CAMPAIGN_LIMITS.title, true);
  if (opts.isNew || opts.editsSlug) {
    const slug = form.slug.trim();
    if (slug === '') e.slug = messages.required;
    else if (!SLUG.test(slug)) e.slug = messages.slug;
  }
  text('text', form.text, CAMPAIGN_LIMITS.text, true, true);

  if (form.targets.length > CAMPAIGN_LIMITS.targetsMax) e.targets = fill(messages.targetsMax, { max: CAMPAIGN_LIMITS.targetsMax });
  form.targets.forEach((t, i) => {
    text(`targets.${i}.name`, t.name, CAMPAIGN_LIMITS.targetName, true);
    text(`targets.${i}.office`, t.office, CAMPAIGN_LIMITS.targetOffice, false);
    const email = t.email.trim();
    if (email !== '' && (email.length > CAMPAIGN_LIMITS.email || !EMAIL.test(email))) e[`targets.${i}.email`] = messages.email;
  });

  const goal = wholeNumber(form.goal);
  if (form.goal.trim() === '') e.goal = messages.required;
  else if (goal === undefined) e.goal = messages.wholeNumber;
  else if (goal < CAMPAIGN_LIMITS.goalMin) e.goal = fill(messages.atLeast, { min: CAMPAIGN_LIMITS.goalMin });
  else if (goal > CAMPAIGN_LIMITS.goalMax) e.goal = fill(messages.atMost, { max: CAMPAIGN_LIMITS.goalMax });

  if (form.deadline !== '') {
    if (deadlineToIso(form.deadline, 0) === undefined) e.deadline = messages.date;
    else if (opts.today && form.deadline < opts.today) e.deadline = messages.deadlinePast;
  }

  const days = wholeNumber(form.retentionDays);
  if (form.retentionDays.trim() === '') e.retentionDays = messages.required;
  else if (days === undefined) e.retentionDays = messages.wholeNumber;
  else if (days < CAMPAIGN_LIMITS.retentionMin) e.retentionDays = fill(messages.atLeast, { min: CAMPAIGN_LIMITS.retentionMin });
  else if (days > CAMPAIGN_LIMITS.retentionMax) e.retentionDays = fill(messages.atMost, { max: CAMPAIGN_LIMITS.retentionMax });
  return e;
}

/**
 * The JSON body for POST /api/org/campaigns (with slug and kind) or the full set of editable fields
 * for a PATCH (without them, but with the slug of a draft: `editsSlug`). Empty optional parts are
 * left out; run validateCampaignForm first.
 */
export function buildCampaignPayload(
  form: CampaignForm,
  opts: { isNew: boolean; editsSlug?: boolean; offsetOn?: (date: string) => number },
): CampaignPayload {
  const payload: CampaignPayload = {
    title: form.title.trim(),
    text: form.text.replace(/\r\n?/g, '\n').trim(),
    targets: form.targets.map((t) => {
      const target: OrgTarget = { name: t.name.trim() };
      if (t.office.trim() !== '') target.office = t.office.trim();
      if (t.email.trim() !== '') target.email = t.email.trim();
      return target;
    }),
    goal: Number(form.goal.trim()),
    publicSigners: form.publicSigners,
    retentionDays: Number(form.retentionDays.trim()),
    signerFields: { country: form.country, comment: form.comment },
    language: form.language,
  };
  if (opts.isNew || opts.editsSlug) payload.slug = form.slug.trim();
  if (opts.isNew) payload.kind = form.kind;
  if (form.deadline !== '') {
    const iso = deadlineToIso(form.deadline, (opts.offsetOn ?? localOffsetOn)(form.deadline));
    if (iso) payload.deadline = iso;
  }
  return payload;
}

/**
 * Only what changed, for PATCH: an unchanged title or text must not make the server keep a new
 * text version. A deadline that was set and is now empty is sent as null. Deadlines are compared by
 * day, so re-saving does not shift one by a time zone.
 */
export function campaignPatch(original: Campaign, payload: CampaignPayload): Partial<CampaignPayload> {
  const patch: Partial<CampaignPayload> = {};
  // Only a draft's form carries the slug (buildCampaignPayload's `editsSlug`).
  if (payload.slug !== undefined && payload.slug !== original.slug) patch.slug = payload.slug;
  if (payload.title !== original.title) patch.title = payload.title;
  if (payload.text !== original.text.replace(/\r\n?/g, '\n').trim()) patch.text = payload.text;
  const targetsBefore = original.targets.map((t) => ({ name: t.name, ...(t.office ? { office: t.office } : {}), ...(t.email ? { email: t.email } : {}) }));
  if (JSON.stringify(payload.targets) !== JSON.stringify(targetsBefore)) patch.targets = payload.targets;
  if (payload.goal !== original.goal) patch.goal = payload.goal;
  if (payload.publicSigners !== original.publicSigners) patch.publicSigners = payload.publicSigners;
  if (payload.retentionDays !== original.retentionDays) patch.retentionDays = payload.retentionDays;
  if (payload.language !== original.language) patch.language = payload.language;
  if (payload.signerFields.country !== original.signerFields.country || payload.signerFields.comment !== original.signerFields.comment) {
    patch.signerFields = payload.signerFields;
  }
  const dayBefore = isoToDateInput(original.deadline);
  const dayAfter = isoToDateInput(payload.deadline ?? undefined);
  if (dayBefore !== dayAfter) patch.deadline = payload.deadline ?? null;
  return patch;
}

/**
 * Which original languages the editor offers and whether the choice may change (the server's rule,
 * functions/usecases/campaigns.ts): never a language the campaign has a translation in, and once it has
 * opened, only while it has no translations (they were made from the original as it was labelled).
 */
export function languageChoice(c: Pick<Campaign, 'status' | 'language' | 'translations'> | undefined): { fixed: boolean; excluded: string[] } {
  if (!c) return { fixed: false, excluded: [] };
  const translated = Object.keys(c.translations).filter((l) => l !== c.language);
  return { fixed: c.status !== 'draft' && translated.length > 0, excluded: translated };
}

/** Whether saving this patch makes the server keep the current text as an earlier version. */
export function keepsTextVersion(status: CampaignStatus, patch: Partial<CampaignPayload>): boolean {
  return status !== 'draft' && (patch.title !== undefined || patch.text !== undefined);
}

/** The editor's field keys in the order they appear, for focusing the first invalid one. */
export function campaignFieldOrder(targetCount: number): string[] {
  const order = ['title', 'kind', 'slug', 'language', 'text', 'targets'];
  for (let i = 0; i < targetCount; i++) order.push(`targets.${i}.name`, `targets.${i}.office`, `targets.${i}.email`);
  order.push('goal', 'deadline', 'publicSigners', 'retentionDays', 'signerFields.country', 'signerFields.comment', 'signerFields');
  return order;
}

// ---------------------------------------------------------------------------------------------
