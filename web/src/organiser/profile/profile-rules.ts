/**
 * The organisation profile form's rules (issue #17, item 4): what the page checks before sending and
 * the body it sends (PATCH /api/org/profile). Limits and patterns are the server's
 * (functions/rules/limits.ts); test/unit/page-server-contract.test.ts holds the two together. Pure.
 */
import { EMAIL, IMAGE_LIMITS, IMAGE_TYPES, ORG_PROFILE_FIELDS, ORG_PROFILE_LIMITS, isWebAddress, storedLength } from '../../../../functions/rules/limits.ts';
import type { Answer, Body } from '../../app/contract.ts';
import { isRecord } from '../../app/records.ts';

export type Profile = Answer<'get-org-profile'>;
export type ProfileBody = Body<'update-org-profile'>;
export type ProfileValues = Record<(typeof ORG_PROFILE_FIELDS)[number], string>;
export type ProfileProblem = 'required' | 'tooLong' | 'website' | 'email';

/** Every field, trimmed as the server stores it: an empty one clears it (but the name, which the page asks for). */
export function profileBody(values: ProfileValues): ProfileBody {
  return {
    name: values.name.trim(),
    country: values.country as ProfileBody['country'],
    website: values.website.trim(),
    contact: values.contact.trim(),
    controller: values.controller.trim(),
  };
}

/** What the page refuses before sending, by field. */
export function profileProblems(values: ProfileValues): Partial<Record<keyof ProfileValues, ProfileProblem>> {
  const problems: Partial<Record<keyof ProfileValues, ProfileProblem>> = {};
  if (storedLength(values.name, { collapse: true }) === 0) problems.name = 'required';
  else if (storedLength(values.name, { collapse: true }) > ORG_PROFILE_LIMITS.name) problems.name = 'tooLong';
  const website = values.website.trim();
  if (website && (storedLength(website) > ORG_PROFILE_LIMITS.website || !isWebAddress(website))) problems.website = storedLength(website) > ORG_PROFILE_LIMITS.website ? 'tooLong' : 'website';
  const contact = values.contact.trim();
  if (contact && (contact.length > ORG_PROFILE_LIMITS.contact || !EMAIL.test(contact))) problems.contact = contact.length > ORG_PROFILE_LIMITS.contact ? 'tooLong' : 'email';
  if (storedLength(values.controller, { multiline: true }) > ORG_PROFILE_LIMITS.controller) problems.controller = 'tooLong';
  return problems;
}

/** GET/PATCH /api/org/profile: the profile, or null when the answer is not one. */
export function readProfile(body: unknown): Profile | null {
  return isRecord(body) && typeof body.name === 'string' ? (body as Profile) : null;
}

/** The form's values from a profile: absent fields empty. */
export function profileValues(profile: Profile): ProfileValues {
  return { name: profile.name, country: profile.country ?? '', website: profile.website ?? '', contact: profile.contact ?? '', controller: profile.controller ?? '' };
}

/** The logo's file, checked as the server signs it into the upload link (type and size): 'required', 'type', 'size' or undefined. */
export function logoFileProblem(file: { type: string; size: number } | undefined): 'required' | 'type' | 'size' | undefined {
  if (!file) return 'required';
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return 'type';
  if (file.size < 1 || file.size > IMAGE_LIMITS.maxBytes) return 'size';
  return undefined;
}

/** The server's field names for the logo form (the link request's and the attach request's), all shown on the one file field. */
export const LOGO_ERROR_FIELDS = ['logo', 'contentType', 'size', 'uploadId'] as const;
