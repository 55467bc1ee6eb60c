import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers, type Route } from '../../functions/routes.ts';
import { tables as tableDefinitions } from '../../functions/store/tables.ts';
import { senderAddress } from '../../infra/settings.ts';
import { UndersignedStack } from '../../infra/stack.ts';
import { TEST_SETTINGS, synthContext } from './context.ts';
import { CAMPAIGN_PAGE_FUNCTION } from '../../infra/constructs/static-site.ts';
import { pageKeyOfPath } from '../../functions/rules/campaign-paths.ts';

// Synthesise once, with the same feature flags as `cdk synth` but without bundling (fast, no esbuild).
const app = new App({ context: synthContext() });
const stack = new UndersignedStack(app, 'Undersigned');
const template = Template.fromStack(stack);

// ---- helpers: walk the template ----------------------------------------------------------------

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const resources = template.toJSON().Resources as Record<string, Resource>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const allFunctions: { name: string; tables: Route['tables']; secrets: Route['secrets']; uses?: Route['uses'] }[] = [
  ...routes,
  ...streamConsumers,
  ...scheduledJobs,
];
const functionIdOf = (name: string): string => {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function for ${name}`);
  return logicalId(fn);
};
const tableIdOf = (id: keyof UndersignedStack['tables']) => logicalId(stack.tables[id]);

/** All IAM statements attached to a function's execution role (Lambda Role → IAM::Policy Roles). */
function statementsOf(name: string): Statement[] {
  const roleId = resources[functionIdOf(name)]!.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => (p.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (s: Statement) => [s.Action].flat();
const mentions = (s: Statement, id: string) => JSON.stringify(s.Resource).includes(`"${id}"`);

/** Whether a statement holds only for the period data key items (the sealing functions' own grant). */
const onlyPeriodKeyItems = (s: Statement) => JSON.stringify((s as { Condition?: unknown }).Condition ?? {}).includes('dynamodb:LeadingKeys');

/**
 * Whether the function may perform any of `actions` on the resource with logical id `id`; `whole`:
 * on the whole table, leaving aside the grant narrowed to the period data key items.
 */
function allows(name: string, actions: string[], id: string, whole = false): boolean {
  return statementsOf(name).some(
    (s) =>
      s.Effect === 'Allow' &&
      mentions(s, id) &&
      !(whole && onlyPeriodKeyItems(s)) &&
      actionsOf(s).some((a) => a === 'dynamodb:*' || a === '*' || actions.includes(a)),
  );
}

/** The function's statements on the personal-data KMS key under the encryption context `purpose`. */
const onKeyUnder = (name: string, purpose: string) =>
  statementsOf(name)
    .filter((s) => mentions(s, logicalId(stack.dataKey)))
    .filter((s) => JSON.stringify((s as unknown as { Condition: unknown }).Condition) === JSON.stringify({ StringEquals: { 'kms:EncryptionContext:purpose': purpose } }));

const READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

// ---- tests ----------------------------------------------------------------------------------------

describe('functions', () => {
  const serviceFunctions = Object.entries(resources).filter(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
  );

  it('has one function per route, stream consumer and scheduled job', () => {
    expect(serviceFunctions).toHaveLength(routes.length + streamConsumers.length + scheduledJobs.length);
    expect(serviceFunctions.map(([id]) => id).sort()).toEqual(allFunctions.map((f) => functionIdOf(f.name)).sort());
  });

  it.each(serviceFunctions)('%s runs Node >= 22 on arm64 and logs to a log group with retention', (_id, fn) => {
    expect(fn.Properties.Runtime).toMatch(/^nodejs\d+\.x$/);
    expect(Number(/\d+/.exec(fn.Properties.Runtime)![0])).toBeGreaterThanOrEqual(22);
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    const logGroupId = fn.Properties.LoggingConfig?.LogGroup?.Ref as string;
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(resources[logGroupId]?.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it.each(allFunctions)('$name gets exactly the table and secret env it declares', (f) => {
    const env = resources[functionIdOf(f.name)]!.Properties.Environment.Variables as Record<string, unknown>;
    const expected = [
      ...tableDefinitions.filter((t) => t.id in f.tables).map((t) => t.env),
      ...f.secrets.map((s) => `${s}_SECRET_ARN`),
    ].sort();
    expect(Object.keys(env).filter((k) => k.endsWith('_TABLE') || k.endsWith('_SECRET_ARN')).sort()).toEqual(expected);
  });
});

describe('least privilege', () => {
  it('get-count can neither write nor see the signatures table', () => {
    const actions = statementsOf('get-count').flatMap(actionsOf);
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(statementsOf('get-count').some((s) => mentions(s, tableIdOf('Signatures')))).toBe(false);
  });

  it('sign can PutItem on the signatures table but not write petitions', () => {
    expect(allows('sign', ['dynamodb:PutItem'], tableIdOf('Signatures'))).toBe(true);
    expect(allows('sign', WRITE, tableIdOf('Petitions'))).toBe(false);
  });

  it.each(allFunctions)('$name reads and writes exactly the tables routes.ts grants it', (f) => {
    for (const table of tableDefinitions) {
      const mode = (f.tables as Route['tables'])[table.id];
      expect({ table: table.id, read: allows(f.name, READ, tableIdOf(table.id), true) }).toEqual({
        table: table.id,
        read: mode === 'read' || mode === 'readwrite',
      });
      // A function that renders may PutItem on the petitions table (its HTML items) and nothing more.
      const renders = table.id === 'Petitions' && (f.uses ?? []).includes('render');
      const writes = renders ? WRITE.filter((a) => a !== 'dynamodb:PutItem') : WRITE;
      expect({ table: table.id, write: allows(f.name, writes, tableIdOf(table.id), true) }).toEqual({
        table: table.id,
        write: mode === 'write' || mode === 'readwrite',
      });
    }
  });

  it.each(allFunctions)("$name gets and puts the period's data key items exactly if it seals, and nothing else of the signals table through that grant", (f) => {
    const narrowed = statementsOf(f.name).filter(onlyPeriodKeyItems);
    expect(narrowed.length > 0).toBe((f.uses ?? []).includes('seal'));
    for (const s of narrowed) {
      expect(actionsOf(s).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
      expect(JSON.stringify(s.Resource)).toBe(JSON.stringify({ 'Fn::GetAtt': [tableIdOf('Signals'), 'Arn'] }));
      expect((s as unknown as { Condition: unknown }).Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['data-key#*'] } });
    }
  });
});

describe('personal data and mail', () => {
  const keyId = () => logicalId(stack.dataKey);
  const envOf = (name: string) => resources[functionIdOf(name)]!.Properties.Environment.Variables as Record<string, any>;

  it('creates a rotating KMS key for personal data that outlives the stack', () => {
    const key = resources[keyId()]!;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect((key as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
  });

  it.each(allFunctions)('$name may use the key exactly as it declares, only under our encryption contexts', (f) => {
    const uses = f.uses ?? [];
    const onKey = statementsOf(f.name).filter((s) => mentions(s, keyId()));
    // Records' keys: made by sealers, opened by openers.
    const records = onKeyUnder(f.name, 'undersigned-personal-data');
    const expected = [...(uses.includes('seal') ? ['kms:GenerateDataKey'] : []), ...(uses.includes('open') ? ['kms:Decrypt'] : [])].sort();
    expect(records.flatMap(actionsOf).sort()).toEqual(expected);
    // The period item's second wrapping of the shared key: sealers only, which unwrap no record's key.
    const periods = onKeyUnder(f.name, 'undersigned-data-key-period');
    expect(periods.flatMap(actionsOf).sort()).toEqual(uses.includes('seal') ? ['kms:Decrypt', 'kms:Encrypt'] : []);
    expect(onKey).toHaveLength(records.length + periods.length);
    expect('DATA_KEY_ID' in envOf(f.name)).toBe(uses.includes('seal') || uses.includes('open'));
  });

  it('lets only mailing functions send mail, only from the configured sender, with links to the site', () => {
    for (const f of allFunctions) {
      const sends = statementsOf(f.name).filter((s) => actionsOf(s).includes('ses:SendEmail'));
      expect({ name: f.name, sends: sends.length > 0 }).toEqual({ name: f.name, sends: (f.uses ?? []).includes('mail') });
      for (const s of sends) {
        expect((s as unknown as { Condition: unknown }).Condition).toEqual({ StringEquals: { 'ses:FromAddress': senderAddress(TEST_SETTINGS.mailFrom) } });
      }
    }
    // The signature mails go from the stream consumer, not the sign request.
    const mailer = envOf('follow-signatures');
    expect(mailer.MAIL_FROM).toBe(TEST_SETTINGS.mailFrom);
    expect(JSON.stringify(mailer.SITE_URL)).toContain('DomainName');
    expect(envOf('sign')).not.toHaveProperty('MAIL_FROM');
  });

  it('runs the retention job daily', () => {
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    const retention = rules.find((r) => JSON.stringify(r.Properties.Targets).includes(functionIdOf('retention')));
    expect(retention?.Properties.ScheduleExpression).toBe('rate(1 day)');
  });

  it('expires unconfirmed signatures and abuse signals by TTL, and indexes only public labels', () => {
    const signatures = resources[tableIdOf('Signatures')]!.Properties;
    expect(signatures.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const listed = signatures.GlobalSecondaryIndexes.find((i: { IndexName: string }) => i.IndexName === 'listed');
    expect(listed.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['label', 'country'] });
    expect(resources[tableIdOf('Signals')]!.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of routes.ts', () => {
    // One HTTP API route per path of routes.ts, older paths (aliases) included.
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.flatMap((route) => [route.path, ...(route.aliases ?? [])]).length);
  });

  it.each(routes.flatMap((route) => (route.aliases ?? []).map((alias) => ({ ...route, alias }))))(
    'routes the old path $method $alias to the $name function, as $path',
    (route) => {
      const targetOf = (key: string) =>
        Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === key)?.Properties.Target;
      expect(targetOf(`${route.method} ${route.alias}`)).toBeDefined();
      expect(targetOf(`${route.method} ${route.alias}`)).toEqual(targetOf(`${route.method} ${route.path}`));
    },
  );

  it.each(routes)('routes $method $path to the $name function (payload 2.0)', (route) => {
    const [, apiRoute] = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `${route.method} ${route.path}`,
    ) ?? [];
    expect(apiRoute, `route ${route.method} ${route.path}`).toBeDefined();
    const integrationId = (apiRoute!.Properties.Target['Fn::Join'][1] as unknown[]).find(
      (part): part is { Ref: string } => typeof part === 'object',
    )!.Ref;
    const integration = resources[integrationId]!.Properties;
    expect(integration.PayloadFormatVersion).toBe('2.0');
    expect(integration.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionIdOf(route.name), 'Arn'] });
  });

  it('throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
  });
});

describe('tables', () => {
  it.each(tableDefinitions)('$id is on-demand, retained, with the point-in-time recovery window its definition sets', (def) => {
    const table = resources[tableIdOf(def.id)]!;
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual(
      def.recoveryDays > 0 ? { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: def.recoveryDays } : { PointInTimeRecoveryEnabled: false },
    );
    expect(template.toJSON().Resources[tableIdOf(def.id)].DeletionPolicy).toBe('Retain');
  });

  it('keeps deleted personal data restorable for a week at most, and the signals table not at all (docs/privacy.md)', () => {
    const windows = Object.fromEntries(tableDefinitions.map((def) => [def.id, resources[tableIdOf(def.id)]!.Properties.Replicas[0].PointInTimeRecoverySpecification]));
    expect(windows.Signatures).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 });
    expect(windows.Organisations).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 });
    expect(windows.Signals).toEqual({ PointInTimeRecoveryEnabled: false });
  });

  it('streams new and old images from the signatures table', () => {
    expect(resources[tableIdOf('Signatures')]!.Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });
});

describe('stream consumer', () => {
  it('bisects, retries, keeps shard order and parks failures in a DLQ', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', streamConsumers.length);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionIdOf('count-signatures') },
      EventSourceArn: { 'Fn::GetAtt': [tableIdOf('Signatures'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });
});

describe('sign-in requests (issue #13)', () => {
  it('the request function cannot learn or tell whether an address organises: it writes, never reads, never mails', () => {
    expect(allows('request-sign-in', READ, tableIdOf('Organisations'))).toBe(false);
    expect(allows('request-sign-in', ['dynamodb:PutItem'], tableIdOf('Organisations'))).toBe(true);
    const actions = statementsOf('request-sign-in').flatMap(actionsOf);
    expect(actions).not.toContain('ses:SendEmail');
    // It may unwrap only the period's shared key (to seal with it), never a record's key.
    expect(onKeyUnder('request-sign-in', 'undersigned-personal-data').flatMap(actionsOf)).not.toContain('kms:Decrypt');
  });

  it('answer-sign-ins reads the organisations table stream: new sign-in requests only, retried, failures parked', () => {
    expect(resources[tableIdOf('Organisations')]!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const mapping = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(functionIdOf('answer-sign-ins')),
    )!.Properties;
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableIdOf('Organisations'), 'StreamArn'] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    const patterns = mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'SIGN-IN-REQUEST' }] } } } }]);
  });
});

describe('static site', () => {
  it('keeps the bucket private', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('sends /api/* to the API with all methods and a cache policy that only caches when told to', () => {
    const distribution = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    const api = (distribution.Properties.DistributionConfig.CacheBehaviors as any[]).find((b) => b.PathPattern === '/api/*');
    expect(api).toBeDefined();
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'DELETE', 'PATCH', 'PUT']));
    const cachePolicy = resources[api.CachePolicyId.Ref]!.Properties.CachePolicyConfig;
    expect(cachePolicy.DefaultTTL).toBe(0);
    expect(cachePolicy.MaxTTL).toBeLessThanOrEqual(60);
  });

  it('lets any site frame /embed.html, and no site any other page', () => {
    const config = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
    const policyOf = (behaviour: any) => resources[behaviour.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const embed = (config.CacheBehaviors as any[]).find((b) => b.PathPattern === '/embed.html');
    expect(embed).toBeDefined();
    const embedPolicy = policyOf(embed);
    expect(embedPolicy.ContentSecurityPolicy.ContentSecurityPolicy).toContain('frame-ancestors *');
    expect(embedPolicy.ContentSecurityPolicy.ContentSecurityPolicy).not.toContain('unsafe-inline');
    expect(embedPolicy.FrameOptions).toBeUndefined();
    for (const behaviour of [config.DefaultCacheBehavior, ...(config.CacheBehaviors as any[]).filter((b) => b !== embed)]) {
      const policy = policyOf(behaviour);
      expect(policy.ContentSecurityPolicy.ContentSecurityPolicy).toContain("frame-ancestors 'none'");
      expect(policy.FrameOptions.FrameOption).toBe('DENY');
    }
  });
});

describe('who is behind a campaign (issue #17)', () => {
  it('no public route can read the organisations table: the public profile rides on the campaign item', () => {
    for (const route of routes.filter((r) => !r.organiser && !r.path.startsWith('/api/auth/') && r.name !== 'get-me')) {
      expect(allows(route.name, READ, tableIdOf('Organisations')), route.name).toBe(false);
    }
  });

  it('only the owners\' profile route writes the copy onto campaigns, and reads nothing it need not', () => {
    expect(allows('update-org-profile', ['dynamodb:UpdateItem'], tableIdOf('Organisations'))).toBe(true);
    expect(allows('update-org-profile', ['dynamodb:UpdateItem'], tableIdOf('Petitions'))).toBe(true);
    expect(allows('update-org-profile', ['dynamodb:Query'], tableIdOf('Petitions'), true)).toBe(true);
    expect(allows('get-org-profile', ['dynamodb:UpdateItem'], tableIdOf('Organisations'))).toBe(false);
    expect(allows('get-org-profile', READ, tableIdOf('Petitions'))).toBe(false);
  });

  it('the owners\' logo routes write the profile and its copy as update-org-profile does; the upload link touches neither', () => {
    for (const name of ['attach-org-logo', 'remove-org-logo']) {
      expect(allows(name, ['dynamodb:UpdateItem'], tableIdOf('Organisations')), name).toBe(true);
      expect(allows(name, ['dynamodb:UpdateItem'], tableIdOf('Petitions')), name).toBe(true);
      expect(allows(name, ['dynamodb:Query'], tableIdOf('Petitions'), true), name).toBe(true);
    }
    expect(allows('start-logo-upload', ['dynamodb:UpdateItem'], tableIdOf('Organisations'))).toBe(false);
    expect(allows('start-logo-upload', READ, tableIdOf('Petitions'))).toBe(false);
  });
});

describe('campaign pages (issue #17, item 1)', () => {
  const config = () => Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
  const siteBucketId = () => logicalId(stack.node.findChild('Site').node.findChild('Bucket') as never);

  it('publish-campaign-pages reads the petitions stream: campaign, translations and counter records, retried, failures parked', () => {
    expect(resources[tableIdOf('Petitions')]!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const mapping = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(functionIdOf('publish-campaign-pages')),
    )!.Properties;
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableIdOf('Petitions'), 'StreamArn'] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    const prefixes = mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern).dynamodb.Keys.sk.S[0].prefix);
    expect(prefixes).toEqual(['META', 'TRANSLATION#', 'COUNT']);
  });

  it('the publisher reads the petitions table and only puts into it, writes only c/* of the site bucket, reads only the shell and c/*', () => {
    expect(allows('publish-campaign-pages', READ, tableIdOf('Petitions'))).toBe(true);
    // It stores the texts' renderings (PutItem), but may not update, delete or batch-write campaigns.
    expect(allows('publish-campaign-pages', ['dynamodb:PutItem'], tableIdOf('Petitions'))).toBe(true);
    expect(allows('publish-campaign-pages', WRITE.filter((a) => a !== 'dynamodb:PutItem'), tableIdOf('Petitions'))).toBe(false);
    for (const other of ['Signatures', 'Signals', 'Organisations', 'Jobs'] as const) {
      expect(allows('publish-campaign-pages', [...READ, ...WRITE], tableIdOf(other)), other).toBe(false);
    }
    const bucket = siteBucketId();
    const onBucket = statementsOf('publish-campaign-pages').filter((s) => mentions(s, bucket));
    expect(onBucket.flatMap(actionsOf).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    for (const s of onBucket) {
      const keys = JSON.stringify(s.Resource).match(/"\/(c\/\*|index\.html)"/g) ?? [];
      expect(keys.length, JSON.stringify(s.Resource)).toBe([s.Resource].flat().length);
      if (actionsOf(s).some((a) => a !== 's3:GetObject')) expect(keys).toEqual(['"/c/*"']);
    }
    const env = resources[functionIdOf('publish-campaign-pages')]!.Properties.Environment.Variables;
    expect(env.SITE_BUCKET).toEqual({ Ref: bucket });
    expect(env.SITE_URL).toBeDefined();
    expect(statementsOf('publish-campaign-pages').flatMap(actionsOf)).not.toContain('ses:SendEmail');
  });

  it('CloudFront serves /c/* from the bucket through the rewriting function; the deploy never prunes c/', () => {
    const pages = (config().CacheBehaviors as any[]).find((b) => b.PathPattern === '/c/*');
    expect(pages).toBeDefined();
    expect(pages.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.anything() }]);
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Function')!;
    expect(fn.Properties.FunctionCode).toBe(CAMPAIGN_PAGE_FUNCTION);
    const deployments = Object.values(resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
    const pruning = deployments.filter((d) => d.Properties.Prune !== false);
    expect(pruning.length).toBeGreaterThan(0);
    for (const d of pruning) expect(d.Properties.Exclude).toContain('c/*');
  });

  it('the CloudFront Function maps a path to the key pageKeyOfPath names, and leaves the card and anything odd alone', () => {
    const handler = new Function(`${CAMPAIGN_PAGE_FUNCTION}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    const paths = [
      '/c/free-nadia', '/c/free-nadia/', '/c/free-nadia/ka', '/c/free-nadia/hy/', '/c/free-nadia/card.png', '/c/free-nadia/xx',
      '/c/Free', '/c/a', '/c/../index.html', '/c/free-nadia/ka/index.html', '/c/', '/c/free-nadia/ka/extra',
    ];
    for (const path of paths) {
      const key = pageKeyOfPath(path);
      expect(handler({ request: { uri: path } }).uri, path).toBe(key === undefined ? path : `/${key}`);
    }
    expect(pageKeyOfPath('/c/free-nadia/ka')).toBe('c/free-nadia/ka/index.html');
    expect(pageKeyOfPath('/c/free-nadia')).toBe('c/free-nadia/index.html');
  });

  it('the public answer knows the site address for its url', () => {
    expect(resources[functionIdOf('get-public-campaign')]!.Properties.Environment.Variables.SITE_URL).toBeDefined();
  });
});
