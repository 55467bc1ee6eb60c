/**
 * Seeds signatures straight through the store, sealed exactly as the sign path seals them (one data
 * key, per-field AES-GCM bound to the item), without the HTTP round trips, proofs of work and mails:
 * thousands in seconds. For the export test and bench/export.ts. Call after the environment is set
 * (useLocalTables(), or the bench's own), since the store modules read it at import.
 */
import { randomBytes } from 'node:crypto';

export interface SeedSigner {
  name: string;
  email: string;
  country: string;
  comment?: string;
  /** Where the signer ends up; default confirmed. */
  state?: 'confirmed' | 'pending' | 'erased';
  textVersion?: number;
}

export interface SeededCampaign {
  slug: string;
  shards: number;
}

/** Writes the signers (`concurrency` at a time); returns each confirmed one's `confirmedAt`. */
export async function seedSignatures(petition: SeededCampaign, signers: SeedSigner[], concurrency = 32): Promise<Map<string, string>> {
  const [{ sealFields }, { signerId, sealingContext, signatureKey, submissionKey }, { hashToken }, store, signals, { canonicalEmail }] = await Promise.all([
    import('#lib/field-crypto.ts'),
    import('#domain/keys.ts'),
    import('#domain/tokens.ts'),
    import('#store/signatures.ts'),
    import('#store/signals.ts'),
    import('#domain/identity.ts'),
  ]);
  const hashKey = process.env.HASH_KEY!;
  const confirmedAt = new Map<string, string>();
  const base = Date.now();

  async function seedOne(signer: SeedSigner, i: number) {
    const key = signatureKey(petition, signerId(hashKey, petition.slug, canonicalEmail(signer.email)));
    const sealed = await sealFields({ name: signer.name, email: signer.email, comment: signer.comment }, sealingContext(key));
    const tokenHash = hashToken(randomBytes(32).toString('base64url'));
    const created = new Date(base + i).toISOString();
    const submission = {
      ...submissionKey(key, tokenHash),
      slug: petition.slug,
      status: 'pending' as const,
      signer: key.sk,
      dataKey: sealed.dataKey,
      pii: sealed.sealed,
      country: signer.country,
      showName: false,
      lang: 'en',
      tokenExpiresAt: new Date(base + 7 * 86_400_000).toISOString(),
      expiresAt: Math.floor(base / 1000) + 8 * 86_400,
      createdAt: created,
      answered: 'confirm',
      // The text version the signer saw; older signatures have none (read as 1).
      ...(signer.textVersion !== undefined ? { textVersion: signer.textVersion } : {}),
    };
    const challenge = signals.spentChallengeItem(randomBytes(16).toString('hex'), Math.floor(base / 1000) + 3600);
    if (!(await store.putSubmission(submission, challenge))) throw new Error(`Seed signer ${i} collides with another.`);
    if ((signer.state ?? 'confirmed') === 'pending') return;
    const at = new Date(base + 1000 + i).toISOString();
    const { lang: _lang, answered: _answered, signer: _signer, tokenExpiresAt: _expires, expiresAt: _ttl, ...kept } = submission;
    const signature = { ...kept, ...key, status: 'confirmed' as const, tokenHash, confirmedAt: at };
    if (!(await store.confirmSubmission(submission, signature))) throw new Error(`Seed signer ${i} did not confirm.`);
    if (signer.state === 'erased') {
      const erasedAt = new Date().toISOString();
      await store.erasePersonalData(key, erasedAt);
      await store.anonymiseErased({ ...signature, erasedAt }, `erased#${randomBytes(16).toString('hex')}`);
    } else confirmedAt.set(signer.email, at);
  }

  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, signers.length) }, async () => {
      while (next < signers.length) {
        const i = next++;
        await seedOne(signers[i]!, i);
      }
    }),
  );
  return confirmedAt;
}

const GIVEN = ['Nino', 'ნინო', 'Արամ', 'Олена', 'Айгерим', 'Giorgi', 'Ани', 'Mariam', 'Ərəstun', 'Şəbnəm', 'Тимур', 'Léa'];
const FAMILY = ['Beridze', 'ბერიძე', 'Պետրոսյան', 'Коваленко', 'Сейткали', "O'Neill", 'Гусейнова', 'Müller', 'Əliyev', 'Nazarbekova'];
const COUNTRIES = ['GE', 'AM', 'UA', 'KZ', 'AZ', 'MD', 'DE', 'PL'];

/** `n` distinct signers with names in several scripts; every seventh leaves a comment. */
export function sampleSigners(n: number, prefix = 's'): SeedSigner[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]} ${i}`,
    email: `${prefix}${i}@example.org`,
    country: COUNTRIES[i % COUNTRIES.length]!,
    ...(i % 7 === 0 ? { comment: `Signed, ${i}: "free them",\nnow` } : {}),
    ...(i % 3 === 0 ? { textVersion: 2 } : {}),
  }));
}
