/**
 * What the API reference says about each route, beyond what the route table knows: a summary and the
 * zod schema of the request body (the same schema the handler validates with, so the reference
 * cannot drift from the code). test/unit/openapi.test.ts fails when a route has no entry here.
 */
import type { z } from 'zod';
import { signatureInputSchema } from '#domain/signature.ts';
import {
  apiTokenListSchema,
  createTokenSchema,
  createdApiTokenSchema,
  inviteMemberSchema,
  signInRequestSchema,
  startSessionSchema,
  switchOrganisationSchema,
  updateMemberSchema,
} from '#domain/organisation-schema.ts';
import {
  campaignUpdateSchema,
  cosignLetterSchema,
  cosignPreviewSchema,
  cosignSchema,
  deliverySchema,
  newCampaignSchema,
  statusChangeSchema,
  translationSchema,
} from '#domain/petition-schema.ts';
import { startExportSchema } from '#domain/export-schema.ts';
import { linkTokenSchema } from './shared-schemas.ts';

export interface Operation {
  summary: string;
  tag: 'Campaigns' | 'Signing' | 'Organisers' | 'Members and tokens' | 'Exports' | 'Service';
  body?: z.ZodType;
  /** The success status and what it means. */
  success: [status: number, description: string];
  /** The zod schema of the success answer, where the reference describes it. */
  response?: z.ZodType;
}

export const operations: Record<string, Operation> = {
  health: { summary: 'Liveness check', tag: 'Service', success: [200, 'The service answers.'] },
  'list-petitions': { summary: 'Open campaigns, newest first, with counts', tag: 'Campaigns', success: [200, 'The campaigns.'] },
  'get-petition': { summary: 'One campaign: text, targets, count, co-signers, delivery', tag: 'Campaigns', success: [200, 'The campaign.'] },
  'get-count': { summary: 'Confirmed signatures of a campaign (cached ~1 s)', tag: 'Campaigns', success: [200, 'The count.'] },
  'list-signers': { summary: 'Public list of confirmed signers who chose to appear', tag: 'Campaigns', success: [200, 'Labels and countries.'] },
  'get-challenge': { summary: 'A proof-of-work challenge (ALTCHA) for the sign form', tag: 'Signing', success: [200, 'The challenge.'] },
  sign: { summary: 'Sign a campaign; a confirmation mail follows', tag: 'Signing', body: signatureInputSchema, success: [202, 'Accepted; check your email.'] },
  'preview-signature': { summary: 'What an emailed confirm link would confirm (name, listing choice, country, comment)', tag: 'Signing', body: linkTokenSchema, success: [200, 'The submission, as its signer sent it.'] },
  'confirm-signature': { summary: 'Confirm a signature with the emailed token', tag: 'Signing', body: linkTokenSchema, success: [200, 'Confirmed.'] },
  'withdraw-signature': { summary: 'Withdraw a signature with the emailed token', tag: 'Signing', body: linkTokenSchema, success: [200, 'Withdrawn.'] },
  cosign: { summary: 'An organisation co-signs a letter through its invitation link', tag: 'Campaigns', body: cosignSchema, success: [201, 'Co-signed.'] },
  'preview-cosign': {
    summary: 'What a co-signing invitation asks to sign, or that it was used or expired (404 invalid_invite); spends nothing',
    tag: 'Campaigns',
    body: cosignPreviewSchema,
    success: [200, 'The letter, in the reader\'s language when translated.'],
    response: cosignLetterSchema,
  },

  'request-sign-in': {
    summary: 'Ask for a one-time sign-in link, with a solved proof of work (GET /api/challenge)',
    tag: 'Organisers',
    body: signInRequestSchema,
    success: [202, 'Stored, whoever the address belongs to. A sign-in link, or a note that no organisation has the address, follows by mail: at most 5 an hour per address.'],
  },
  'start-session': { summary: 'Exchange the emailed token for a session cookie', tag: 'Organisers', body: startSessionSchema, success: [200, 'Signed in; Set-Cookie carries the session.'] },
  'end-session': { summary: 'Sign out', tag: 'Organisers', success: [204, 'Signed out.'] },
  'get-me': { summary: 'Who is signed in, in which organisation, with which role', tag: 'Organisers', success: [200, 'The organiser.'] },
  'switch-organisation': { summary: 'Act for another organisation of the same address', tag: 'Organisers', body: switchOrganisationSchema, success: [200, 'Switched; Set-Cookie carries the new session.'] },

  'list-members': { summary: "The organisation's members", tag: 'Members and tokens', success: [200, 'The members.'] },
  'invite-member': {
    summary: 'Add a member and mail them a sign-in link',
    tag: 'Members and tokens',
    body: inviteMemberSchema,
    success: [201, "Added. `invitation` says whether the mail went: `sent`; `limited` (this organisation has sent the address 3 invitations today); `failed`."],
  },
  'update-member': { summary: "Change a member's role", tag: 'Members and tokens', body: updateMemberSchema, success: [200, 'Changed.'] },
  'remove-member': { summary: 'Remove a member', tag: 'Members and tokens', success: [204, 'Removed.'] },
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
    success: [201, 'Created. 403 when the maker stopped being an owner meanwhile.'],
    response: createdApiTokenSchema,
  },
  'revoke-token': { summary: 'Revoke an API token', tag: 'Members and tokens', success: [204, 'Revoked.'] },

  'list-campaigns': { summary: "The organisation's campaigns, drafts included", tag: 'Campaigns', success: [200, 'The campaigns.'] },
  'create-campaign': { summary: 'Create a campaign (a draft unless status is open)', tag: 'Campaigns', body: newCampaignSchema, success: [201, 'Created.'] },
  'get-campaign': { summary: 'A campaign with everything organisers see', tag: 'Campaigns', success: [200, 'The campaign.'] },
  'update-campaign': {
    summary: 'Change a campaign; text edits while open keep the earlier version; a draft may take another slug',
    tag: 'Campaigns',
    body: campaignUpdateSchema,
    success: [200, 'Changed.'],
  },
  'set-campaign-status': {
    summary: 'Open, close or reopen a campaign (a draft claims its slug as it opens: 409 slug_taken if someone opened one under it meanwhile)',
    tag: 'Campaigns',
    body: statusChangeSchema,
    success: [200, 'Moved.'],
  },
  'record-delivery': { summary: 'Record the delivery of a closed campaign', tag: 'Campaigns', body: deliverySchema, success: [200, 'Recorded; the public page shows it.'] },
  'create-cosign-invite': { summary: 'An invitation link for a co-signing organisation', tag: 'Campaigns', success: [201, 'The link.'] },
  'get-dashboard': { summary: 'Live figures: counts, countries, timeline, recent activity', tag: 'Campaigns', success: [200, 'The figures.'] },
  'put-translation': { summary: "Add or replace a translation of the campaign's title and text", tag: 'Campaigns', body: translationSchema, success: [200, 'Saved; the campaign.'] },
  'delete-translation': { summary: 'Remove a translation', tag: 'Campaigns', success: [200, 'Removed; the campaign.'] },

  'start-export': { summary: 'Start a CSV export or a delivery dossier (PDF)', tag: 'Exports', body: startExportSchema, success: [202, 'Queued.'] },
  'list-exports': { summary: "A campaign's exports, newest first, with progress", tag: 'Exports', success: [200, 'The exports.'] },
  'get-export': { summary: 'One export; when done, a download link valid 15 minutes', tag: 'Exports', success: [200, 'The export.'] },

  'get-openapi': { summary: 'This document', tag: 'Service', success: [200, 'OpenAPI 3.1.'] },
};
