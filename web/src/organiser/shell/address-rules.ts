/**
 * An organiser's email address as the sign-in and invitation forms check it before sending: the
 * server's pattern and length (functions/rules/limits.ts), counted as the server counts. Pure.
 */
import { EMAIL, SIGN_LIMITS, storedLength } from '../../../../functions/rules/limits.ts';
import type { Body } from '../../app/contract.ts';

export function addressProblem(address: string): 'required' | 'email' | undefined {
  const a = address.trim();
  if (a === '') return 'required';
  return storedLength(a) > SIGN_LIMITS.email || !EMAIL.test(a) ? 'email' : undefined;
}

/** POST /api/auth/link: the address (checked with addressProblem first) and the proof of work. */
export function signInBody(address: string, altcha: string): Body<'request-sign-in'> {
  return { email: address.trim(), altcha };
}
