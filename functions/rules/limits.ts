/**
 * The API's limits, patterns and choices, defined once for the server and the page. The server's zod
 * schemas (campaign-schema.ts, signature.ts, organisation-schema.ts, …) build from these, and the
 * page (web/src) imports the same constants for its checks, its `maxlength`s and its menus; a test
 * (test/unit/page-server-contract.test.ts) runs the page's checks and bodies through the server's
 * schemas at the boundaries, so the two cannot drift.
 *
 * Pure and tiny, with no imports: the public page bundles it, and must not bundle zod.
 */

/** What a signer sends (POST /api/campaigns/{slug}/signatures), counted as the server counts (storedLength). */
export const SIGN_LIMITS = { name: 200, email: 254, comment: 1000 } as const;

/** A campaign, its targets, its delivery and the organiser's other texts. */
export const CAMPAIGN_LIMITS = {
  title: 200,
  text: 20_000,
  targetName: 200,
  targetOffice: 200,
  email: 254,
  slugMin: 3,
  slugMax: 80,
  targetsMin: 1,
  targetsMax: 20,
  goalMin: 1,
  goalMax: 100_000_000,
  deliveryTo: 300,
  deliveryNote: 2000,
} as const;

/** Days after a campaign closes before its signers' personal data is erased. */
export const RETENTION_DAYS = { min: 1, max: 3650, default: 90 } as const;

/** A co-signing organisation, and an API token's name. */
export const COSIGN_LIMITS = { name: 200, website: 2000 } as const;
export const TOKEN_NAME_MAX = 100;
/** An organisation id as sessions and the switch carry it. */
export const ORGANISATION_ID_MAX = 64;

/**
 * A campaign's address (`#/p/<slug>`) and key: lower-case letters, digits and inner hyphens,
 * CAMPAIGN_LIMITS.slugMin to slugMax characters (the 78 is slugMax − 2, its first and last).
 */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/;

/**
 * An email address as the server accepts one: zod's `z.email()` pattern (its "practical" rule),
 * copied here so the page can check without zod. The contract test holds it equal to zod's.
 */
export const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/**
 * A widget's host as URL parsing gives it (lower case, no port): dot-separated labels of letters,
 * digits and hyphens (IDNs arrive as punycode), 253 characters at most as DNS allows. An IP address
 * fits too. The embed page passes only what fits.
 */
export const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** Organisers' campaign tags ("spring-mailing"): safe in a counter map key and in a URL. */
export const SOURCE_TAG = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * A co-signer's website as the server stores one: an http(s) address with a dotted host name (a
 * `javascript:` link would run in the reader's page). The caller trims and bounds it first.
 */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** A calendar day, `YYYY-MM-DD` (a delivery's day; a real day is checked besides). */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const CAMPAIGN_KINDS = ['petition', 'letter'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed', 'delivered'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** What a new campaign may start as. */
export const NEW_CAMPAIGN_STATUSES = ['draft', 'open'] as const;
/** The moves the status route offers; delivery has its own route. */
export const STATUS_MOVES = ['open', 'closed'] as const;
export const DELIVERY_METHODS = ['in-person', 'post', 'email', 'other'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** Which optional fields the sign form asks for. */
export const SIGNER_COUNTRY_CHOICES = ['required', 'optional', 'off'] as const;
export const SIGNER_COMMENT_CHOICES = ['optional', 'off'] as const;
export interface SignerFields {
  country: (typeof SIGNER_COUNTRY_CHOICES)[number];
  comment: (typeof SIGNER_COMMENT_CHOICES)[number];
}
/** What a new campaign asks for, and what campaigns stored before signer fields were configurable asked. */
export const DEFAULT_SIGNER_FIELDS: SignerFields = { country: 'required', comment: 'optional' };

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Higher is more: an owner may do what an editor may, an editor what a viewer may. */
export function hasRole(role: Role, least: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[least];
}

/** Roles an owner may give an API token: automation never manages members or tokens. */
export const TOKEN_ROLES = ['editor', 'viewer'] as const;

/** A confirm or withdraw link's token, as the routes take it (they are made shorter; see #rules/tokens.ts). */
export const MAIL_LINK_TOKEN_MAX = 200;

/** A single-use link's token (sign-in, co-signing): 32 random bytes, base64url. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A text's length as the server counts it (#rules/text-schema.ts): after NFC and trimming (CR/CRLF
 * as LF for multi-line texts, runs of white space as one space for names), in code points — zod's
 * `.max` on a string counts code points (node_modules/zod/v4/core/checks.js), so an emoji counts one,
 * as a Georgian or Armenian letter does. (A browser's `maxlength` counts UTF-16 units: it stops an
 * emoji-only text at half the limit, never lets one past it.)
 */
export function storedLength(value: string, opts: { multiline?: boolean; collapse?: boolean } = {}): number {
  let s = value.normalize('NFC').trim();
  if (opts.multiline) s = s.replace(/\r\n?/g, '\n');
  if (opts.collapse) s = s.replace(/\s+/gu, ' ');
  return Array.from(s).length;
}

/**
 * Finding campaigns (GET /api/campaigns, issue #17): the search box's length and words, the page
 * size, the two shelves (open; archive = closed and delivered) and the shapes of the other filters.
 * The page builds its requests within these; the server refuses anything else on the field.
 */
export const FIND_LIMITS = { queryMax: 100, wordsMax: 8, pageDefault: 20, pageMax: 50, cursorMax: 200 } as const;
export const LIST_SHELVES = ['open', 'archive'] as const;
export type ListShelf = (typeof LIST_SHELVES)[number];
/** An organisation's public id in `?org=` and `#/o/<id>`: its random id (URL-safe base64), nothing else. */
export const ORGANISATION_PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A country filter: an ISO 3166-1 alpha-2 code, upper case. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Images organisers upload (issue #17, item 5): a campaign's image today, an organisation's logo
 * next. The upload's size cap and types are signed into the upload link and checked again when the
 * image is processed; the pixel cap is read from the file's header before it is decoded.
 */
export const IMAGE_LIMITS = {
  /** Bytes of the uploaded file. */
  maxBytes: 8 * 1024 * 1024,
  /** Width × height of the uploaded image (a decompression bomb is refused before it is decoded). */
  maxPixels: 24_000_000,
  /** The alt text, in characters. */
  alt: 300,
} as const;
/** What may be uploaded. WebP is not taken: jimp (the decoder) reads JPEG and PNG only. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/**
 * An organisation's public profile (issue #17): who is behind its campaigns. `contact` is an address
 * for the public (signers write to it; the signer mails' Reply-To), `controller` a short plain-text
 * statement of who controls signers' data, in the organisation's language.
 */
export const ORG_PROFILE_LIMITS = { name: 200, website: 2000, contact: 254, controller: 1000 } as const;
/**
 * The profile's public fields, in the order the page shows them; the public campaign answer carries
 * exactly these. A later field (the logo) is one more entry here and in the profile schema.
 */
export const ORG_PROFILE_FIELDS = ['name', 'country', 'website', 'contact', 'controller'] as const;
export type OrgProfileField = (typeof ORG_PROFILE_FIELDS)[number];
