/**
 * Seeds signatures straight into the table, as the items the signing paths end in (a pending
 * submission, a confirmed signature, an erased one), sealed exactly as the sign path seals them (one
 * data key, per-field AES-GCM bound to the signature's key), without the HTTP round trips, proofs of
 * work, mails and transactions: thousands in seconds. For the export test and bench/export.ts. Call after the environment is set
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
export async function seedSignatures(campaign: SeededCampaign, signers: SeedSigner[], concurrency = 32): Promise<Map<string, string>> {
  const [{ sealFields }, { signerId, sealingContext, signatureKey, submissionKey }, { hashToken }, { canonicalEmail }, { documents }] = await Promise.all([
    import('#crypto/field-crypto.ts'),
    import('#rules/signature-keys.ts'),
    import('#rules/tokens.ts'),
    import('#rules/identity.ts'),
    import('#lib/clients.ts'),
  ]);
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const TableName = process.env.SIGNATURES_TABLE!;
  const hashKey = process.env.HASH_KEY!;
  const confirmedAt = new Map<string, string>();
  const base = Date.now();

  // Each signer is written as the item its path ends in — a pending submission, a confirmed signature
  // (as confirmSubmission writes it), or an erased one (as retention leaves it) — in one PutItem: the
  // items are the product's own, the many transactions that make them in real use are not repeated.
  async function seedOne(signer: SeedSigner, i: number) {
    const key = signatureKey(campaign, signerId(hashKey, campaign.slug, canonicalEmail(signer.email)));
    const sealed = await sealFields({ name: signer.name, email: signer.email, comment: signer.comment }, sealingContext(key));
    const tokenHash = hashToken(randomBytes(32).toString('base64url'));
    const created = new Date(base + i).toISOString();
    const fields = {
      slug: campaign.slug,
      dataKey: sealed.dataKey,
      pii: sealed.sealed,
      country: signer.country,
      showName: false,
      createdAt: created,
      // The text version the signer saw; older signatures have none (read as 1).
      ...(signer.textVersion !== undefined ? { textVersion: signer.textVersion } : {}),
    };
    const state = signer.state ?? 'confirmed';
    if (state === 'pending') {
      const submission = {
        ...submissionKey(key, tokenHash),
        ...fields,
        status: 'pending' as const,
        signer: key.sk,
        lang: 'en',
        tokenExpiresAt: new Date(base + 7 * 86_400_000).toISOString(),
        expiresAt: Math.floor(base / 1000) + 8 * 86_400,
        answered: 'confirm',
      };
      await documents.send(new PutCommand({ TableName, Item: submission, ConditionExpression: 'attribute_not_exists(pk)' }));
      return;
    }
    const at = new Date(base + 1000 + i).toISOString();
    const signature = { ...key, ...fields, status: 'confirmed' as const, tokenHash, confirmedAt: at };
    if (state === 'erased') {
      const erasedAt = new Date().toISOString();
      const { pii: _pii, dataKey: _dataKey, tokenHash: _hash, showName: _show, confirmedAt: _at, createdAt: _created, ...kept } = signature;
      await documents.send(new PutCommand({ TableName, Item: { ...kept, sk: `erased#${randomBytes(16).toString('hex')}`, confirmedOn: at.slice(0, 10), erasedAt } }));
      return;
    }
    await documents.send(new PutCommand({ TableName, Item: signature, ConditionExpression: 'attribute_not_exists(pk)' }));
    confirmedAt.set(signer.email, at);
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
