import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AssetHashType, DockerImage, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { repoRoot } from './repo-root.ts';
import type { CustomDomain } from '../settings.ts';
import { CONTENT_SECURITY_POLICY, EMBED_CONTENT_SECURITY_POLICY, EMBED_PATH } from '../security-headers.ts';
import { LANGUAGES } from '../../functions/lib/language.ts';
import { SLUG } from '../../functions/rules/limits.ts';
import { PAGES_PREFIX } from '../../functions/rules/campaign-paths.ts';

/**
 * The CloudFront Function (viewer request, on `/c/*`) that serves a campaign's published page:
 * `/c/<slug>` → `c/<slug>/index.html`, `/c/<slug>/<lang>` → `c/<slug>/<lang>/index.html`; anything
 * else under /c/ (the share card, `/c/<slug>/card.png`) as it is. The same mapping as
 * functions/rules/campaign-paths.ts pageKeyOfPath (test/infra/stack.test.ts runs this code against it).
 */
export const CAMPAIGN_PAGE_FUNCTION = `function handler(event) {
  var request = event.request;
  var slug = new RegExp(${JSON.stringify(SLUG.source)});
  var languages = ${JSON.stringify(LANGUAGES)};
  var parts = request.uri.split('/');
  if (parts.length > 3 && parts[parts.length - 1] === '') parts.pop();
  if ((parts.length === 3 || parts.length === 4) && parts[0] === '' && parts[1] === 'c' && slug.test(parts[2]) &&
      (parts.length === 3 || languages.indexOf(parts[3]) !== -1)) {
    request.uri = '/${PAGES_PREFIX}' + parts.slice(2).join('/') + '/index.html';
  }
  return request;
}`;

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export interface StaticSiteProps {
  /** Served under `/api/*` on the same origin, so the page needs no CORS. */
  readonly api: HttpApi;
  /** Where S3 writes the site bucket's server access logs (its requests come from CloudFront and deploys). */
  readonly accessLogsBucket: s3.IBucket;
  /** The site's own name (checked in infra/settings.ts); without it, the CloudFront address. */
  readonly domain?: CustomDomain;
  /**
   * Where organisers' image uploads go (issue #17, item 5): reached through `/uploads/*` on the site's
   * own origin, so the page's CSP keeps `connect-src 'self'` and needs no CORS.
   */
  readonly uploadsBucket?: s3.IBucket;
}

/**
 * The public face: a private bucket holding the built page, behind CloudFront, with the HTTP API on
 * the same domain under `/api/*`.
 */
export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'site/',
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      autoDeleteObjects: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Undersigned security headers',
      // Only the embed page may be framed (its own policy below); DENY for browsers without frame-ancestors.
      securityHeadersBehavior: securityHeadersBehavior(CONTENT_SECURITY_POLICY, {
        frameOption: cloudfront.HeadersFrameOption.DENY,
        override: true,
      }),
    });

    // The widget's page (/embed.html, framed by /widget.js on organisations' own sites): the same
    // headers but frame-ancestors *, and no X-Frame-Options (it has no "allow any site" value).
    const embedHeaders = new cloudfront.ResponseHeadersPolicy(this, 'EmbedSecurityHeaders', {
      comment: 'Undersigned embed page: frameable by any site',
      securityHeadersBehavior: securityHeadersBehavior(EMBED_CONTENT_SECURITY_POLICY),
    });

    // Honours the API's own Cache-Control: GET /api/campaigns/{slug}/count answers `s-maxage=1`, so a
    // burst of viewers costs one Lambda call per second; anything without Cache-Control (POSTs, errors)
    // is not cached (default TTL 0). Organiser answers are `no-store` and never cached. Authorization is in
    // the key only because CloudFront forwards that header to the origin on no other terms (API tokens);
    // anonymous requests have none, so public answers still share one cache entry. The query string `lang`
    // is in the key because GET /api/campaigns/{slug}?lang=ka answers in Georgian when the campaign has
    // a translation; the page always asks that way. Without `lang` the answer follows Accept-Language,
    // which is not in the key (it would split every entry by browser), so those answers say `private`.
    const apiCachePolicy = new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Undersigned API: origin Cache-Control, at most 60 s',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(60),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList('lang'),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // apiEndpoint is `https://<id>.execute-api.<region>.<suffix>`: element 2 of the split is the host.
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);

    const campaignPages = new cloudfront.Function(this, 'CampaignPages', {
      comment: 'Undersigned: /c/<slug>[/<lang>] to its published page',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(CAMPAIGN_PAGE_FUNCTION),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Undersigned',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors: {
        // Its query (?slug=&lang=&tag=) is read by the page's script, not by S3: one cached object.
        [EMBED_PATH]: {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: embedHeaders,
          compress: true,
        },
        // Presigned PUTs of image uploads, passed through as signed: the query carries the signature
        // (for the bucket's own host name, which CloudFront sends as Host), nothing is cached.
        ...(props.uploadsBucket
          ? {
              '/uploads/*': {
                origin: origins.S3BucketOrigin.withBucketDefaults(props.uploadsBucket),
                viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
                cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
                originRequestPolicy: new cloudfront.OriginRequestPolicy(this, 'UploadRequests', {
                  comment: 'Presigned image uploads: the signature in the query, the signed Content-Type',
                  queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
                  headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('Content-Type'),
                  cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
                }),
                responseHeadersPolicy: securityHeaders,
                compress: false,
              },
            }
          : {}),
        // Campaign pages, published by publish-campaign-pages (Cache-Control max-age=60 on each file).
        [`/${PAGES_PREFIX}*`]: {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: securityHeaders,
          compress: true,
          functionAssociations: [{ function: campaignPages, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
        '/api/*': {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
          cachePolicy: apiCachePolicy,
          // The API must not see the CloudFront Host header (API Gateway routes on its own host name).
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
      // No errorResponses (SPA fallback): they would apply to /api/* too and turn API 404s into HTML.
      ...(props.domain
        ? {
            domainNames: [props.domain.domainName],
            // Imported, not created: CloudFront reads certificates from us-east-1 only, this stack may
            // live anywhere, and DNS validation needs the operator's zone (README, "Deploy to AWS").
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            // With our own certificate the floor is ours to set (SNI only, no dedicated-IP fee).
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
    });

    // With a Route 53 zone, the name points at the distribution (A and AAAA aliases, no charge per
    // query); without one the operator adds a CNAME to the distribution's domain where their DNS is.
    if (props.domain?.hostedZone) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: props.domain.hostedZone.id,
        zoneName: props.domain.hostedZone.name,
      });
      const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.distribution));
      new route53.ARecord(this, 'AliasA', { zone, recordName: props.domain.domainName, target });
      new route53.AaaaRecord(this, 'AliasAAAA', { zone, recordName: props.domain.domainName, target });
    }

    // Two passes over the same build (bundled once). web/build.ts versions app.js and styles.css by a
    // content hash in index.html's URLs, so everything but index.html may sit in browsers for a while,
    // and index.html must always be revalidated. Assets go first so a new index.html never points at
    // files not uploaded yet; each pass invalidates the CDN. The embed page and /widget.js are entry
    // points like index.html (organisations' sites link to them by a fixed URL): revalidated too.
    const entryPoints = ['index.html', 'embed.html', 'widget.js'];
    const web = webAsset();
    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      destinationBucket: this.bucket,
      sources: [web],
      // c/*: what the functions publish (campaign pages, share cards at c/<slug>/card.png); media/*: the
      // images organisers published. Neither is in the build, and an excluded path is also left alone by the prune.
      exclude: [...entryPoints, `${PAGES_PREFIX}*`, 'media/*'],
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(7))],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    const index = new s3deploy.BucketDeployment(this, 'Index', {
      destinationBucket: this.bucket,
      sources: [web],
      exclude: ['*'],
      include: entryPoints,
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    index.node.addDependency(assets);
  }
}

/**
 * The page, built by web/build.ts. CDK bundling is synchronous and buildWeb is async, so it runs in a
 * child process (`tsx web/build.ts <outdir>`). Hash on the output: the build may pull in code from
 * outside web/.
 */
function webAsset(): s3deploy.ISource {
  return s3deploy.Source.asset(path.join(repoRoot, 'web'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Only a placeholder: local bundling always succeeds or throws, so Docker is never used.
      image: DockerImage.fromRegistry('none'),
      local: {
        tryBundle(outputDir: string): boolean {
          const result = spawnSync(process.execPath, [tsxCli, 'web/build.ts', outputDir], {
            cwd: repoRoot,
            // Build logs go to stderr so they never mix with anything the CDK app prints on stdout.
            stdio: ['ignore', 2, 2],
          });
          if (result.error) throw result.error;
          if (result.status !== 0) {
            throw new Error(`web/build.ts failed (exit ${result.status ?? result.signal}); see its output above`);
          }
          if (!existsSync(path.join(outputDir, 'index.html'))) {
            throw new Error(`web/build.ts succeeded but wrote no index.html into ${outputDir}`);
          }
          return true;
        },
      },
    },
  });
}

/** The headers every page gets (HSTS, nosniff, no referrer, CSP), with its own CSP and framing rule. */
function securityHeadersBehavior(
  contentSecurityPolicy: string,
  frameOptions?: cloudfront.ResponseHeadersFrameOptions,
): cloudfront.ResponseSecurityHeadersBehavior {
  return {
    strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    contentTypeOptions: { override: true },
    referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    ...(frameOptions ? { frameOptions } : {}),
    contentSecurityPolicy: { contentSecurityPolicy, override: true },
  };
}
