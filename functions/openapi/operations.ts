/**
 * What the API reference says about each route, beyond what the route table knows: a summary, the
 * zod schema of the request body (the same schema the handler validates with), the zod schema of the
 * success answer (whose output type the handler's body must have: `json<Answer<'route'>>`), and the
 * errors the route itself can answer beyond those every route of its kind can (./document.ts adds
 * those). So the reference cannot drift from the code: test/unit/openapi.test.ts fails when a route
 * has no entry here, and TypeScript when an entry has no response.
 */
import * as z from 'zod/mini';
import { meta } from '#rules/schema-meta.ts';
import { confirmedSchema, previewSchema, signReceivedSchema, signatureInputSchema, withdrawnSchema } from '#rules/signature.ts';
import { challengeSchema } from '#rules/challenge-schema.ts';
import {
  apiTokenListSchema,
  createTokenSchema,
  createdApiTokenSchema,
  invitedMemberSchema,
  inviteMemberSchema,
  memberListSchema,
  memberSchema,
  meSchema,
  signInRequestSchema,
  signInRequestedSchema,
  startSessionSchema,
  switchOrganisationSchema,
  updateMemberSchema,
  organisationProfileSchema,
  profileUpdateSchema,
} from '#rules/organisation-schema.ts';
import {
  campaignListSchema,
  campaignSchema,
  campaignUpdateSchema,
  cosignLetterSchema,
  cosignPreviewSchema,
  cosignInviteSchema,
  cosignSchema,
  countSchema,
  dashboardSchema,
  deliverySchema,
  newCampaignSchema,
  publicCampaignListSchema,
  publicCampaignQuerySchema,
  publicCosignerSchema,
  publicCampaignSchema,
  publicSignersSchema,
  statusChangeSchema,
  translationSchema,
} from '#rules/campaign-schema.ts';
import { exportJobSchema, exportListSchema, startExportSchema } from '#rules/export-schema.ts';
import { attachImageSchema, attachLogoSchema, imageUploadRequestSchema, imageUploadSchema } from '#rules/image-schema.ts';
import { CAMPAIGN_LANGUAGES } from '#rules/translations.ts';
import { healthSchema, linkTokenSchema, openApiSchema } from './shared-schemas.ts';

/** Statuses a route answers besides its success, with what they mean there. */
export type RouteErrors = Partial<Record<400 | 401 | 403 | 404 | 409 | 410, string>>;

export interface Operation {
  summary: string;
  tag: 'Campaigns' | 'Signing' | 'Organisers' | 'Members and tokens' | 'Exports' | 'Service';
  body?: z.ZodMiniType;
  /** The success status and what it means. */
  success: [status: number, description: string];
  /** The zod schema of the success answer; `null` for an answer without a body (204). Required. */
  response: z.ZodMiniType | null;
  /**
   * Errors of this route beyond the ones ./document.ts gives every route of its kind (400 for a body
   * or a path, 401/403 for organisers, 404 for a path, 413/415 for a body, 429, 500, 503).
   */
  errors?: RouteErrors;
  /** Path parameters narrower than any string (the server refuses others). */
  params?: Record<string, z.ZodMiniType>;
  /** Query parameters the route reads. */
  query?: z.ZodMiniObject;
}

const changed = 'Someone changed it meanwhile (`changed`): read it again and retry.';
const campaignConflicts = `A delivered campaign changes no more (\`delivered\`), or ${changed[0]!.toLowerCase()}${changed.slice(1)}`;
const translationLanguage = { lang: z.enum(CAMPAIGN_LANGUAGES) };
const signatureLink = {
  404: 'No such campaign, or the link is not valid (`invalid_link`): the same answer, so a link reveals nothing else.',
};

export const operations = {
  health: { summary: 'Liveness check', tag: 'Service', success: [200, 'The service answers.'], response: healthSchema },
  'list-public-campaigns': {
    summary: 'Campaigns open for signing, or the archive of closed and delivered ones, searched and filtered, newest first, with counts',
    tag: 'Campaigns',
    success: [200, 'One page of campaigns; `cursor` when there are more.'],
    response: publicCampaignListSchema,
    query: publicCampaignQuerySchema,
    errors: { 400: 'A filter, the page size or the cursor is not valid (each named in error.fields, in the language of `lang`).' },
  },
  'get-public-campaign': {
    summary: 'One campaign: text, targets, count, co-signers, delivery',
    tag: 'Campaigns',
    success: [200, 'The campaign, in the language asked for (`?lang=`, else Accept-Language) when it has that translation.'],
    response: publicCampaignSchema,
    query: z.object({ lang: meta(z.optional(z.string()), { description: 'A language code; one the campaign has no translation in is ignored.' }) }),
  },
  'get-count': { summary: 'Confirmed signatures of a campaign (cached ~1 s)', tag: 'Campaigns', success: [200, 'The count.'], response: countSchema },
  'list-signers': { summary: 'Public list of confirmed signers who chose to appear', tag: 'Campaigns', success: [200, 'Labels and countries.'], response: publicSignersSchema },
  'get-challenge': { summary: 'A proof-of-work challenge (ALTCHA) for the sign form', tag: 'Signing', success: [200, 'The challenge.'], response: challengeSchema },
  sign: {
    summary: 'Sign a campaign; a confirmation mail follows',
    tag: 'Signing',
    body: signatureInputSchema,
    success: [202, 'Accepted; check your email. The same answer whether or not a mail follows.'],
    response: signReceivedSchema,
    errors: {
      400: 'Some fields need attention (each named in error.fields), a field the campaign requires is missing, or the proof of work is not solved, expired or spent (`altcha`).',
      409: 'The campaign takes no signatures now (`closed`), or its text changed since the version sent in `textVersion` (`text_changed`): read it again.',
    },
  },
  'preview-signature': {
    summary: 'What an emailed confirm link would confirm (name, listing choice, country, comment)',
    tag: 'Signing',
    body: linkTokenSchema,
    success: [200, 'The submission, as its signer sent it.'],
    response: previewSchema,
    errors: { ...signatureLink, 410: 'The link has expired (`link_expired`): sign again.' },
  },
  'confirm-signature': {
    summary: 'Confirm a signature with the emailed token',
    tag: 'Signing',
    body: linkTokenSchema,
    success: [200, 'Confirmed.'],
    response: confirmedSchema,
    errors: { ...signatureLink, 409: 'The campaign takes no signatures now (`closed`).', 410: 'The link has expired (`link_expired`): sign again.' },
  },
  'withdraw-signature': {
    summary: 'Withdraw a signature with the emailed token',
    tag: 'Signing',
    body: linkTokenSchema,
    success: [200, 'Withdrawn.'],
    response: withdrawnSchema,
    errors: signatureLink,
  },
  cosign: {
    summary: 'An organisation co-signs a letter through its invitation link',
    tag: 'Campaigns',
    body: cosignSchema,
    success: [201, 'Co-signed.'],
    response: publicCosignerSchema,
    errors: {
      404: 'No such campaign, or the invitation is used, expired or was never issued (`invalid_invite`).',
      409: 'The campaign was delivered and takes no more co-signers (`delivered`).',
    },
  },
  'preview-cosign': {
    summary: 'What a co-signing invitation asks to sign, or that it was used or expired (404 invalid_invite); spends nothing',
    tag: 'Campaigns',
    body: cosignPreviewSchema,
    success: [200, "The letter, in the reader's language when translated."],
    response: cosignLetterSchema,
    errors: {
      404: 'No such campaign, or the invitation is used, expired or was never issued (`invalid_invite`).',
      409: 'The campaign was delivered and takes no more co-signers (`delivered`).',
    },
  },

  'request-sign-in': {
    summary: 'Ask for a one-time sign-in link, with a solved proof of work (GET /api/challenge)',
    tag: 'Organisers',
    body: signInRequestSchema,
    success: [202, 'Stored, whoever the address belongs to. A sign-in link, or a note that no organisation has the address, follows by mail: at most 5 an hour per address.'],
    response: signInRequestedSchema,
  },
  'start-session': {
    summary: 'Exchange the emailed token for a session cookie',
    tag: 'Organisers',
    body: startSessionSchema,
    success: [200, 'Signed in; Set-Cookie carries the session.'],
    response: meSchema,
    errors: { 401: 'The link is used, expired or unknown, or its address is a member nowhere (`link_invalid`).' },
  },
  'end-session': { summary: 'Sign out', tag: 'Organisers', success: [204, 'Signed out.'], response: null },
  'get-me': { summary: 'Who is signed in, in which organisation, with which role', tag: 'Organisers', success: [200, 'The organiser.'], response: meSchema },
  'switch-organisation': {
    summary: 'Act for another organisation of the same address',
    tag: 'Organisers',
    body: switchOrganisationSchema,
    success: [200, 'Switched; Set-Cookie carries the new session.'],
    response: meSchema,
    errors: { 403: 'An API token cannot switch.', 404: 'The address is no member of that organisation.' },
  },

  'get-org-profile': {
    summary: "The organisation's public profile",
    tag: 'Members and tokens',
    success: [200, 'Its public fields, those set: what every campaign of the organisation shows.'],
    response: organisationProfileSchema,
  },
  'update-org-profile': {
    summary: "Change the organisation's public profile (owners)",
    tag: 'Members and tokens',
    body: profileUpdateSchema,
    success: [200, 'Changed (only the fields sent; an empty string clears a field but the name), and copied onto every campaign of the organisation.'],
    response: organisationProfileSchema,
  },
  'start-logo-upload': {
    summary: "A link to upload the organisation's logo (owners; JPEG or PNG, at most 8 MB): PUT the file to `url` with `headers`, then attach it",
    tag: 'Members and tokens',
    body: imageUploadRequestSchema,
    success: [201, 'The upload link, valid 10 minutes.'],
    response: imageUploadSchema,
  },
  'attach-org-logo': {
    summary: "Attach an uploaded image as the organisation's logo (owners): at most 256 px on its longer side, re-encoded as JPEG without metadata, published",
    tag: 'Members and tokens',
    body: attachLogoSchema,
    success: [200, "Attached, and copied onto every campaign of the organisation. Its alt text is the organisation's name."],
    response: organisationProfileSchema,
  },
  'remove-org-logo': {
    summary: "Remove the organisation's logo (owners)",
    tag: 'Members and tokens',
    success: [200, 'Removed from the profile and from every campaign of the organisation.'],
    response: organisationProfileSchema,
  },
  'list-members': { summary: "The organisation's members", tag: 'Members and tokens', success: [200, 'The members.'], response: memberListSchema },
  'invite-member': {
    summary: 'Add a member and mail them a sign-in link',
    tag: 'Members and tokens',
    body: inviteMemberSchema,
    success: [201, "Added. `invitation` says whether the mail went: `sent`; `limited` (this organisation has sent the address 3 invitations today); `failed`."],
    response: invitedMemberSchema,
    errors: { 409: 'The address is a member already (`already_member`).' },
  },
  'update-member': {
    summary: "Change a member's role",
    tag: 'Members and tokens',
    body: updateMemberSchema,
    success: [200, 'Changed.'],
    response: memberSchema,
    errors: { 409: 'The organisation would have no owner left (`last_owner`).' },
  },
  'remove-member': {
    summary: 'Remove a member',
    tag: 'Members and tokens',
    success: [204, 'Removed.'],
    response: null,
    errors: { 409: 'The organisation would have no owner left (`last_owner`).' },
  },
  'list-tokens': {
    summary: 'API tokens, newest first, with who made each (never their values)',
    tag: 'Members and tokens',
    success: [200, 'The tokens. A token works while its maker is an owner (`active`): removing or demoting the maker revokes it.'],
    response: apiTokenListSchema,
  },
  'create-token': {
    summary: 'Create an API token; its value is shown in this answer only',
    tag: 'Members and tokens',
    body: createTokenSchema,
    success: [201, 'Created.'],
    response: createdApiTokenSchema,
    errors: { 403: 'The role does not allow this, or the maker stopped being an owner meanwhile.' },
  },
  'revoke-token': { summary: 'Revoke an API token', tag: 'Members and tokens', success: [204, 'Revoked.'], response: null },

  'list-campaigns': { summary: "The organisation's campaigns, drafts included", tag: 'Campaigns', success: [200, 'The campaigns.'], response: campaignListSchema },
  'create-campaign': {
    summary: 'Create a campaign (a draft unless status is open)',
    tag: 'Campaigns',
    body: newCampaignSchema,
    success: [201, 'Created; Location names it.'],
    response: campaignSchema,
    errors: { 409: 'The slug is taken (`slug_taken`, named on the slug field), or the deadline has passed for a campaign opening at once (`deadline_passed`).' },
  },
  'get-campaign': { summary: 'A campaign with everything organisers see', tag: 'Campaigns', success: [200, 'The campaign.'], response: campaignSchema },
  'update-campaign': {
    summary: 'Change a campaign; text edits while open keep the earlier version; a draft may take another slug',
    tag: 'Campaigns',
    body: campaignUpdateSchema,
    success: [200, 'Changed.'],
    response: campaignSchema,
    errors: {
      409: `${campaignConflicts} The slug is taken (\`slug_taken\`), or the new original language has a translation (\`language_translated\`).`,
    },
  },
  'start-image-upload': {
    summary: "A link to upload the campaign's image (JPEG or PNG, at most 8 MB): PUT the file to `url` with `headers`, then attach it",
    tag: 'Campaigns',
    body: imageUploadRequestSchema,
    success: [201, 'The upload link, valid 10 minutes.'],
    response: imageUploadSchema,
    errors: { 409: 'A delivered campaign changes no more (`delivered`).' },
  },
  'attach-campaign-image': {
    summary: "Attach an uploaded image to the campaign, with its alt text: resized, re-encoded as JPEG without metadata, published",
    tag: 'Campaigns',
    body: attachImageSchema,
    success: [200, 'Attached.'],
    response: campaignSchema,
    errors: { 409: campaignConflicts },
  },
  'set-campaign-status': {
    summary: 'Open, close or reopen a campaign (a draft claims its slug as it opens: 409 slug_taken if someone opened one under it meanwhile)',
    tag: 'Campaigns',
    body: statusChangeSchema,
    success: [200, 'Moved.'],
    response: campaignSchema,
    errors: { 409: `Not a move this campaign can make (\`invalid_transition\`, \`delivered\`, \`erased\`, \`deadline_passed\`), its slug was taken as it opened (\`slug_taken\`), or ${changed[0]!.toLowerCase()}${changed.slice(1)}` },
  },
  'record-delivery': {
    summary: 'Record the delivery of a closed campaign',
    tag: 'Campaigns',
    body: deliverySchema,
    success: [200, 'Recorded; the public page shows it.'],
    response: campaignSchema,
    errors: { 409: `Recorded already (\`delivered\`), the campaign is not closed (\`not_closed\`), or ${changed[0]!.toLowerCase()}${changed.slice(1)}` },
  },
  'create-cosign-invite': {
    summary: 'An invitation link for a co-signing organisation',
    tag: 'Campaigns',
    success: [201, 'The link.'],
    response: cosignInviteSchema,
    errors: { 409: campaignConflicts },
  },
  'get-dashboard': { summary: 'Live figures: counts, countries, timeline, recent activity', tag: 'Campaigns', success: [200, 'The figures.'], response: dashboardSchema },
  'put-translation': {
    summary: "Add or replace a translation of the campaign's title and text",
    tag: 'Campaigns',
    body: translationSchema,
    success: [200, 'Saved; the campaign.'],
    response: campaignSchema,
    params: translationLanguage,
    errors: { 409: `${campaignConflicts} The original is in that language (\`translation_is_original\`).` },
  },
  'delete-translation': {
    summary: 'Remove a translation',
    tag: 'Campaigns',
    success: [200, 'Removed; the campaign.'],
    response: campaignSchema,
    params: translationLanguage,
    errors: { 409: campaignConflicts },
  },

  'start-export': {
    summary: 'Start a CSV export or a delivery dossier (PDF)',
    tag: 'Exports',
    body: startExportSchema,
    success: [202, 'Queued; Location names it.'],
    response: exportJobSchema,
    errors: { 409: 'A draft has nothing to export (`draft`), or an export of this campaign is running (`export_running`).' },
  },
  'list-exports': { summary: "A campaign's exports, newest first, with progress", tag: 'Exports', success: [200, 'The exports.'], response: exportListSchema },
  'get-export': { summary: 'One export; when done, a download link valid 15 minutes', tag: 'Exports', success: [200, 'The export.'], response: exportJobSchema },

  'get-openapi': { summary: 'This document', tag: 'Service', success: [200, 'OpenAPI 3.1.'], response: openApiSchema },
} satisfies Record<string, Operation>;

export type RouteName = keyof typeof operations;

/** The body a route answers with on success: what its handler must give `json()`. */
export type Answer<N extends RouteName> = (typeof operations)[N]['response'] extends infer S extends z.ZodMiniType ? z.output<S> : never;
