/**
 * Pure logic for the organiser pages: no DOM, no fetch, no globals. Unit-tested in
 * test/unit/web-organiser.test.ts; the org-*.ts view modules only glue these to elements.
 * Routes live with the others in logic.ts (parseRoute).
 */
import anyAscii from 'any-ascii';
import { fill, isRecord, parseCosigners, parseDelivery, parseSignerFields, parseTargets, safeWebsite, type Cosigner, type Delivery, type Kind, type SignerFields, type Target } from '../../app/logic.ts';

// ---------------------------------------------------------------------------------------------
// Roles and sessions
// ---------------------------------------------------------------------------------------------

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
const rank: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Whether `role` may do what `least` may (the server decides; this only hides buttons that would fail). */
export function hasRole(role: Role, least: Role): boolean {
  return rank[role] >= rank[least];
}

function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export interface Me {
  email: string;
  role: Role;
  organisation: { id: string; name: string };
  organisations: { id: string; name: string; role: Role }[];
}

export function parseMe(v: unknown): Me | null {
  if (!isRecord(v) || typeof v.email !== 'string' || !isRole(v.role) || !isRecord(v.organisation)) return null;
  const org = v.organisation;
  if (typeof org.id !== 'string' || typeof org.name !== 'string') return null;
  const organisations: Me['organisations'] = [];
  if (Array.isArray(v.organisations)) {
    for (const o of v.organisations) {
      if (isRecord(o) && typeof o.id === 'string' && typeof o.name === 'string' && isRole(o.role)) organisations.push({ id: o.id, name: o.name, role: o.role });
    }
  }
  return { email: v.email, role: v.role, organisation: { id: org.id, name: org.name }, organisations };
}

export type SessionOutcome = 'signedIn' | 'expired' | 'busy' | 'error';

/**
 * What POST /api/auth/session answered. A link that is unknown, used or past its 15 minutes is a
 * 401 (or 400/404/410 from a stricter server): the same advice fits all of them, get a new link.
 */
export function classifySessionStatus(status: number): SessionOutcome {
  if (status >= 200 && status < 300) return 'signedIn';
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 410) return 'expired';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

// ---------------------------------------------------------------------------------------------
// API paths
// ---------------------------------------------------------------------------------------------

export type CampaignSuffix = '' | '/status' | '/delivery' | '/cosign-invites' | '/dashboard' | '/exports';

export function orgCampaignApiPath(slug: string, suffix: CampaignSuffix = ''): string {
  return `/api/org/campaigns/${encodeURIComponent(slug)}${suffix}`;
}

export function orgExportApiPath(slug: string, jobId: string): string {
  return `${orgCampaignApiPath(slug, '/exports')}/${encodeURIComponent(jobId)}`;
}

export function orgMemberApiPath(memberId: string): string {
  return `/api/org/members/${encodeURIComponent(memberId)}`;
}

export function orgTokenApiPath(tokenId: string): string {
  return `/api/org/tokens/${encodeURIComponent(tokenId)}`;
}

// ---------------------------------------------------------------------------------------------
// Campaigns
// ---------------------------------------------------------------------------------------------

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed', 'delivered'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

function isStatus(v: unknown): v is CampaignStatus {
  return typeof v === 'string' && (CAMPAIGN_STATUSES as readonly string[]).includes(v);
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export interface CampaignSummary {
  slug: string;
  kind: Kind;
  title: string;
  status: CampaignStatus;
  count: number;
  pending: number;
  goal: number;
  createdAt?: string;
}

function parseCampaignSummary(v: unknown): CampaignSummary | null {
  if (!isRecord(v) || typeof v.slug !== 'string' || v.slug === '' || typeof v.title !== 'string') return null;
  const s: CampaignSummary = {
    slug: v.slug,
    kind: v.kind === 'letter' ? 'letter' : 'petition',
    title: v.title,
    status: isStatus(v.status) ? v.status : 'draft',
    count: count(v.count),
    pending: count(v.pending),
    goal: count(v.goal),
  };
  const createdAt = str(v.createdAt);
  if (createdAt) s.createdAt = createdAt;
  return s;
}

/** `{ campaigns: [...] }` → the valid ones; null when the body is not a list at all. */
export function parseCampaignList(v: unknown): CampaignSummary[] | null {
  if (!isRecord(v) || !Array.isArray(v.campaigns)) return null;
  return v.campaigns.map(parseCampaignSummary).filter((c): c is CampaignSummary => c !== null);
}

export interface OrgTarget {
  name: string;
  office?: string;
  email?: string;
}

export interface OrgCosigner extends Cosigner {
  id?: string;
  signedAt?: string;
}

export interface Campaign extends CampaignSummary {
  text: string;
  textHtml?: string;
  targets: OrgTarget[];
  deadline?: string;
  publicSigners: boolean;
  retentionDays: number;
  signerFields: SignerFields;
  version: number;
  versions: { version: number; savedAt: string }[];
  cosigners: OrgCosigner[];
  delivery?: Delivery;
  /** The original's language code ('en' for campaigns from before languages). */
  language: string;
  /** Translations of title and text by language; `sourceVersion` is the original's version they were made from. */
  translations: Record<string, CampaignTranslation>;
}

export interface CampaignTranslation {
  title: string;
  text: string;
  sourceVersion: number;
}

export function parseTranslations(v: unknown): Record<string, CampaignTranslation> {
  const out: Record<string, CampaignTranslation> = {};
  if (!isRecord(v)) return out;
  for (const [lang, t] of Object.entries(v)) {
    if (!/^[a-z]{2}$/.test(lang) || !isRecord(t) || typeof t.title !== 'string' || typeof t.text !== 'string') continue;
    out[lang] = { title: t.title, text: t.text, sourceVersion: typeof t.sourceVersion === 'number' ? t.sourceVersion : 1 };
  }
  return out;
}

export function orgTranslationApiPath(slug: string, lang: string): string {
  return `${orgCampaignApiPath(slug)}/translations/${encodeURIComponent(lang)}`;
}

export const DEFAULT_RETENTION_DAYS = 90;

export function parseCampaign(v: unknown): Campaign | null {
  const summary = parseCampaignSummary(v);
  if (!summary || !isRecord(v)) return null;
  const targets: OrgTarget[] = [];
  if (Array.isArray(v.targets)) {
    for (const t of v.targets) {
      if (!isRecord(t) || typeof t.name !== 'string') continue;
      const target: OrgTarget = { name: t.name };
      if (typeof t.office === 'string' && t.office !== '') target.office = t.office;
      if (typeof t.email === 'string' && t.email !== '') target.email = t.email;
      targets.push(target);
    }
  }
  const versions: Campaign['versions'] = [];
  if (Array.isArray(v.versions)) {
    for (const x of v.versions) {
      if (isRecord(x) && typeof x.version === 'number' && typeof x.savedAt === 'string') versions.push({ version: x.version, savedAt: x.savedAt });
    }
  }
  // The co-signer parser of the public page, plus what only organisers see.
  const cosigners: OrgCosigner[] = [];
  for (const raw of Array.isArray(v.cosigners) ? v.cosigners : []) {
    const [c] = parseCosigners([raw]);
    if (!c || !isRecord(raw)) continue;
    const out: OrgCosigner = { ...c };
    const id = str(raw.id);
    const signedAt = str(raw.signedAt);
    if (id) out.id = id;
    if (signedAt) out.signedAt = signedAt;
    cosigners.push(out);
  }
  const campaign: Campaign = {
    ...summary,
    text: typeof v.text === 'string' ? v.text : '',
    targets,
    publicSigners: v.publicSigners === true,
    retentionDays: typeof v.retentionDays === 'number' && v.retentionDays > 0 ? v.retentionDays : DEFAULT_RETENTION_DAYS,
    signerFields: parseSignerFields(v.signerFields),
    version: typeof v.version === 'number' && v.version > 0 ? v.version : 1,
    versions,
    cosigners,
    language: typeof v.language === 'string' ? v.language : 'en',
    translations: parseTranslations(v.translations),
  };
  const textHtml = str(v.textHtml);
  if (textHtml) campaign.textHtml = textHtml;
  const deadline = str(v.deadline);
  if (deadline && !Number.isNaN(Date.parse(deadline))) campaign.deadline = deadline;
  const delivery = parseDelivery(v.delivery);
  if (delivery) campaign.delivery = delivery;
  return campaign;
}

export type StatusAction = 'open' | 'close' | 'reopen' | 'deliver';

/** The status changes offered for a campaign: what the server allows from this status, for editors and owners. */
/** Whether the campaign's Edit is offered: an editor's, and never once delivered (the server refuses it, 409 `delivered`). */
export function canEditCampaign(status: CampaignStatus, role: Role): boolean {
  return hasRole(role, 'editor') && status !== 'delivered';
}

export function statusActions(status: CampaignStatus, role: Role): StatusAction[] {
  if (!hasRole(role, 'editor')) return [];
  switch (status) {
    case 'draft':
      return ['open'];
    case 'open':
      return ['close'];
    case 'closed':
      return ['reopen', 'deliver'];
    case 'delivered':
      return [];
  }
}

/** The body of POST …/status for an action (delivery has its own form and route). */
export function statusBody(action: Exclude<StatusAction, 'deliver'>): { status: 'open' | 'closed' } {
  return { status: action === 'close' ? 'closed' : 'open' };
}

// ---------------------------------------------------------------------------------------------
// The campaign editor
// ---------------------------------------------------------------------------------------------

export const CAMPAIGN_LIMITS = {
  title: 200,
  text: 20_000,
  targetName: 200,
  targetOffice: 200,
  email: 254,
  slugMin: 3,
  slugMax: 80,
  targetsMax: 20,
  goalMax: 100_000_000,
  retentionMax: 3650,
} as const;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/;

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
    country: 'required',
    comment: 'optional',
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

function codePoints(s: string): number {
  return Array.from(s).length;
}

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
  const text = (key: string, value: string, max: number, required: boolean): void => {
    const v = value.trim();
    if (v === '') {
      if (required) e[key] = messages.required;
    } else if (codePoints(v) > max) e[key] = fill(messages.tooLong, { max });
  };
  text('title', form.title, CAMPAIGN_LIMITS.title, true);
  if (opts.isNew || opts.editsSlug) {
    const slug = form.slug.trim();
    if (slug === '') e.slug = messages.required;
    else if (!SLUG.test(slug)) e.slug = messages.slug;
  }
  text('text', form.text, CAMPAIGN_LIMITS.text, true);

  if (form.targets.length > CAMPAIGN_LIMITS.targetsMax) e.targets = fill(messages.targetsMax, { max: CAMPAIGN_LIMITS.targetsMax });
  form.targets.forEach((t, i) => {
    text(`targets.${i}.name`, t.name, CAMPAIGN_LIMITS.targetName, true);
    text(`targets.${i}.office`, t.office, CAMPAIGN_LIMITS.targetOffice, false);
    const email = t.email.trim();
    if (email !== '' && (email.length > CAMPAIGN_LIMITS.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) e[`targets.${i}.email`] = messages.email;
  });

  const goal = wholeNumber(form.goal);
  if (form.goal.trim() === '') e.goal = messages.required;
  else if (goal === undefined) e.goal = messages.wholeNumber;
  else if (goal < 1) e.goal = fill(messages.atLeast, { min: 1 });
  else if (goal > CAMPAIGN_LIMITS.goalMax) e.goal = fill(messages.atMost, { max: CAMPAIGN_LIMITS.goalMax });

  if (form.deadline !== '') {
    if (deadlineToIso(form.deadline, 0) === undefined) e.deadline = messages.date;
    else if (opts.today && form.deadline < opts.today) e.deadline = messages.deadlinePast;
  }

  const days = wholeNumber(form.retentionDays);
  if (form.retentionDays.trim() === '') e.retentionDays = messages.required;
  else if (days === undefined) e.retentionDays = messages.wholeNumber;
  else if (days < 1) e.retentionDays = fill(messages.atLeast, { min: 1 });
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
 * functions/domain/campaigns.ts): never a language the campaign has a translation in, and once it has
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
// Field errors from the API
// ---------------------------------------------------------------------------------------------

export interface OrgError {
  code?: string;
  message?: string;
  /** Messages by a key the form knows (the API key itself, or its nearest known parent). */
  fields: Record<string, string>;
  /** Messages for keys the form has no place for, so they are still shown. */
  other: string[];
}

/**
 * The key where a server message belongs: the key itself when the form has it, else its nearest
 * parent (`targets.3` → `targets`, `signerFields.x` → `signerFields`), else undefined.
 */
export function resolveFieldKey(key: string, known: readonly string[]): string | undefined {
  const parts = key.split('.');
  while (parts.length > 0) {
    const candidate = parts.join('.');
    if (known.includes(candidate)) return candidate;
    parts.pop();
  }
  return undefined;
}

/** `{ error: { code, message, fields } }` (or anything else) → what a form shows, where. */
export function mapOrgError(body: unknown, known: readonly string[]): OrgError {
  const out: OrgError = { fields: {}, other: [] };
  if (!isRecord(body) || !isRecord(body.error)) return out;
  const err = body.error;
  if (typeof err.code === 'string' && err.code !== '') out.code = err.code;
  if (typeof err.message === 'string' && err.message.trim() !== '') out.message = err.message;
  if (isRecord(err.fields)) {
    for (const [key, value] of Object.entries(err.fields)) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      const at = resolveFieldKey(key, known);
      if (at === undefined) out.other.push(value);
      else if (out.fields[at] === undefined) out.fields[at] = value;
      else if (!out.fields[at].includes(value)) out.fields[at] = `${out.fields[at]} ${value}`;
    }
  }
  return out;
}

/** The first key of `order` that has an error. */
export function firstErrorKey(errors: Record<string, string>, order: readonly string[]): string | undefined {
  return order.find((k) => errors[k] !== undefined) ?? Object.keys(errors)[0];
}

// ---------------------------------------------------------------------------------------------
// The dashboard
// ---------------------------------------------------------------------------------------------

/** A stream batch's confirmations (withdrawals are only counted per day: see DayWithdrawals). */
export interface Activity {
  at: string;
  confirmed: number;
  countries: Record<string, number>;
}

/** Confirmed signatures withdrawn on one UTC day (`2026-11-24`): all the API tells of withdrawals. */
export interface DayWithdrawals {
  day: string;
  count: number;
}

export interface Dashboard {
  count: number;
  pending: number;
  asOf?: string;
  countries: Record<string, number>;
  /** Confirmations per UTC hour. */
  timeline: { hour: string; count: number }[];
  /** Withdrawals per UTC day, oldest first. */
  withdrawals: DayWithdrawals[];
  recent: Activity[];
}

function countryCounts(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(v)) return out;
  for (const [code, n] of Object.entries(v)) {
    if (/^[A-Z]{2}$/.test(code) && typeof n === 'number' && Number.isFinite(n) && n !== 0) out[code] = Math.trunc(n);
  }
  return out;
}

export function parseDashboard(v: unknown): Dashboard | null {
  if (!isRecord(v) || typeof v.count !== 'number' || !Number.isFinite(v.count)) return null;
  const timeline: Dashboard['timeline'] = [];
  if (Array.isArray(v.timeline)) {
    for (const p of v.timeline) {
      if (isRecord(p) && typeof p.hour === 'string' && hourStart(p.hour) !== undefined && typeof p.count === 'number' && Number.isFinite(p.count)) {
        timeline.push({ hour: p.hour, count: p.count });
      }
    }
  }
  const withdrawals: DayWithdrawals[] = [];
  if (Array.isArray(v.withdrawals)) {
    for (const w of v.withdrawals) {
      if (isRecord(w) && typeof w.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(w.day) && count(w.count) > 0) withdrawals.push({ day: w.day, count: count(w.count) });
    }
  }
  const recent: Activity[] = [];
  if (Array.isArray(v.recent)) {
    for (const a of v.recent) {
      if (!isRecord(a) || typeof a.at !== 'string' || Number.isNaN(Date.parse(a.at))) continue;
      recent.push({ at: a.at, confirmed: count(a.confirmed), countries: countryCounts(a.countries) });
    }
  }
  const d: Dashboard = {
    count: Math.max(0, Math.floor(v.count)),
    pending: count(v.pending),
    countries: countryCounts(v.countries),
    timeline,
    withdrawals,
    recent,
  };
  const asOf = str(v.asOf);
  if (asOf) d.asOf = asOf;
  return d;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `2026-11-24T13` (the TIMELINE item's keys) or a full ISO time → the start of that UTC hour, in ms. */
export function hourStart(hour: string): number | undefined {
  const short = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/.exec(hour);
  const ms = short ? Date.UTC(Number(short[1]), Number(short[2]) - 1, Number(short[3]), Number(short[4])) : Date.parse(hour);
  if (Number.isNaN(ms)) return undefined;
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export type Bucket = 'hour' | 'day';

export interface Series {
  /** Start of each bucket, in ms since the epoch, ascending and without gaps. */
  times: number[];
  counts: number[];
}

/** At most this many buckets are drawn (the most recent): about two months of hours. */
export const MAX_BUCKETS = 1500;

/**
 * Net signatures per hour → per hour or per day, with empty buckets filled in so the chart's gaps
 * are real zeros. Days are the browser's days: `offsetAt(ms)` is the local offset east of UTC in
 * minutes at that moment (−Date#getTimezoneOffset), 0 for UTC. `until` (ms) extends the series to
 * the current bucket. Only the most recent MAX_BUCKETS buckets are kept.
 */
export function bucketTimeline(
  points: readonly { hour: string; count: number }[],
  bucket: Bucket,
  opts: { offsetAt?: (ms: number) => number; until?: number } = {},
): Series {
  const offsetAt = opts.offsetAt ?? (() => 0);
  // The start of the local day holding `ms`, as a UTC instant.
  const startOf = (ms: number): number => {
    if (bucket === 'hour') return Math.floor(ms / HOUR_MS) * HOUR_MS;
    const shift = offsetAt(ms) * 60_000;
    const localMidnight = Math.floor((ms + shift) / DAY_MS) * DAY_MS;
    return localMidnight - offsetAt(localMidnight - shift) * 60_000;
  };
  const sums = new Map<number, number>();
  for (const p of points) {
    const ms = hourStart(p.hour);
    if (ms === undefined || !Number.isFinite(p.count)) continue;
    const key = startOf(ms);
    sums.set(key, (sums.get(key) ?? 0) + p.count);
  }
  if (sums.size === 0) return { times: [], counts: [] };
  const keys = [...sums.keys()].sort((a, b) => a - b);
  const first = keys[0] as number;
  let last = keys[keys.length - 1] as number;
  if (opts.until !== undefined && Number.isFinite(opts.until)) last = Math.max(last, startOf(opts.until));

  // Walk back from the end so a long campaign keeps its recent buckets.
  const times: number[] = [];
  for (let t = last; times.length < MAX_BUCKETS; ) {
    times.push(t);
    if (t <= first) break;
    const prev = bucket === 'hour' ? t - HOUR_MS : startOf(t - HOUR_MS);
    if (prev >= t) break;
    t = prev;
  }
  times.reverse();
  return { times, counts: times.map((t) => sums.get(t) ?? 0) };
}

/** Countries by number of signatures, most first; ties by code so the table does not jump around. */
export function countryRows(countries: Record<string, number>): { code: string; count: number }[] {
  return Object.entries(countries)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/** The countries of one activity entry, most first, for "Georgia 2, Armenia 1". */
export function activityCountries(entry: Activity): { code: string; count: number }[] {
  return countryRows(entry.countries);
}

/**
 * "2 min ago" as parts for formatRelative (web/src/format.ts): seconds under a minute (never in the future:
 * clocks differ), minutes under an hour, hours under a day, then days.
 */
export function relativeTime(at: string, now: number): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const ms = Date.parse(at);
  const diff = Number.isNaN(ms) ? 0 : Math.max(0, now - ms);
  const s = Math.floor(diff / 1000);
  if (s < 60) return { value: -s, unit: 'second' };
  if (s < 3600) return { value: -Math.floor(s / 60), unit: 'minute' };
  if (s < 86_400) return { value: -Math.floor(s / 3600), unit: 'hour' };
  return { value: -Math.floor(s / 86_400), unit: 'day' };
}

/** One line of the recent activity: a batch of confirmations, or a UTC day's withdrawals. */
export type RecentEntry = { kind: 'confirmed'; activity: Activity; at: number } | { kind: 'withdrawn'; day: string; count: number; at: number };

/**
 * Recent confirmations and the withdrawals of the last `days` UTC days, newest first. A day's
 * withdrawals are placed at the end of that day (or now, for today): we know only the day, so they
 * come after the day's timed confirmations.
 */
export function recentEntries(d: Pick<Dashboard, 'recent' | 'withdrawals'>, now: number, days = 7): RecentEntry[] {
  const since = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) - (days - 1) * DAY_MS;
  const entries: RecentEntry[] = d.recent
    .filter((a) => a.confirmed > 0)
    .map((activity) => ({ kind: 'confirmed' as const, activity, at: Date.parse(activity.at) }));
  for (const w of d.withdrawals) {
    const start = Date.parse(`${w.day}T00:00:00Z`);
    if (Number.isNaN(start) || start < since || w.count <= 0) continue;
    entries.push({ kind: 'withdrawn', day: w.day, count: w.count, at: Math.min(now, start + DAY_MS - 1) });
  }
  return entries.sort((a, b) => b.at - a.at);
}

/** A stable fingerprint of what the chart draws, to redraw only when it changed. */
export function timelineKey(points: readonly { hour: string; count: number }[]): string {
  return points.map((p) => `${p.hour}=${p.count}`).join(',');
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

/** `outdated`: a signer withdrew after it was made, or retention erased the data; its file is gone. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'outdated';
export type ExportFormat = 'csv' | 'pdf';
export type OutdatedReason = 'withdrawal' | 'erasure';

export interface ExportJob {
  id: string;
  format: ExportFormat;
  status: JobStatus;
  rows: number;
  total: number;
  createdAt: string;
  createdBy?: string;
  finishedAt?: string;
  error?: string;
  /** Why an outdated export is outdated. */
  reason?: OutdatedReason;
  download?: { url: string; expiresAt?: string };
}

const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'outdated'];

export function parseJob(v: unknown): ExportJob | null {
  if (!isRecord(v) || typeof v.id !== 'string' || v.id === '') return null;
  const status: JobStatus = JOB_STATUSES.find((s) => s === v.status) ?? 'queued';
  const job: ExportJob = {
    id: v.id,
    format: v.format === 'pdf' ? 'pdf' : 'csv',
    status,
    rows: count(v.rows),
    total: count(v.total),
    createdAt: typeof v.createdAt === 'string' ? v.createdAt : '',
  };
  const createdBy = str(v.createdBy);
  const finishedAt = str(v.finishedAt);
  const error = str(v.error);
  if (createdBy) job.createdBy = createdBy;
  if (finishedAt) job.finishedAt = finishedAt;
  if (error) job.error = error;
  if (status === 'outdated') job.reason = v.reason === 'erasure' ? 'erasure' : 'withdrawal';
  // An outdated export has no file: a link in it would lead nowhere.
  if (isRecord(v.download) && status === 'done') {
    const url = safeWebsite(v.download.url);
    if (url) {
      job.download = { url };
      const expiresAt = str(v.download.expiresAt);
      if (expiresAt) job.download.expiresAt = expiresAt;
    }
  }
  return job;
}

export function parseJobList(v: unknown): ExportJob[] | null {
  if (!isRecord(v) || !Array.isArray(v.exports)) return null;
  return v.exports.map(parseJob).filter((j): j is ExportJob => j !== null);
}

export function isJobActive(job: ExportJob): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** Percent done (0–100), or null while the total is not known yet. */
export function jobPercent(job: ExportJob): number | null {
  if (job.status === 'done') return 100;
  if (job.total <= 0) return null;
  return Math.min(100, Math.floor((job.rows / job.total) * 100));
}

/** Newest first; a job just created replaces the listed one with the same id. */
export function mergeJobs(list: readonly ExportJob[], updated: ExportJob): ExportJob[] {
  const rest = list.filter((j) => j.id !== updated.id);
  return [updated, ...rest].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Members, API tokens, co-sign invitations
// ---------------------------------------------------------------------------------------------

export interface Member {
  id: string;
  email: string;
  role: Role;
  addedAt?: string;
}

export function parseMember(v: unknown): Member | null {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.email !== 'string' || !isRole(v.role)) return null;
  const m: Member = { id: v.id, email: v.email, role: v.role };
  const addedAt = str(v.addedAt);
  if (addedAt) m.addedAt = addedAt;
  return m;
}

/**
 * What became of an invitation's mail (POST /api/org/members): sent; `limited`, not sent because the
 * organisation has sent this address its invitations for the day; `failed`, not sent. The member is
 * added in every case. An answer without it (an older server) was sent.
 */
export type InvitationOutcome = 'sent' | 'limited' | 'failed';

export function parseInvited(v: unknown): { member: Member; invitation: InvitationOutcome } | null {
  const member = parseMember(v);
  if (!member || !isRecord(v)) return null;
  const invitation = v.invitation === 'limited' || v.invitation === 'failed' ? v.invitation : 'sent';
  return { member, invitation };
}

export function parseMembers(v: unknown): Member[] | null {
  if (!isRecord(v) || !Array.isArray(v.members)) return null;
  return v.members.map(parseMember).filter((m): m is Member => m !== null);
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt?: string;
  /** Who made it: their address while they are a member; absent for a former member. */
  madeBy?: string;
  /** False once its maker is no longer an owner: the server refuses it, and it can only be revoked. */
  active: boolean;
}

function parseToken(v: unknown): ApiToken | null {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.name !== 'string' || !isRole(v.role)) return null;
  // An answer without `active` comes from a server that did not say: the token is taken to work.
  const t: ApiToken = { id: v.id, name: v.name, role: v.role, active: v.active !== false };
  const createdAt = str(v.createdAt);
  if (createdAt) t.createdAt = createdAt;
  const madeBy = isRecord(v.createdBy) ? str(v.createdBy.email) : undefined;
  if (madeBy) t.madeBy = madeBy;
  return t;
}

export function parseTokens(v: unknown): ApiToken[] | null {
  if (!isRecord(v) || !Array.isArray(v.tokens)) return null;
  return v.tokens.map(parseToken).filter((t): t is ApiToken => t !== null);
}

/** The answer to creating a token: the listing fields plus the secret, shown once. */
export function parseCreatedToken(v: unknown): (ApiToken & { token: string }) | null {
  const t = parseToken(v);
  if (!t || !isRecord(v) || typeof v.token !== 'string' || v.token === '') return null;
  return { ...t, token: v.token };
}

export function parseInvite(v: unknown): { url: string; expiresAt?: string } | null {
  if (!isRecord(v)) return null;
  const url = safeWebsite(v.url);
  if (!url) return null;
  const expiresAt = str(v.expiresAt);
  return expiresAt ? { url, expiresAt } : { url };
}

/** Roles an owner may give an API token (tokens cannot manage members or tokens). */
export const TOKEN_ROLES = ['editor', 'viewer'] as const;

// ---------------------------------------------------------------------------------------------
// The public co-sign form
// ---------------------------------------------------------------------------------------------

export interface CosignInput {
  name: string;
  country: string;
  website: string;
}

export interface CosignMessages {
  required: string;
  tooLong: string;
  country: string;
  website: string;
}

export const COSIGN_FIELDS = ['name', 'country', 'website'] as const;

export function validateCosign(input: CosignInput, messages: CosignMessages): Record<string, string> {
  const e: Record<string, string> = {};
  const name = input.name.trim();
  if (name === '') e.name = messages.required;
  else if (codePoints(name) > 200) e.name = fill(messages.tooLong, { max: 200 });
  if (input.country === '') e.country = messages.required;
  else if (!/^[A-Z]{2}$/.test(input.country)) e.country = messages.country;
  const website = input.website.trim();
  if (website !== '' && !safeWebsite(normaliseWebsite(website))) e.website = messages.website;
  return e;
}

/** People type "example.org": make it a URL. */
export function normaliseWebsite(website: string): string {
  const w = website.trim();
  if (w === '' || /^[a-z][a-z0-9+.-]*:/i.test(w)) return w;
  return `https://${w}`;
}

export function buildCosignPayload(input: CosignInput, token: string): { token: string; name: string; country: string; website?: string } {
  const payload: { token: string; name: string; country: string; website?: string } = { token, name: input.name.trim(), country: input.country };
  const website = normaliseWebsite(input.website);
  if (website !== '') payload.website = website;
  return payload;
}

/** What an invitation asks an organisation to sign (POST /api/petitions/{slug}/cosigners/preview). */
export interface CosignLetter {
  kind: Kind;
  title: string;
  targets: Target[];
  text: string;
  /** Sanitised by the server, as the petition page's. */
  textHtml?: string;
  language?: string;
}

export function parseCosignLetter(v: unknown): CosignLetter | null {
  if (!isRecord(v) || typeof v.title !== 'string' || typeof v.text !== 'string') return null;
  const letter: CosignLetter = { kind: v.kind === 'letter' ? 'letter' : 'petition', title: v.title, targets: parseTargets(v.targets), text: v.text };
  if (typeof v.textHtml === 'string' && v.textHtml.trim() !== '') letter.textHtml = v.textHtml;
  if (typeof v.language === 'string' && /^[a-z]{2}$/.test(v.language)) letter.language = v.language;
  return letter;
}

/**
 * Opening an invitation link: show the letter, or say at once that the link does not work (used,
 * expired, unknown, or cut short in the mail: 400) or that the campaign takes no more co-signers.
 */
export type CosignOpening = 'letter' | 'expired' | 'closed' | 'busy' | 'error';

export function classifyCosignOpening(status: number): CosignOpening {
  if (status >= 200 && status < 300) return 'letter';
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 410) return 'expired';
  if (status === 409) return 'closed';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

export type CosignOutcome = 'done' | 'invalid' | 'expired' | 'closed' | 'busy' | 'error';

export function classifyCosignStatus(status: number): CosignOutcome {
  if (status >= 200 && status < 300) return 'done';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401 || status === 403 || status === 404 || status === 410) return 'expired';
  if (status === 409) return 'closed';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}
