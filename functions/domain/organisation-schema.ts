/**
 * What organisers send to sign in and to manage members and API tokens (zod). Kept apart from
 * organisation.ts so routes that only check access do not bundle the validator.
 */
import { z } from 'zod';
import { ROLES } from './organisation.ts';

const email = z
  .string('Enter an email address.')
  .trim()
  .max(254, 'At most 254 characters.')
  .pipe(z.email('Enter a valid email address.'));
const role = z.enum(ROLES, 'Choose owner, editor or viewer.');

export const signInRequestSchema = z.strictObject({ email });

export const startSessionSchema = z.strictObject({
  token: z.string('The link is incomplete. Open it again from the email.').regex(/^[A-Za-z0-9_-]{43}$/, 'The link is incomplete. Open it again from the email.'),
  /** Which organisation to act for, when the address belongs to several. */
  organisation: z.string().max(64).optional(),
});

export const switchOrganisationSchema = z.strictObject({ organisation: z.string('Choose an organisation.').min(1).max(64) });

export const inviteMemberSchema = z.strictObject({ email, role });

export const updateMemberSchema = z.strictObject({ role });

export const createTokenSchema = z.strictObject({
  name: z.string('Name the token after what will use it.').trim().min(1, 'Name the token after what will use it.').max(100, 'At most 100 characters.'),
  // Automation never needs to manage members or tokens: no owner tokens.
  role: z.enum(['editor', 'viewer'], 'Choose editor or viewer.'),
});
