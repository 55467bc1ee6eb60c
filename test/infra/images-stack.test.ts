/**
 * Campaign images in the synthesised template (issue #17, item 5): a private uploads bucket that
 * forgets what is left after a day, reached only through the CDN's `/uploads/*` (presigned PUTs
 * passed through, nothing cached); exactly two functions touching it (one signs PUTs, one reads and
 * deletes); only the attaching function writes to the site bucket, and only under media/; a deploy
 * never prunes media/.
 */
import { describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { functionId, idOf, resources, stack, statementsOf } from './synthesised.ts';

const uploadsId = idOf(stack.uploadsBucket);
const siteBucketId = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('SiteBucket'))![0];

describe('the uploads bucket', () => {
  const bucket = resources[uploadsId]!.Properties;

  it('is private, encrypted, TLS only, and forgets uploads after a day', () => {
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 1 })]);
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket).includes(uploadsId))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Same origin through the CDN: no browser talks to the bucket's own host, so no CORS rule.
    expect(bucket.CorsConfiguration).toBeUndefined();
  });

  it('is touched by exactly two functions: one signs PUTs under uploads/, one reads and deletes there', () => {
    const access: Record<string, string[]> = {
      'start-image-upload': ['s3:PutObject'],
      'attach-campaign-image': ['s3:DeleteObject', 's3:GetObject'],
      // Issue #17, item 4: the organisation's logo, the same two grants.
      'start-logo-upload': ['s3:PutObject'],
      'attach-org-logo': ['s3:DeleteObject', 's3:GetObject'],
    };
    for (const f of [...routes, ...streamConsumers, ...scheduledJobs]) {
      const onBucket = statementsOf(f.name).filter((s) => JSON.stringify(s.Resource).includes(uploadsId));
      expect({ name: f.name, actions: onBucket.flatMap((s) => [s.Action].flat()).sort() }).toEqual({ name: f.name, actions: access[f.name] ?? [] });
      for (const s of onBucket) expect(JSON.stringify(s.Resource)).toContain('/uploads/*');
      const env = resources[functionId(f.name)]!.Properties.Environment.Variables as Record<string, unknown>;
      expect({ name: f.name, env: 'UPLOADS_BUCKET' in env }).toEqual({ name: f.name, env: f.name in access });
    }
  });

  it('only the attaching functions (campaign image, organisation logo) write under media/, and they write nowhere else on the site', () => {
    // Other functions write their own prefixes of the site bucket (campaign pages, share cards): their own tests hold them there.
    const attaching = ['attach-campaign-image', 'attach-org-logo'];
    for (const f of [...routes, ...streamConsumers, ...scheduledJobs]) {
      const onSite = statementsOf(f.name).filter((s) => JSON.stringify(s.Resource).includes(siteBucketId));
      const onMedia = onSite.filter((s) => JSON.stringify(s.Resource).includes('/media/'));
      const actions = onMedia.flatMap((s) => [s.Action].flat()).sort();
      expect({ name: f.name, actions }).toEqual({ name: f.name, actions: attaching.includes(f.name) ? ['s3:PutObject'] : [] });
      if (attaching.includes(f.name)) for (const s of onSite) expect(JSON.stringify(s.Resource)).toContain('/media/*');
    }
  });
});

describe('the attaching function', () => {
  it('has one full vCPU (1,769 MB) and 29 s to decode an image (the logo\'s too); every other route keeps 512 MB and 10 s', () => {
    for (const r of routes) {
      const props = resources[functionId(r.name)]!.Properties;
      const expected = r.name === 'attach-campaign-image' || r.name === 'attach-org-logo' ? [1769, 29] : [512, 10];
      expect({ name: r.name, memory: props.MemorySize, timeout: props.Timeout }).toEqual({ name: r.name, memory: expected[0], timeout: expected[1] });
    }
  });
});

describe('the CDN and the deploy', () => {
  const config = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;

  it('passes /uploads/* to the uploads bucket with the query (the signature), uncached, HTTPS only', () => {
    const uploads = (config.CacheBehaviors as any[]).find((b) => b.PathPattern === '/uploads/*');
    expect(uploads).toBeDefined();
    expect(uploads.AllowedMethods).toContain('PUT');
    expect(uploads.ViewerProtocolPolicy).toBe('https-only');
    const origin = (config.Origins as any[]).find((o) => o.Id === uploads.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(uploadsId);
    const request = resources[uploads.OriginRequestPolicyId.Ref]!.Properties.OriginRequestPolicyConfig;
    expect(request.QueryStringsConfig.QueryStringBehavior).toBe('all');
    expect(request.CookiesConfig.CookieBehavior).toBe('none');
  });

  it('never prunes published images (media/) when the page is deployed', () => {
    const deployments = Object.values(resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
    const pruning = deployments.filter((d) => d.Properties.Prune !== false);
    expect(pruning.length).toBeGreaterThan(0);
    for (const d of pruning) expect(d.Properties.Exclude).toContain('media/*');
  });
});
