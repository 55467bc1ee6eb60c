import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
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
import { EXPORT_FILE_DAYS } from '../functions/domain/exports.ts';
import { DOSSIER_FONT_FILES } from '../functions/files/fonts.ts';
import { tables as tableDefinitions, type TableDefinition } from '../functions/store/tables.ts';
import { ServiceFunction } from './constructs/api-function.ts';
import { StaticSite } from './constructs/static-site.ts';

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

/** The encryption context every data key is made and opened with (see functions/lib/data-keys.ts). */
const DATA_KEY_CONTEXT = { purpose: 'undersigned-personal-data' };

export interface UndersignedStackProps extends StackProps {
  /** Sender of signers' mail; its domain must be a verified SES identity. */
  mailFrom?: string;
  /** Public address of the site when it has its own domain; default: the CloudFront address. */
  siteUrl?: string;
}

export class UndersignedStack extends Stack {
  /** Every service function by its route / consumer name (tests look them up here). */
  readonly functions = new Map<string, ServiceFunction>();
  readonly tables: Record<TableId, dynamodb.TableV2>;
  readonly api: HttpApi;

  readonly dataKey: kms.Key;
  /** Export files (CSV, dossier PDF): private, downloaded only through short-lived presigned links. */
  readonly exportsBucket: s3.Bucket;
  /** S3 server access logs of the exports and site buckets. */
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UndersignedStackProps = {}) {
    super(scope, id, props);
    const mailFrom = props.mailFrom ?? this.node.tryGetContext('mailFrom') ?? 'Undersigned <no-reply@example.org>';

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

    /** Functions that build links into mails; SITE_URL is set once the site exists (below). */
    const mailers: ServiceFunction[] = [];

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
      if (uses.includes('links') && !uses.includes('mail')) mailers.push(fn);
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
    };

    // --- HTTP API: one function and one route per entry of functions/routes.ts ----------------
    this.api = new HttpApi(this, 'Api', {
      description: 'Undersigned HTTP API (served to browsers through CloudFront under /api/*)',
      createDefaultStage: false,
    });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 2000, rateLimit: 1000 },
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
      const fn = new ServiceFunction(this, functionId(route.name), {
        entry: route.entry,
        description: `${route.method} ${route.path}`,
      });
      wire(fn, route);
      this.functions.set(route.name, fn);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${functionId(route.name)}Integration`, fn),
      });
    }

    // --- Stream consumers ---------------------------------------------------------------------
    const streamDlq = new sqs.Queue(this, 'StreamDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    for (const consumer of streamConsumers) {
      const batchSize = consumer.batchSize ?? 100;
      const fn = new ServiceFunction(this, functionId(consumer.name), {
        entry: consumer.entry,
        description: `${consumer.source} table stream`,
        timeout: Duration.seconds(consumer.timeoutSeconds ?? 60),
        // The dossier's fonts travel in the bundle, next to the code that reads them (functions/files/fonts.ts).
        ...(consumer.assets?.includes('dossier-fonts') ? { bundledFiles: { fonts: DOSSIER_FONT_FILES } } : {}),
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
    for (const job of scheduledJobs) {
      const fn = new ServiceFunction(this, functionId(job.name), {
        entry: job.entry,
        description: `Scheduled job: ${job.name}`,
        timeout: Duration.minutes(15),
      });
      wire(fn, job);
      this.functions.set(job.name, fn);
      new events.Rule(this, `${functionId(job.name)}Schedule`, {
        schedule: events.Schedule.expression(job.schedule),
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
      });
    }

    // --- Static site + CDN --------------------------------------------------------------------
    const site = new StaticSite(this, 'Site', { api: this.api, accessLogsBucket: this.accessLogsBucket });
    const siteUrl = props.siteUrl ?? this.node.tryGetContext('siteUrl') ?? `https://${site.distribution.distributionDomainName}`;
    for (const fn of mailers) fn.addEnvironment('SITE_URL', siteUrl);

    new CfnOutput(this, 'SiteUrl', { value: siteUrl });
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'StreamDlqUrl', { value: streamDlq.queueUrl });
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
    // Off while the schema settles; RETAIN already keeps the data if the stack goes.
    deletionProtection: false,
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

/** `Name <a@b.org>` → `a@b.org`. */
function senderAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

/** `get-count` → `GetCountFunction` (stable logical ids). */
function functionId(name: string): string {
  return `${name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase())}Function`;
}
