import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { routes, scheduledJobs, streamConsumers, type Route, type StreamFilter } from '../functions/routes.ts';
import { EXPORT_FILE_DAYS } from '../functions/rules/exports.ts';
import { PAGES_PREFIX } from '../functions/rules/campaign-paths.ts';
import { DOSSIER_FONT_FILES } from '../functions/documents/fonts.ts';
import { CARD_FONT_FILES, CARD_WASM_FILE } from '../functions/documents/share-card.ts';
import { tables as tableDefinitions, type TableDefinition } from '../functions/store/tables.ts';
import { Alarms } from './constructs/alarms.ts';
import { ServiceFunction } from './constructs/api-function.ts';
import { StaticSite } from './constructs/static-site.ts';
import { CONTEXT_KEYS, deploySettings, senderAddress, type DeploySettings, type RawSettings } from './settings.ts';

type TableId = TableDefinition['id'];
type SecretName = Route['secrets'][number];

/** What a function may touch: the same shape for HTTP routes, stream consumers and jobs. */
interface FunctionAccess {
  tables: Route['tables'];
  secrets: Route['secrets'];
  uses?: Route['uses'];
}

/** What the HTTP API's access log records per request ($context variables of HTTP APIs). */
const API_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  route: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  responseLength: '$context.responseLength',
} as const;

/** The encryption context every data key is made and opened with (see functions/crypto/data-keys.ts). */
const DATA_KEY_CONTEXT = { purpose: 'undersigned-personal-data' };
/**
 * The `purpose` of the second wrapping of a period's data key in its signals item (data-keys.ts
 * PERIOD_KEY_PURPOSE): what sealing functions may Encrypt and Decrypt, so they share one key a period
 * without being able to unwrap any record's key.
 */
const PERIOD_KEY_PURPOSE = 'undersigned-data-key-period';
/** The signals items that hold a period's data key (functions/crypto/data-key-periods.ts). */
const PERIOD_KEY_ITEMS = 'data-key#*';

/**
 * Concurrency kept for each stream consumer and job alone (Lambda reserved concurrency, which is also
 * its cap), so that a flood on the public routes, which share the rest of the account's pool, can
 * never starve the counter or the mailer: they keep running, and the count keeps moving, while the
 * routes answer 429.
 *
 * A DynamoDB stream runs one invocation per shard at a time (times the parallelization factor), and an
 * on-demand table has a few shards, one more per partition as it grows (~1,000 writes/s or 10 GB each).
 * - count-signatures, follow-signatures: factor 1 on the signatures stream; 10 covers ten partitions,
 *   far beyond the capacity model's 5,000 signatures/s on one campaign (one hot partition).
 * - answer-sign-ins: the organisations table stays small (a few shards); 5.
 * - run-export-jobs: factor 10 per shard of the small jobs table, one export per invocation; 10 at once also
 *   caps how hard exports read the signatures table while people sign.
 * - retention: 1, so a retried run never overlaps one still erasing.
 * - draw-share-cards: factor 1 on the petitions stream (a small table, a few shards); 5.
 * - refresh-share-cards: 1, so a slow run never overlaps the next.
 * - publish-campaign-pages: factor 1 on the petitions stream, one invocation per shard; the table is
 *   small (a few shards), and pages may wait a moment: 2.
 * Sum 44. Lambda keeps at least 100 of the account's quota unreserved: fine with the default quota of
 * 1,000, impossible with the 10 some new accounts start with (see accountConcurrency below).
 */
export const RESERVED_CONCURRENCY: Readonly<Record<string, number>> = {
  'follow-signatures': 10,
  'count-signatures': 10,
  'run-export-jobs': 10,
  'answer-sign-ins': 5,
  retention: 1,
  'draw-share-cards': 5,
  'refresh-share-cards': 1,
  'publish-campaign-pages': 2,
};

/** What each kind of StreamConsumer['assets'] puts in the bundle, by folder beside the code. */
const BUNDLED_ASSETS: Record<NonNullable<(typeof streamConsumers)[number]['assets']>[number], Record<string, readonly string[]>> = {
  // The dossier's fonts (functions/documents/fonts.ts).
  'dossier-fonts': { fonts: DOSSIER_FONT_FILES },
  // The share card's fonts and resvg's WebAssembly module (functions/documents/share-card.ts).
  'share-card-files': { fonts: CARD_FONT_FILES, wasm: [CARD_WASM_FILE] },
};
/** Lambda refuses a reservation that leaves less than this unreserved in the account. */
const MIN_UNRESERVED_CONCURRENCY = 100;

/**
 * Requests per second (steady rate, burst) each HTTP route accepts before API Gateway answers 429: the
 * cap on what a flood can make the public routes spend. Per route, not shared. Lambda concurrency is
 * about rate × duration (0.05–0.2 s here), so with every route flooded at once:
 * sign 500 × 0.2 = 100, the 14 other public routes 100 × 0.2 × 14 = 280, the 22 organiser routes
 * 50 × 0.2 × 22 = 220: about 600, inside the 1,000 − 36 reserved an account has by default. The counts
 * come from CloudFront's cache (1 s), so their origin rate stays far below the cap. Raise `sign` (and
 * ask AWS for more Lambda concurrency) before a campaign expected to draw more than 500 signatures/s.
 */
export const ROUTE_THROTTLE = {
  sign: { rateLimit: 500, burstLimit: 1000 },
  public: { rateLimit: 100, burstLimit: 200 },
  organiser: { rateLimit: 50, burstLimit: 100 },
} as const;

/** Deploy-time settings as props (tests) or CDK context (`-c key=value`); props win. See infra/settings.ts. */
export interface UndersignedStackProps extends StackProps, RawSettings {}

export class UndersignedStack extends Stack {
  /** Every service function by its route / consumer name (tests look them up here). */
  readonly functions = new Map<string, ServiceFunction>();
  readonly tables: Record<TableId, dynamodb.TableV2>;
  readonly api: HttpApi;

  readonly dataKey: kms.Key;
  /** Export files (CSV, dossier PDF): private, downloaded only through short-lived presigned links. */
  readonly exportsBucket: s3.Bucket;
  /**
   * Images organisers upload, waiting to be processed (issue #17, item 5): private, reached only by
   * presigned PUTs forwarded by the CDN's `/uploads/*`, emptied after a day.
   */
  readonly uploadsBucket: s3.Bucket;
  /** S3 server access logs of the exports and site buckets. */
  readonly accessLogsBucket: s3.Bucket;
  /** Checked deploy-time settings (infra/settings.ts). */
  readonly settings: DeploySettings;
  readonly alarms: Alarms;
  /** Where the stream consumers' failed batches go. */
  readonly streamDlq: sqs.Queue;
  /** Where a scheduled job's event goes when EventBridge cannot invoke it or its retries are spent. */
  readonly scheduleDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: UndersignedStackProps = {}) {
    super(scope, id, props);
    // Refuses placeholders (example.org, localhost) and names every missing setting before anything is built.
    this.settings = deploySettings(
      Object.fromEntries(Object.entries(CONTEXT_KEYS).map(([key, contextKey]) => [key, props[key as keyof RawSettings] ?? this.node.tryGetContext(contextKey)])),
    );
    const { mailFrom } = this.settings;
    const reserve = reservations(this, this.settings.accountConcurrency);

    // --- Data ---------------------------------------------------------------------------------
    const tables = {} as Record<TableId, dynamodb.TableV2>;
    for (const def of tableDefinitions) tables[def.id] = buildTable(this, def);
    this.tables = tables;

    const secrets: Record<SecretName, secretsmanager.Secret> = {
      HASH_KEY: generatedSecret(this, 'HashKeySecret', 'Key of the HMAC that pseudonymises signer emails'),
      SESSION_KEY: generatedSecret(this, 'SessionKeySecret', 'Key that signs organiser session cookies (HS256)'),
    };

    // Wraps the data keys that seal signers' personal data, field by field (envelope encryption).
    this.dataKey = new kms.Key(this, 'PersonalDataKey', {
      description: "Wraps the data keys that encrypt signers' personal data",
      enableKeyRotation: true,
      // Destroying this key would make every stored name and email unreadable, including for delivery.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Who fetched which export file, and when: the trail to follow if a list of names ever leaks. These
    // requests come from organisers (presigned downloads), the job runner and CloudFront, never from
    // signers' browsers, so no signer's address lands here.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 log delivery cannot write with SSE-KMS.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      // Outlives a hasty teardown (the evidence), and still empties itself within 90 days.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.exportsBucket = new s3.Bucket(this, 'ExportsBucket', {
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'exports/',
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Lists of names are a liability: a file goes a week after it was made (the job record, a year).
      lifecycleRules: [
        { expiration: Duration.days(EXPORT_FILE_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Only short-lived files: nothing here is worth keeping when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    // Uploaded images wait here until attached (then deleted); whatever is left goes after a day.
    this.uploadsBucket = new s3.Bucket(this, 'UploadsBucket', {
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    /** Functions that publish images under the site; SITE_BUCKET and the grant follow once the site exists. */
    const imagePublishers: ServiceFunction[] = [];

    /** Functions that build links into mails; SITE_URL is set once the site exists (below). */
    const mailers: ServiceFunction[] = [];
    /** Functions that publish share cards; granted their keys of the site bucket once it exists (below). */
    const cardWriters: ServiceFunction[] = [];
    /** Functions that publish campaign pages to the site bucket; granted once it exists (below). */
    const publishers: ServiceFunction[] = [];

    /** Environment and exactly the grants the contract asks for: nothing more. */
    const wire = (fn: ServiceFunction, access: FunctionAccess): void => {
      for (const [tableId, mode] of Object.entries(access.tables) as [TableId, Route['tables'][TableId]][]) {
        const def = tableDefinitions.find((t) => t.id === tableId);
        if (!def || !mode) throw new Error(`Unknown table ${tableId} for function ${fn.node.id}`);
        const table = tables[tableId];
        fn.addEnvironment(def.env, table.tableName);
        if (mode === 'read') table.grantReadData(fn);
        else if (mode === 'write') table.grantWriteData(fn);
        else table.grantReadWriteData(fn);
      }
      for (const name of access.secrets) {
        fn.addEnvironment(`${name}_SECRET_ARN`, secrets[name].secretArn);
        secrets[name].grantRead(fn);
      }
      const uses = access.uses ?? [];
      if (uses.includes('seal') || uses.includes('open')) fn.addEnvironment('DATA_KEY_ID', this.dataKey.keyArn);
      const kmsActions = [
        ...(uses.includes('seal') ? ['kms:GenerateDataKey'] : []),
        ...(uses.includes('open') ? ['kms:Decrypt'] : []),
      ];
      if (kmsActions.length > 0) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: kmsActions,
            resources: [this.dataKey.keyArn],
            conditions: { StringEquals: { 'kms:EncryptionContext:purpose': DATA_KEY_CONTEXT.purpose } },
          }),
        );
      }
      if (uses.includes('seal')) {
        // The period's shared data key: read or made (conditional put) in its signals item, whose second
        // wrapping is made and opened under its own context. Only those items: a sealing function that
        // may only write the signals table (the sign route) reads nothing else of it.
        if (!access.tables.Signals) throw new Error(`Function ${fn.node.id} seals, so it needs the Signals table (the period's data key).`);
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['kms:Encrypt', 'kms:Decrypt'],
            resources: [this.dataKey.keyArn],
            conditions: { StringEquals: { 'kms:EncryptionContext:purpose': PERIOD_KEY_PURPOSE } },
          }),
        );
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
            resources: [tables.Signals.tableArn],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PERIOD_KEY_ITEMS] } },
          }),
        );
      }
      if (uses.includes('mail')) {
        fn.addEnvironment('MAIL_FROM', mailFrom);
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: ['*'],
            // Only from our own sender address, whatever identity ARN it is verified under.
            conditions: { StringEquals: { 'ses:FromAddress': senderAddress(mailFrom) } },
          }),
        );
        mailers.push(fn);
      }
      // Links to the site in an answer rather than a mail (co-signing invitations): SITE_URL only.
      if ((uses.includes('links') || uses.includes('publish')) && !uses.includes('mail')) mailers.push(fn);
      if (uses.includes('publish')) publishers.push(fn);
      // Export files: the runner writes them (multipart, so also aborts), the download route signs links
      // to read them, and whatever outdates them deletes them. Objects only: none may list the bucket
      // or touch its settings.
      if (uses.includes('upload') || uses.includes('download') || uses.includes('discard')) {
        fn.addEnvironment('EXPORTS_BUCKET', this.exportsBucket.bucketName);
      }
      if (uses.includes('upload')) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [this.exportsBucket.arnForObjects('*')] }),
        );
      }
      if (uses.includes('download')) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.exportsBucket.arnForObjects('*')] }));
      }
      if (uses.includes('discard')) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [this.exportsBucket.arnForObjects('*')] }));
      }
      if (uses.includes('cards')) cardWriters.push(fn);
      // Renderings of campaign texts (HTML items): PutItem alone, so a publisher that only reads
      // campaigns cannot update or delete them. IAM cannot narrow it to those sort keys (LeadingKeys
      // is the partition key), hence no more than this one action.
      if (uses.includes('render')) {
        if (!access.tables.Petitions) throw new Error(`Function ${fn.node.id} renders, so it needs the Petitions table.`);
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [tables.Petitions.tableArn] }));
      }
      // Images (issue #17, item 5): the upload route signs PUTs into uploads/ (a presigned request
      // carries its signer's rights, so it needs PutObject there and nothing else); attaching reads and
      // deletes the upload and writes the published image under the site's media/ (granted below).
      if (uses.includes('image-upload') || uses.includes('image-publish')) {
        fn.addEnvironment('UPLOADS_BUCKET', this.uploadsBucket.bucketName);
      }
      if (uses.includes('image-upload')) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.uploadsBucket.arnForObjects('uploads/*')] }));
      }
      if (uses.includes('image-publish')) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: [this.uploadsBucket.arnForObjects('uploads/*')] }),
        );
        imagePublishers.push(fn);
      }
    };

    // --- HTTP API: one function and one route per entry of functions/routes.ts ----------------
    this.api = new HttpApi(this, 'Api', {
      description: 'Undersigned HTTP API (served to browsers through CloudFront under /api/*)',
      createDefaultStage: false,
    });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: ROUTE_THROTTLE.organiser,
      // One line per request with the route's template, status and timings: no source IP, user agent or
      // raw path (which holds signature ids), so these logs keep docs/privacy.md's promises.
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        ),
        format: AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FIELDS)),
      },
    });

    for (const route of routes) {
      // A renamed route keeps the ids it was deployed under (Route['deployedAs']): nothing is replaced.
      const id = functionId(route.deployedAs ?? route.name);
      const fn = new ServiceFunction(this, id, {
        entry: route.entry,
        description: `${route.method} ${route.path}`,
        ...(route.compute ? { memorySize: route.compute.memoryMb, timeout: Duration.seconds(route.compute.timeoutSeconds) } : {}),
      });
      wire(fn, route);
      this.functions.set(route.name, fn);
      const integration = new HttpLambdaIntegration(`${id}Integration`, fn);
      // The old paths a widget may still call (Route['aliases']) go to the same function. They are
      // added first: the integration takes its logical id from the first route it serves, so a route
      // whose path moved keeps the integration it was deployed with.
      for (const path of [...(route.aliases ?? []), route.path]) {
        const added = this.api.addRoutes({ path, methods: [HttpMethod[route.method]], integration });
        // A stage's route settings name routes that must exist first.
        stage.node.addDependency(...added);
      }
    }
    // The organiser routes get the stage's default; public routes their own limits (ROUTE_THROTTLE).
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      routes
        .filter((route) => !route.organiser)
        .flatMap((route) => {
          const limit = route.name === 'sign' ? ROUTE_THROTTLE.sign : ROUTE_THROTTLE.public;
          const settings = { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit };
          // An alias is throttled as its route is: the old path is no way around the limit.
          return [route.path, ...(route.aliases ?? [])].map((path) => [`${route.method} ${path}`, settings] as const);
        }),
    );

    // --- Stream consumers ---------------------------------------------------------------------
    const streamDlq = (this.streamDlq = new sqs.Queue(this, 'StreamDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    }));

    for (const consumer of streamConsumers) {
      const batchSize = consumer.batchSize ?? 100;
      const fn = new ServiceFunction(this, functionId(consumer.deployedAs ?? consumer.name), {
        entry: consumer.entry,
        description: `${consumer.source} table stream`,
        timeout: Duration.seconds(consumer.timeoutSeconds ?? 60),
        reservedConcurrency: reserve(consumer.name),
        // Fonts (and resvg's module) travel in the bundle, next to the code that reads them.
        ...(consumer.assets ? { bundledFiles: bundledFiles(consumer.assets) } : {}),
        ...(consumer.memoryMb ? { memorySize: consumer.memoryMb } : {}),
      });
      wire(fn, consumer);
      this.functions.set(consumer.name, fn);
      const sortKey = tableDefinitions.find((t) => t.id === consumer.source)!.sortKey;
      fn.addEventSource(
        new DynamoEventSource(tables[consumer.source], {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize,
          // Gathering records only pays when a batch holds many.
          ...(batchSize > 1 ? { maxBatchingWindow: Duration.seconds(1) } : {}),
          bisectBatchOnError: true,
          retryAttempts: 10,
          maxRecordAge: Duration.days(1),
          onFailure: new SqsDlq(streamDlq),
          // Default one batch at a time per shard, so records are applied in order: the counter's
          // idempotency watermarks (its `wm` map, see docs/data-model.md) assume sequence numbers only
          // grow. More keeps the order per partition key, which is all the job runner needs.
          parallelizationFactor: consumer.parallelization ?? 1,
          // Lambda lets a record through when any one filter matches it.
          ...(consumer.only ? { filters: [consumer.only].flat().map((only) => lambda.FilterCriteria.filter(eventFilter(only, sortKey))) } : {}),
        }),
      );
    }

    // --- Scheduled jobs -----------------------------------------------------------------------
    // A job's event (the schedule's own, no personal data) lands here when EventBridge cannot invoke
    // the function (permissions, throttling) or when the function failed its run and both retries.
    const scheduleDlq = (this.scheduleDlq = new sqs.Queue(this, 'ScheduleDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    }));
    for (const job of scheduledJobs) {
      const fn = new ServiceFunction(this, functionId(job.name), {
        entry: job.entry,
        description: `Scheduled job: ${job.name}`,
        timeout: Duration.minutes(15),
        reservedConcurrency: reserve(job.name),
        deadLetterQueue: scheduleDlq,
        ...('assets' in job && job.assets ? { bundledFiles: bundledFiles(job.assets) } : {}),
        ...('memoryMb' in job && job.memoryMb ? { memorySize: job.memoryMb } : {}),
      });
      wire(fn, job);
      this.functions.set(job.name, fn);
      new events.Rule(this, `${functionId(job.name)}Schedule`, {
        schedule: events.Schedule.expression(job.schedule),
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 2, deadLetterQueue: scheduleDlq })],
      });
    }

    // --- Static site + CDN --------------------------------------------------------------------
    const { domain } = this.settings;
    const site = new StaticSite(this, 'Site', { api: this.api, accessLogsBucket: this.accessLogsBucket, domain, uploadsBucket: this.uploadsBucket });
    for (const fn of imagePublishers) {
      fn.addEnvironment('SITE_BUCKET', site.bucket.bucketName);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [site.bucket.arnForObjects('media/*')] }));
    }
    const siteUrl =
      this.settings.siteUrl ?? (domain ? `https://${domain.domainName}` : `https://${site.distribution.distributionDomainName}`);
    for (const fn of mailers) fn.addEnvironment('SITE_URL', siteUrl);
    // Share cards: PutObject on `c/<slug>/card.png` keys only; no read, list or delete of the site.
    for (const fn of cardWriters) {
      fn.addEnvironment('SITE_BUCKET', site.bucket.bucketName);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [site.bucket.arnForObjects('c/*/card.png')] }));
    }
    // Campaign pages (issue #17): read the deployed shell, write and delete pages under c/ only. GetObject
    // on c/* too: HeadObject (when a page was last written, for the count's throttle) asks for it.
    for (const fn of publishers) {
      fn.addEnvironment('SITE_BUCKET', site.bucket.bucketName);
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [site.bucket.arnForObjects(`${PAGES_PREFIX}*`)] }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [site.bucket.arnForObjects('index.html'), site.bucket.arnForObjects(`${PAGES_PREFIX}*`)] }),
      );
    }

    // --- Alarms ---------------------------------------------------------------------------------
    // Alarms are named after the functions, by the name each was deployed under (a renamed consumer
    // keeps its alarm, its history and its subscribers).
    const pick = (names: readonly { name: string; deployedAs?: string }[]) =>
      Object.fromEntries(names.map(({ name, deployedAs }) => [deployedAs ?? name, this.functions.get(name)!]));
    this.alarms = new Alarms(this, 'Alarms', {
      email: this.settings.alarmEmail,
      api: this.api,
      deadLetterQueues: { Stream: streamDlq, Schedule: scheduleDlq },
      streamFunctions: pick(streamConsumers),
      jobFunctions: pick(scheduledJobs),
      routeFunctions: pick(routes),
    });

    new CfnOutput(this, 'SiteUrl', { value: siteUrl });
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    // Where a custom domain's CNAME points when its DNS is not in Route 53.
    new CfnOutput(this, 'DistributionDomainName', { value: site.distribution.distributionDomainName });
    new CfnOutput(this, 'StreamDlqUrl', { value: streamDlq.queueUrl });
    new CfnOutput(this, 'ScheduleDlqUrl', { value: scheduleDlq.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    // For the commands run against AWS (README, "Deploy to AWS"): org:create, recount.
    new CfnOutput(this, 'OrganisationsTableName', { value: tables.Organisations.tableName });
    new CfnOutput(this, 'PetitionsTableName', { value: tables.Petitions.tableName });
  }
}

function buildTable(scope: Construct, def: TableDefinition): dynamodb.TableV2 {
  const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
  return new dynamodb.TableV2(scope, `${def.id}Table`, {
    partitionKey: string(def.partitionKey),
    sortKey: string(def.sortKey),
    billing: dynamodb.Billing.onDemand(),
    encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification:
      def.recoveryDays > 0 ? { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: def.recoveryDays } : { pointInTimeRecoveryEnabled: false },
    // Signatures and organisations are what the platform exists to keep: a stack deleted or a table
    // replaced by mistake must not take them along. Deletion protection stops the DeleteTable call
    // itself (by CloudFormation or anyone else); RETAIN leaves the table behind when the stack goes.
    // Deleting one on purpose is two steps (README, "Tearing down").
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    timeToLiveAttribute: def.timeToLiveAttribute,
    dynamoStream: def.stream ? dynamodb.StreamViewType[def.stream] : undefined,
    globalSecondaryIndexes: def.globalIndexes.map((gsi) => ({
      indexName: gsi.name,
      partitionKey: string(gsi.partitionKey),
      sortKey: string(gsi.sortKey),
      ...(gsi.include ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: gsi.include } : {}),
    })),
  });
}

function generatedSecret(scope: Construct, id: string, description: string): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, id, {
    description,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    // Losing either key would orphan data (signature hashes) or invalidate organiser links.
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** A stream consumer's `only` as a Lambda event filter pattern (the local poller's streamFilter is its twin). */
function eventFilter(only: StreamFilter, sortKey: string): Record<string, unknown> {
  const dynamodb = {
    ...(only.sortKeyPrefix ? { Keys: { [sortKey]: { S: lambda.FilterRule.beginsWith(only.sortKeyPrefix) } } } : {}),
    ...(only.oldStatus ? { OldImage: { status: { S: lambda.FilterRule.isEqual(only.oldStatus) } } } : {}),
  };
  return { eventName: lambda.FilterRule.or(...only.events), ...(Object.keys(dynamodb).length > 0 ? { dynamodb } : {}) };
}

/**
 * `name → reserved concurrency` per RESERVED_CONCURRENCY, or nothing at all when the account's quota
 * cannot hold the reservations and the 100 Lambda keeps unreserved (a new account's quota of 10):
 * the deploy would fail otherwise. Every stream consumer and job must have an entry.
 */
function reservations(stack: Stack, accountConcurrency: number): (name: string) => number | undefined {
  const total = Object.values(RESERVED_CONCURRENCY).reduce((a, b) => a + b, 0);
  const fits = accountConcurrency - total >= MIN_UNRESERVED_CONCURRENCY;
  if (!fits) {
    Annotations.of(stack).addWarningV2(
      'undersigned:concurrency',
      `accountConcurrency=${accountConcurrency} cannot hold ${total} reserved plus the ${MIN_UNRESERVED_CONCURRENCY} Lambda keeps unreserved: deploying without reservations, so a flood on the public routes can delay counts and mails. Ask AWS (Service Quotas, "Concurrent executions") for 1,000.`,
    );
  }
  return (name) => {
    const reserved = RESERVED_CONCURRENCY[name];
    if (reserved === undefined) throw new Error(`No reserved concurrency chosen for ${name}: add it to RESERVED_CONCURRENCY in infra/stack.ts, with why`);
    return fits ? reserved : undefined;
  };
}

/** The files a consumer's assets put in its bundle, merged by folder. */
function bundledFiles(assets: readonly (keyof typeof BUNDLED_ASSETS)[]): Record<string, readonly string[]> {
  const folders: Record<string, string[]> = {};
  for (const asset of assets) {
    for (const [folder, files] of Object.entries(BUNDLED_ASSETS[asset])) folders[folder] = [...new Set([...(folders[folder] ?? []), ...files])];
  }
  return folders;
}

/** `get-count` → `GetCountFunction` (stable logical ids). */
function functionId(name: string): string {
  return `${name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase())}Function`;
}
