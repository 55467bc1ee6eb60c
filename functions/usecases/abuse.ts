/**
 * Keeping bots off a petition without shutting out people on VPNs, Tor or a shared office network:
 * a proof-of-work challenge (ALTCHA) that any real browser solves in about a second, a honeypot
 * field here, and velocity *signals* (logs and metrics, never blocks) per email domain and per
 * network source in ./velocity.ts. Nothing stores an address or a domain in clear.
 */
import { badRequest } from '#lib/errors.ts';
import { countEvent } from '#lib/metrics.ts';
import { claimChallenge } from '#store/signals.ts';
import { verifySignChallenge } from '#rules/challenge.ts';


/** A verified proof of work, not yet spent. */
export interface SolvedChallenge {
  id: string;
  expiresAt: number;
}

/** Verifies the proof of work without I/O: a failure is a field-level 400 before any read or write. */
export async function verifiedChallenge(payload: string, secret: string, now: Date): Promise<SolvedChallenge> {
  const result = await verifySignChallenge(payload, secret, now);
  if (!result.ok) {
    countEvent('ChallengeFailed');
    throw badRequest('validationFailed', { altcha: 'altcha.failed' }, 'validation_failed');
  }
  return { id: result.id, expiresAt: result.expiresAt };
}

/** Spends a verified proof of work: used once already is a field-level 400. */
export async function spendChallenge(result: SolvedChallenge): Promise<void> {
  if (!(await claimChallenge(result.id, result.expiresAt))) throw replayedChallenge();
}

/**
 * The answer to a proof of work that was spent before, for callers that spend it in a transaction
 * with what it pays for (spentChallengeItem in #store/signals.ts).
 */
export function replayedChallenge() {
  countEvent('ChallengeReplayed');
  return badRequest('validationFailed', { altcha: 'altcha.used' }, 'validation_failed');
}

/** The hidden field only a bot fills. The caller answers as if all went well and stores nothing. */
export function isHoneypotFilled(website: string | undefined): boolean {
  if (!website?.trim()) return false;
  countEvent('HoneypotTripped');
  return true;
}
