/**
 * The site bucket, as far as the share cards go: each campaign's card is written to `c/<slug>/card.png`
 * (rules/share-card.ts cardKey), which CloudFront serves at `/c/<slug>/card.png` with the object's
 * Cache-Control. The function that writes cards may put only those keys (infra/stack.ts): it can read,
 * list or overwrite nothing else of the site.
 *
 * Locally SITE_BUCKET is a bucket of the S3 stand-in, and the local server answers
 * `/c/<slug>/card.png` from it (infra/local/).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from '#lib/config.ts';
import { retrySettings, withoutSdkLogging } from '#lib/clients.ts';
import { CARD_CACHE_CONTROL, cardKey } from '#rules/share-card.ts';

const Bucket = requireEnv('SITE_BUCKET');

const s3 = withoutSdkLogging(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', ...retrySettings(10_000) }));

/** Publishes a campaign's card, replacing the one before. */
export async function putCard(slug: string, png: Uint8Array): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket, Key: cardKey(slug), Body: png, ContentType: 'image/png', CacheControl: CARD_CACHE_CONTROL }),
  );
}
