/**
 * The email links (confirm and withdraw): the preview of what was signed and what the API's answers
 * mean. Pure.
 */
import type { Answer, Body } from '../app/contract.ts';
import { isRecord } from '../app/records.ts';

export type ConfirmOutcome = 'confirmed' | 'invalid' | 'expired' | 'closed' | 'busy' | 'error';

/** What a confirm link's submission says, as POST …/preview answers: shown before Confirm is pressed. */
export type SignaturePreview = Answer<'preview-signature'>;

/**
 * The preview, typed by the document the server is held to (test/support/contract.ts); null when the
 * answer is not one at all, so the page says the link does not work instead of throwing.
 */
export function readPreview(body: unknown): SignaturePreview | null {
  return isRecord(body) && typeof body.name === 'string' && typeof body.status === 'string' ? (body as SignaturePreview) : null;
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

/** The body of POST …/preview, …/confirm and …/withdraw: the link's token, as the mail carried it. */
export function linkBody(token: string): Body<'confirm-signature'> {
  return { token };
}
