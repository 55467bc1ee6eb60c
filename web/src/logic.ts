/**
 * Pure logic for the web page: no DOM, no fetch, no globals. Everything here is unit-tested in
 * test/unit/web-format.test.ts; the DOM modules only glue these functions to elements.
 */

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

export type Route =
  | { name: 'list' }
  | { name: 'petition'; slug: string }
  | { name: 'confirm'; slug: string; id: string; token: string }
  | { name: 'withdraw'; slug: string; id: string; token: string }
  | { name: 'privacy' }
  | { name: 'cosign'; slug: string; token: string }
  | OrgRoute
  | { name: 'unknown' };

/** The organiser pages, all under `#/org`. */
export type OrgRoute =
  | { name: 'orgSignIn' }
  | { name: 'orgSession'; token: string }
  | { name: 'orgHome' }
  | { name: 'orgNew' }
  | { name: 'orgCampaign'; slug: string }
  | { name: 'orgEdit'; slug: string }
  | { name: 'orgMembers' }
  | { name: 'orgTokens' };

/** A link in an email: which signature, and the secret that proves the reader received that email. */
export type MailAction = 'confirm' | 'withdraw';

const MAX_SLUG_LENGTH = 200;
/** Signature ids and link tokens are URL-safe strings; anything else was mangled on the way. */
const LINK_PART = /^[A-Za-z0-9._~-]{1,512}$/;

/**
 * Parses `location.hash` into a route. `''`, `'#'`, `'#/'` → the list; `'#/p/<slug>'` (optionally
 * with a trailing slash or a `?query`) → one campaign; `'#/p/<slug>/confirm/<id>/<token>'` and
 * `…/withdraw/…` → the email links (in the hash so tokens never reach server or CDN logs);
 * `'#/privacy'` → the privacy page; anything else → unknown.
 */
export function parseRoute(hash: string): Route {
  let path = hash.startsWith('#') ? hash.slice(1) : hash;
  const query = path.indexOf('?');
  if (query !== -1) path = path.slice(0, query);
  if (path === '' || path === '/') return { name: 'list' };
  if (path === '/privacy' || path === '/privacy/') return { name: 'privacy' };
  if (path === '/org' || path.startsWith('/org/')) return parseOrgPath(path);

  const cosign = /^\/p\/([^/]+)\/cosign\/([^/]+)\/?$/.exec(path);
  if (cosign?.[1] && cosign[2]) {
    const slug = decodePart(cosign[1]);
    const token = decodePart(cosign[2]);
    if (slug === undefined || !isValidSlug(slug) || token === undefined || !LINK_PART.test(token)) return { name: 'unknown' };
    return { name: 'cosign', slug, token };
  }

  const match = /^\/p\/([^/]+)(?:\/(confirm|withdraw)\/([^/]+)\/([^/]+))?\/?$/.exec(path);
  if (!match?.[1]) return { name: 'unknown' };
  const slug = decodePart(match[1]);
  if (slug === undefined || !isValidSlug(slug)) return { name: 'unknown' };
  const action = match[2] as MailAction | undefined;
  if (!action) return { name: 'petition', slug };

  const id = decodePart(match[3] ?? '');
  const token = decodePart(match[4] ?? '');
  if (id === undefined || token === undefined || !LINK_PART.test(id) || !LINK_PART.test(token)) return { name: 'unknown' };
  return { name: action, slug, id, token };
}

/** `/org…` paths (query already removed); see parseRoute. */
function parseOrgPath(path: string): Route {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  switch (p) {
    case '/org':
      return { name: 'orgSignIn' };
    case '/org/campaigns':
      return { name: 'orgHome' };
    case '/org/new':
      return { name: 'orgNew' };
    case '/org/members':
      return { name: 'orgMembers' };
    case '/org/tokens':
      return { name: 'orgTokens' };
  }
  const signIn = /^\/org\/sign-in\/([^/]+)$/.exec(p);
  if (signIn?.[1]) {
    const token = decodePart(signIn[1]);
    return token !== undefined && LINK_PART.test(token) ? { name: 'orgSession', token } : { name: 'unknown' };
  }
  const campaign = /^\/org\/c\/([^/]+)(\/edit)?$/.exec(p);
  if (campaign?.[1]) {
    const slug = decodePart(campaign[1]);
    if (slug === undefined || !isValidSlug(slug)) return { name: 'unknown' };
    return campaign[2] ? { name: 'orgEdit', slug } : { name: 'orgCampaign', slug };
  }
  return { name: 'unknown' };
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && !/[/\\\u0000-\u001f\u007f]/.test(slug) && slug.trim() === slug;
}

/** The hash that leads to one campaign. */
export function petitionHash(slug: string): string {
  return `#/p/${encodeURIComponent(slug)}`;
}

/** The hash of an email link (confirm or withdraw) for one signature. */
export function mailActionHash(action: MailAction, slug: string, id: string, token: string): string {
  return `${petitionHash(slug)}/${action}/${encodeURIComponent(id)}/${encodeURIComponent(token)}`;
}

export const PRIVACY_HASH = '#/privacy';

/** Hashes of the organiser pages. */
export const ORG_HASH = {
  signIn: '#/org',
  home: '#/org/campaigns',
  new: '#/org/new',
  members: '#/org/members',
  tokens: '#/org/tokens',
} as const;

export function orgCampaignHash(slug: string, edit = false): string {
  return `#/org/c/${encodeURIComponent(slug)}${edit ? '/edit' : ''}`;
}

/** The co-sign link an organiser hands to another organisation. */
export function cosignHash(slug: string, token: string): string {
  return `${petitionHash(slug)}/cosign/${encodeURIComponent(token)}`;
}

/** API path for a campaign, with the slug safely encoded. */
export function petitionApiPath(slug: string, suffix: '' | '/count' | '/signatures' | '/signers' | '/cosigners' | '/cosigners/preview' = ''): string {
  return `/api/petitions/${encodeURIComponent(slug)}${suffix}`;
}

/** API path that confirms or withdraws one signature. */
export function mailActionApiPath(action: MailAction | 'preview', slug: string, id: string): string {
  return `${petitionApiPath(slug, '/signatures')}/${encodeURIComponent(id)}/${action}`;
}

// ---------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------

/** Percentage of the goal reached, clamped to 0–100. A goal of 0 (or nonsense) gives 0. */
export function progressPercent(count: number, goal: number): number {
  if (!Number.isFinite(count) || !Number.isFinite(goal) || goal <= 0 || count <= 0) return 0;
  return Math.min(100, (count / goal) * 100);
}

/** Values for a role="progressbar": aria-valuenow stays within 0..aria-valuemax. Null when there is no usable goal. */
export function progressAria(count: number, goal: number): { now: number; max: number } | null {
  if (!Number.isFinite(goal) || goal <= 0) return null;
  const safeCount = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
  const max = Math.floor(goal);
  return { now: Math.min(safeCount, max), max };
}

/** Percentage to show as a label: whole numbers, but never "100%" before the goal is actually met, nor "0%" once anyone signed. */
export function displayPercent(count: number, goal: number): number {
  const p = progressPercent(count, goal);
  if (p >= 100) return 100;
  if (p <= 0) return 0;
  return Math.min(99, Math.max(1, Math.floor(p)));
}

// ---------------------------------------------------------------------------------------------
// Polling
// ---------------------------------------------------------------------------------------------

export const POLL_INTERVAL_MS = 1500;
const MAX_POLL_INTERVAL_MS = 30_000;

/** Delay before the next count poll: the normal 1.5 s, doubling after consecutive failures up to 30 s. */
export function nextPollDelay(consecutiveFailures: number): number {
  if (!Number.isFinite(consecutiveFailures) || consecutiveFailures <= 0) return POLL_INTERVAL_MS;
  return Math.min(MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS * 2 ** Math.min(consecutiveFailures, 10));
}

/**
 * Whether a count reading stamped `candidate` should replace the one stamped `current`. Readings
 * can arrive out of order (detail and count endpoints, caches); an older one must not move the
 * counter backwards. Unparseable stamps are accepted.
 */
export function isNewerReading(candidate: string | undefined, current: string | undefined): boolean {
  if (candidate === undefined || current === undefined) return true;
  const a = Date.parse(candidate);
  const b = Date.parse(current);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return a >= b;
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/** Splits plain text into paragraphs on blank lines; single line breaks stay inside a paragraph. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export interface Target {
  name: string;
  office?: string;
}

/** "Name, Office" for one target; several targets are joined with "; ". */
export function formatTargets(targets: readonly Target[]): string {
  return targets.map((t) => (t.office ? `${t.name}, ${t.office}` : t.name)).join('; ');
}

/** Replaces `{key}` placeholders in a UI string. Unknown placeholders are left as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Plural forms for a UI string, keyed by CLDR plural category; `other` is always present. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export function pluralForm(forms: PluralForms, rules: Pick<Intl.PluralRules, 'select'>, n: number): string {
  return forms[rules.select(n)] ?? forms.other;
}

// ---------------------------------------------------------------------------------------------
// API data (defensive parsing: a bad response must not crash the page)
// ---------------------------------------------------------------------------------------------

export type Kind = 'petition' | 'letter';

export interface PetitionSummary {
  slug: string;
  kind: Kind;
  title: string;
  targets: Target[];
  goal: number;
  count: number;
}

export type PublicStatus = 'open' | 'closed' | 'delivered';

export interface Petition extends PetitionSummary {
  text: string;
  /** The text as HTML, made by the server from its markdown subset and sanitised there; absent on older campaigns. */
  textHtml?: string;
  status: PublicStatus;
  deadline?: string;
  asOf?: string;
  /** Whether the campaign shows a public list of signers who chose to appear on it. */
  publicSigners: boolean;
  /** Which optional fields the sign form shows; the defaults (country required, comment optional) when absent. */
  signerFields: SignerFields;
  /** Organisations that co-sign, shown apart from individual signatures. */
  cosigners: Cosigner[];
  delivery?: Delivery;
  /** The language title and text are shown in (a translation, or the original). */
  language?: string;
  /** The language the organisers wrote it in; differs from `language` when a translation is shown. */
  originalLanguage?: string;
  /** Every language it can be read in, the original first. */
  languages: string[];
  /** Which text version is shown; sent back when signing. */
  version?: number;
}

export interface SignerFields {
  country: 'required' | 'optional' | 'off';
  comment: 'optional' | 'off';
}

export const DEFAULT_SIGNER_FIELDS: SignerFields = { country: 'required', comment: 'optional' };

export interface Cosigner {
  name: string;
  /** ISO code, or '' when unknown. */
  country: string;
  website?: string;
}

export const DELIVERY_METHODS = ['in-person', 'post', 'email', 'other'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export interface Delivery {
  /** `YYYY-MM-DD`. */
  deliveredOn: string;
  to: string;
  method: DeliveryMethod;
  note?: string;
}

export interface CountReading {
  /** Confirmed signatures: the number that counts. */
  count: number;
  asOf?: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegative(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

export function parseTargets(v: unknown): Target[] {
  if (!Array.isArray(v)) return [];
  const out: Target[] = [];
  for (const t of v) {
    if (!isRecord(t) || typeof t.name !== 'string' || t.name.trim() === '') continue;
    const target: Target = { name: t.name };
    if (typeof t.office === 'string' && t.office.trim() !== '') target.office = t.office;
    out.push(target);
  }
  return out;
}

export function parseSummary(v: unknown): PetitionSummary | null {
  if (!isRecord(v) || typeof v.slug !== 'string' || v.slug === '' || typeof v.title !== 'string') return null;
  return {
    slug: v.slug,
    kind: v.kind === 'letter' ? 'letter' : 'petition',
    title: v.title,
    targets: parseTargets(v.targets),
    goal: nonNegative(v.goal),
    count: nonNegative(v.count),
  };
}

/** `{ items: [...] }` → the valid summaries; null when the body is not a list at all. */
export function parseList(v: unknown): PetitionSummary[] | null {
  if (!isRecord(v) || !Array.isArray(v.items)) return null;
  return v.items.map(parseSummary).filter((s): s is PetitionSummary => s !== null);
}

export function parsePetition(v: unknown): Petition | null {
  const summary = parseSummary(v);
  if (!summary || !isRecord(v)) return null;
  const petition: Petition = {
    ...summary,
    text: typeof v.text === 'string' ? v.text : '',
    status: v.status === 'closed' || v.status === 'delivered' ? v.status : 'open',
    publicSigners: v.publicSigners === true,
    signerFields: parseSignerFields(v.signerFields),
    cosigners: parseCosigners(v.cosigners),
    languages: Array.isArray(v.languages) ? v.languages.filter((l): l is string => typeof l === 'string' && /^[a-z]{2}$/.test(l)) : [],
  };
  if (typeof v.textHtml === 'string' && v.textHtml.trim() !== '') petition.textHtml = v.textHtml;
  if (typeof v.deadline === 'string' && !Number.isNaN(Date.parse(v.deadline))) petition.deadline = v.deadline;
  if (typeof v.asOf === 'string') petition.asOf = v.asOf;
  const delivery = parseDelivery(v.delivery);
  if (delivery) petition.delivery = delivery;
  if (typeof v.language === 'string') petition.language = v.language;
  if (typeof v.originalLanguage === 'string') petition.originalLanguage = v.originalLanguage;
  if (typeof v.version === 'number' && Number.isInteger(v.version) && v.version > 0) petition.version = v.version;
  return petition;
}

export function parseSignerFields(v: unknown): SignerFields {
  const fields = { ...DEFAULT_SIGNER_FIELDS };
  if (!isRecord(v)) return fields;
  if (v.country === 'required' || v.country === 'optional' || v.country === 'off') fields.country = v.country;
  if (v.comment === 'optional' || v.comment === 'off') fields.comment = v.comment;
  return fields;
}

function isCountryCode(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Z]{2}$/.test(v);
}

/** Only http(s) links are ever made clickable: a `javascript:` website must not become a link. */
export function safeWebsite(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const url = new URL(v.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function parseCosigners(v: unknown): Cosigner[] {
  if (!Array.isArray(v)) return [];
  const out: Cosigner[] = [];
  for (const c of v) {
    if (!isRecord(c) || typeof c.name !== 'string' || c.name.trim() === '') continue;
    const cosigner: Cosigner = { name: c.name.trim(), country: isCountryCode(c.country) ? c.country : '' };
    const website = safeWebsite(c.website);
    if (website) cosigner.website = website;
    out.push(cosigner);
  }
  return out;
}

export function parseDelivery(v: unknown): Delivery | undefined {
  if (!isRecord(v) || typeof v.deliveredOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.deliveredOn) || typeof v.to !== 'string') return undefined;
  const method = (DELIVERY_METHODS as readonly string[]).includes(v.method as string) ? (v.method as DeliveryMethod) : 'other';
  const delivery: Delivery = { deliveredOn: v.deliveredOn, to: v.to, method };
  if (typeof v.note === 'string' && v.note.trim() !== '') delivery.note = v.note.trim();
  return delivery;
}

export function parseCount(v: unknown): CountReading | null {
  if (!isRecord(v) || typeof v.count !== 'number' || !Number.isFinite(v.count) || v.count < 0) return null;
  const reading: CountReading = { count: v.count };
  if (typeof v.asOf === 'string') reading.asOf = v.asOf;
  return reading;
}

/** One entry of a campaign's public list: the label the server made ("Nadia K.") and an ISO country code. */
export interface PublicSigner {
  name: string;
  country: string;
}

/** The most a list answer is trusted to hold; the server sends at most 50. */
const MAX_PUBLIC_SIGNERS = 50;

/** `{ signers: [...] }` → the valid entries (at most 50); null when the body is not a list at all. */
export function parseSigners(v: unknown): PublicSigner[] | null {
  if (!isRecord(v) || !Array.isArray(v.signers)) return null;
  const out: PublicSigner[] = [];
  for (const s of v.signers) {
    if (!isRecord(s) || typeof s.name !== 'string' || s.name.trim() === '') continue;
    const country = typeof s.country === 'string' && /^[A-Z]{2}$/.test(s.country) ? s.country : '';
    out.push({ name: s.name.trim(), country });
    if (out.length === MAX_PUBLIC_SIGNERS) break;
  }
  return out;
}

/** "Nadia K. · Georgia"; just the name when the country is unknown. */
export function signerLine(signer: PublicSigner, countryName: (code: string) => string): string {
  return signer.country ? `${signer.name} · ${countryName(signer.country)}` : signer.name;
}

// ---------------------------------------------------------------------------------------------
// The sign form
// ---------------------------------------------------------------------------------------------

export const SIGN_FIELDS = ['name', 'email', 'country', 'comment'] as const;
export type SignField = (typeof SIGN_FIELDS)[number];
export type FieldErrors = Partial<Record<SignField, string>>;

export const LIMITS = { name: 200, email: 254, comment: 1000 } as const;

export interface SignInput {
  name: string;
  email: string;
  country: string;
  comment: string;
  /** The "show my name on the public list" box; undefined when the campaign has no public list. */
  showName?: boolean;
  /** The honeypot: people never see it, so it stays empty unless a program fills in every field. */
  website?: string;
}

export interface SignPayload {
  name: string;
  email: string;
  /** Absent when the campaign does not ask for it, or asks but it was left empty. */
  country?: string;
  comment?: string;
  showName?: boolean;
  website?: string;
  /** The text version the page showed: the server refuses the signature if the text changed since. */
  textVersion?: number;
  /** The proof-of-work widget's payload. */
  altcha: string;
}

/** The messages the client-side check can produce; the UI passes its (translatable) strings in. */
export interface ValidationMessages {
  required: string;
  tooLong: string;
  email: string;
  country: string;
}

function isSignField(key: string): key is SignField {
  return (SIGN_FIELDS as readonly string[]).includes(key);
}

/** Counts user-perceived length the way a server counting code points would (not UTF-16 units). */
function codePointLength(s: string): number {
  return Array.from(s).length;
}

/** Client-side checks: required fields, maximum lengths, an obviously wrong email. The server stays the authority. */
export function validateSignInput(
  input: SignInput,
  messages: ValidationMessages,
  formatNumber: (n: number) => string = String,
  signerFields: SignerFields = DEFAULT_SIGNER_FIELDS,
): FieldErrors {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  const email = input.email.trim();
  const country = input.country.trim();
  const comment = input.comment.trim();

  if (name === '') errors.name = messages.required;
  else if (codePointLength(name) > LIMITS.name) errors.name = fill(messages.tooLong, { max: formatNumber(LIMITS.name) });

  if (email === '') errors.email = messages.required;
  else if (email.length > LIMITS.email) errors.email = fill(messages.tooLong, { max: formatNumber(LIMITS.email) });
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = messages.email;

  if (signerFields.country !== 'off') {
    if (country === '') {
      if (signerFields.country === 'required') errors.country = messages.required;
    } else if (!/^[A-Z]{2}$/.test(country)) errors.country = messages.country;
  }

  if (signerFields.comment !== 'off' && codePointLength(comment) > LIMITS.comment) {
    errors.comment = fill(messages.tooLong, { max: formatNumber(LIMITS.comment) });
  }
  return errors;
}

/**
 * The JSON body for POST …/signatures: trimmed, with `comment` omitted when empty, `showName` only
 * when the campaign offers the list, and the honeypot only when something filled it (the server
 * quietly discards such a signature, so a bot learns nothing).
 */
export function buildSignPayload(input: SignInput, altcha: string, textVersion?: number): SignPayload {
  const payload: SignPayload = { name: input.name.trim(), email: input.email.trim(), altcha };
  if (textVersion !== undefined) payload.textVersion = textVersion;
  const country = input.country.trim();
  if (country !== '') payload.country = country;
  const comment = input.comment.trim();
  if (comment !== '') payload.comment = comment;
  if (input.showName !== undefined) payload.showName = input.showName;
  if (input.website) payload.website = input.website;
  return payload;
}

/** Fields in form order, for focusing the first invalid one. */
export function firstInvalidField(errors: FieldErrors): SignField | undefined {
  return SIGN_FIELDS.find((f) => errors[f] !== undefined);
}

export interface MappedError {
  code?: string;
  /** The server's overall message, if any. */
  message?: string;
  /** Messages for the form's own fields. */
  fields: FieldErrors;
  /** The message for the anti-bot check, shown next to the widget. */
  altcha?: string;
  /** Messages for keys the form has no field for, so they can still be shown. */
  otherFields: string[];
}

/** Maps an API error body `{ error: { code, message, fields } }` (or anything else) to what the form shows. */
export function mapErrorBody(body: unknown): MappedError {
  const result: MappedError = { fields: {}, otherFields: [] };
  if (!isRecord(body) || !isRecord(body.error)) return result;
  const err = body.error;
  if (typeof err.code === 'string' && err.code !== '') result.code = err.code;
  if (typeof err.message === 'string' && err.message.trim() !== '') result.message = err.message;
  if (isRecord(err.fields)) {
    for (const [key, value] of Object.entries(err.fields)) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (isSignField(key)) result.fields[key] = value;
      else if (key === 'altcha') result.altcha = value;
      else result.otherFields.push(value);
    }
  }
  return result;
}

export type SignOutcome = 'received' | 'invalid' | 'closed' | 'notFound' | 'busy' | 'error';

/**
 * The sentence to show for a failed sign request that is not about one field. A 503 carries the
 * server's own explanation (mail could not be sent, or the service is busy; in both cases nothing was
 * saved), which says more than a generic line; otherwise the form's own message for the outcome.
 */
export function signFailureMessage(
  outcome: Exclude<SignOutcome, 'received' | 'invalid'>,
  mapped: MappedError,
  messages: Record<Exclude<SignOutcome, 'received' | 'invalid'>, string>,
): string {
  if (outcome === 'busy' && mapped.message) return mapped.message;
  return messages[outcome];
}

/** What an HTTP status of the sign endpoint means for the form. */
export function classifySignStatus(status: number): SignOutcome {
  if (status >= 200 && status < 300) return 'received';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 409 || status === 410) return 'closed';
  if (status === 404) return 'notFound';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

// ---------------------------------------------------------------------------------------------
// Email links: confirm and withdraw
// ---------------------------------------------------------------------------------------------

export type ConfirmOutcome = 'confirmed' | 'invalid' | 'expired' | 'closed' | 'busy' | 'error';

/** What a confirm link's submission says, as POST …/preview answers: shown before Confirm is pressed. */
export interface SignaturePreview {
  /** `confirmed`: this link's submission is the signature already; nothing to press. */
  status: 'pending' | 'confirmed';
  name: string;
  showName: boolean;
  country?: string;
  comment?: string;
}

export function parsePreview(v: unknown): SignaturePreview | null {
  if (!isRecord(v) || (v.status !== 'pending' && v.status !== 'confirmed') || typeof v.name !== 'string' || v.name === '') return null;
  const preview: SignaturePreview = { status: v.status, name: v.name, showName: v.showName === true };
  if (isCountryCode(v.country)) preview.country = v.country;
  if (typeof v.comment === 'string' && v.comment !== '') preview.comment = v.comment;
  return preview;
}
export type WithdrawOutcome = 'withdrawn' | 'invalid' | 'busy' | 'error';

/** What an answer of POST …/confirm means. Confirming twice is a 200 too, so a second click is fine. */
export function classifyConfirmStatus(status: number): ConfirmOutcome {
  if (status >= 200 && status < 300) return 'confirmed';
  if (status === 404 || status === 400) return 'invalid';
  if (status === 410) return 'expired';
  if (status === 409) return 'closed';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

/** What an answer of POST …/withdraw means. A link that no longer works is "invalid", expired or not. */
export function classifyWithdrawStatus(status: number): WithdrawOutcome {
  if (status >= 200 && status < 300) return 'withdrawn';
  if (status === 404 || status === 400 || status === 410) return 'invalid';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

// ---------------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------------

export { COUNTRY_CODES } from '../../functions/rules/countries.ts';
import { COUNTRY_CODES } from '../../functions/rules/countries.ts';
import { countryList, countryName } from '../../functions/rules/locale-format.ts';

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * Country options named in `locale`'s language and sorted as it sorts them, from the data the page
 * ships (functions/domain/locale-data.ts), never the browser's Intl, which may lack the language.
 * A language we do not serve gets English names.
 */
export function countryOptions(locale: string | undefined, codes: readonly string[] = COUNTRY_CODES): CountryOption[] {
  const wanted = new Set(codes);
  return countryList(locale)
    .filter(([code]) => wanted.has(code))
    .map(([code, name]) => ({ code, name }));
}

/** A function naming countries in `locale`'s language ("GE" → "Georgia"); unknown codes come back as they are. */
export function countryNamer(locale: string | undefined): (code: string) => string {
  return (code) => countryName(locale, code);
}
