/**
 * What organisers send to sign in and to manage members and API tokens (zod). Kept apart from
 * organisation.ts so routes that only check access do not bundle the validator.
 */
import * as z from 'zod/mini';
import { meta } from './schema-meta.ts';
import { altchaPayloadSchema } from './challenge-schema.ts';
import { LINK_TOKEN, ORGANISATION_ID_MAX, ROLES, SIGN_LIMITS, TOKEN_NAME_MAX, TOKEN_ROLES } from './limits.ts';
import { EMAIL, ORG_PROFILE_LIMITS, isWebAddress } from './limits.ts';
import { COUNTRY_CODES, isCountryCode } from './countries.ts';
import { isStorableText } from './text-schema.ts';
import { text } from './text-schema.ts';

const email = z.pipe(z.string('email.requiredOther').check(z.trim(), z.maxLength(SIGN_LIMITS.email, 'field.maxLength')), z.email('email.invalid'));
const role = z.enum(ROLES, 'role.choose');

/** The proof of work is asked of everyone: a sign-in request mails an address someone typed. */
export const signInRequestSchema = z.strictObject({ email, altcha: altchaPayloadSchema });

export const startSessionSchema = z.strictObject({
  token: z.string('link.incomplete').check(z.regex(LINK_TOKEN, 'link.incomplete')),
  /** Which organisation to act for, when the address belongs to several. */
  organisation: z.optional(z.string().check(z.maxLength(ORGANISATION_ID_MAX))),
});

export const switchOrganisationSchema = z.strictObject({ organisation: z.string('organisation.choose').check(z.minLength(1), z.maxLength(ORGANISATION_ID_MAX)) });

export const inviteMemberSchema = z.strictObject({ email, role });

export const updateMemberSchema = z.strictObject({ role });

export const createTokenSchema = z.strictObject({
  name: text({ max: TOKEN_NAME_MAX, required: 'token.name' }),
  // Automation never needs to manage members or tokens: no owner tokens.
  role: z.enum(TOKEN_ROLES, 'token.role'),
});

/**
 * An API token as GET /api/org/tokens lists it (and POST answers it, with the value once). Not used
 * to validate: the OpenAPI document describes the answer with it, and the handler's type is its output.
 */
export const apiTokenSchema = meta(
  z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(TOKEN_ROLES),
    createdAt: z.iso.datetime(),
    /** The owner who made it: their member id, and their address while they are a member. */
    createdBy: z.object({ id: z.string(), email: z.optional(z.string()) }),
    /** False once its maker is no longer an owner: the token is refused, and can only be revoked. */
    active: z.boolean(),
  }),
  { id: 'ApiToken' },
);

export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
export const createdApiTokenSchema = z.extend(apiTokenSchema, { token: meta(z.string(), { description: 'The token, shown this once.' }) });

export type ApiTokenView = z.output<typeof apiTokenSchema>;

// --- What the sign-in and member routes answer (see the note in campaign-schema.ts) ---------------

const organisationRef = z.object({ id: z.string(), name: z.string() });

/** Who is signed in, in which organisation, as what; an API token has no email and no other organisations. */
export const meSchema = meta(
  z.object({
    email: z.optional(z.string()),
    memberId: z.optional(z.string()),
    role: z.enum(ROLES),
    organisation: organisationRef,
    organisations: z.array(z.extend(organisationRef, { role: z.enum(ROLES) })),
  }),
  { id: 'Me' },
);

export const memberSchema = meta(z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES), addedAt: z.string() }), { id: 'Member' });
export const memberListSchema = z.object({ members: z.array(memberSchema) });
/** A member added, and what became of their invitation mail. */
export const invitedMemberSchema = z.extend(memberSchema, { invitation: z.enum(['sent', 'limited', 'failed']) });

/** POST /api/auth/link: nothing, whoever the address belongs to. */
export const signInRequestedSchema = z.strictObject({});

// --- The organisation's public profile (GET/PATCH /api/org/profile, issue #17) --------------------

/**
 * What an owner changes: only the fields sent. The name is required to stay a name; each other field
 * is cleared by sending it empty (`""`). Every string passes the rule for stored text.
 */
export const profileUpdateSchema = z.strictObject({
  // As a co-signer's name (campaign-schema.ts): printed on a dossier and in a mail's From, so no
  // markup and no invisible format characters but ZWJ/ZWNJ and the direction marks.
  name: z.optional(
    text({ max: ORG_PROFILE_LIMITS.name, collapse: true, required: 'organisationName.required' }).check(
      z.refine((s: string) => !/[<>]|(?![\u200C\u200D\u200E\u200F\u061C])\p{Cf}/u.test(s), 'organisationName.characters'),
    ),
  ),
  country: z.optional(
    meta(
      z.string('country.unknown').check(
        z.trim(),
        z.toUpperCase(),
        z.refine((code: string) => code === '' || isCountryCode(code), 'country.unknown'),
      ),
      { enum: ['', ...COUNTRY_CODES] },
    ),
  ),
  website: z.optional(
    z.string('url.format').check(
      z.refine((s: string) => isStorableText(s), 'text.characters'),
      z.trim(),
      z.maxLength(ORG_PROFILE_LIMITS.website, 'field.maxLength'),
      z.refine((s: string) => s === '' || isWebAddress(s), 'url.format'),
    ),
  ),
  contact: z.optional(
    z.string('email.invalid').check(
      z.trim(),
      z.maxLength(ORG_PROFILE_LIMITS.contact, 'field.maxLength'),
      z.refine((s: string) => s === '' || EMAIL.test(s), 'email.invalid'),
    ),
  ),
  controller: z.optional(text({ max: ORG_PROFILE_LIMITS.controller, min: 0, multiline: true })),
});

export type ProfileUpdate = z.output<typeof profileUpdateSchema>;

/** The profile as GET and PATCH /api/org/profile answer it, and as a public campaign carries it. */
export const organisationProfileSchema = meta(
  z.object({
    name: z.string(),
    /** ISO 3166-1 alpha-2. */
    country: z.optional(z.string()),
    website: z.optional(z.string()),
    /** An address for the public: signers write to it, and it is the Reply-To of signers' mails. */
    contact: z.optional(z.string()),
    /** Who controls signers' data, in the organisation's words (plain text). */
    controller: z.optional(z.string()),
    /** The logo (`/media/logos/…`), shown small beside the name; its alt text is the name. */
    logo: z.optional(meta(z.object({ src: z.string(), width: z.int(), height: z.int() }), { id: 'OrganisationLogo' })),
  }),
  { id: 'OrganisationProfile' },
);
