/**
 * For integration tests: signs through the sign use case, as the handler does after its checks,
 * without HTTP or solving a proof of work (each call spends a fresh challenge id). The mail follows
 * only when the submissions are answered from the stream (useLocalTables().signatureStream()).
 */
import { randomUUID } from 'node:crypto';
import type { Language } from '#lib/language.ts';
import type { SignatureInput } from '#rules/signature.ts';

export type DirectSigner = Pick<SignatureInput, 'name' | 'email'> & Partial<SignatureInput>;

export async function signDirect(slug: string, signer: DirectSigner, options: { lang?: Language; sourceIp?: string; now?: Date } = {}) {
  const { sign, signableCampaign } = await import('#usecases/signing.ts');
  const input: SignatureInput = { showName: false, altcha: '-', ...signer };
  const now = options.now ?? new Date();
  const campaign = await signableCampaign(slug, input, now);
  const challenge = { id: randomUUID(), expiresAt: Math.floor(now.getTime() / 1000) + 3600 };
  await sign(campaign, input, challenge, { hashKey: process.env.HASH_KEY!, confirmTtlDays: 7, lang: options.lang }, options.sourceIp, now);
}
