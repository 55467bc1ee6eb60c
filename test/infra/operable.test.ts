/**
 * Operable in AWS (issue #14, item 5): alarms to one topic whose subscriber is a deploy-time setting,
 * a dead-letter queue on the retention schedule, concurrency set on purpose, tables that cannot be
 * deleted by accident, an optional custom domain, and a synth that refuses placeholder settings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { tables as tableDefinitions } from '../../functions/store/tables.ts';
import { NAG_PACK, applyNag } from '../../infra/nag.ts';
import { deploySettings } from '../../infra/settings.ts';
import { RESERVED_CONCURRENCY, ROUTE_THROTTLE, UndersignedStack } from '../../infra/stack.ts';
import { TEST_SETTINGS, synthContext } from './context.ts';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

function synth(settings: Record<string, unknown> = {}) {
  const app = new App({ context: synthContext({ settings }) });
  const stack = new UndersignedStack(app, 'Undersigned');
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  return { app, stack, template, resources, idOf };
}

const DOMAIN = {
  domainName: 'petitions.undersigned-test.net',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab',
};
const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'undersigned-test.net' };

const base = synth();
const { stack, resources, idOf } = base;
const byType = (type: string, from = resources) => Object.entries(from).filter(([, r]) => r.Type === type);
const fnId = (name: string) => idOf(stack.functions.get(name)!);
const alarm = (name: string) => {
  const construct = stack.alarms.alarms.get(name);
  expect(construct, `alarm ${name}`).toBeDefined();
  return resources[idOf(construct!)]!.Properties;
};
const topicRef = { Ref: idOf(stack.alarms.topic) };

/** The plain metrics an alarm reads: its own, or those inside its math expression. */
function metricsOf(props: Record<string, any>): { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] }[] {
  if (props.MetricName) return [{ Namespace: props.Namespace, MetricName: props.MetricName, Dimensions: props.Dimensions }];
  return (props.Metrics as any[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric);
}

describe('alarms', () => {
  it('every alarm mails the one topic, on alarm and on recovery, and says what it means', () => {
    const alarms = byType('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBe(stack.alarms.alarms.size);
    base.template.resourceCountIs('AWS::SNS::Topic', 1);
    for (const [id, { Properties: p }] of alarms) {
      expect(p.AlarmActions, id).toEqual([topicRef]);
      expect(p.OKActions, id).toEqual([topicRef]);
      expect(p.TreatMissingData, id).toMatch(/^(notBreaching|breaching|ignore|missing)$/);
      expect(p.AlarmDescription?.length ?? 0, id).toBeGreaterThan(40);
    }
  });

  it('the topic mails the address given at deploy time, and only over TLS', () => {
    const subscriptions = byType('AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(subscriptions).toEqual([{ Protocol: 'email', Endpoint: TEST_SETTINGS.alarmEmail, TopicArn: topicRef }]);
    const other = synth({ alarmEmail: 'night-shift@undersigned-test.net' });
    expect(byType('AWS::SNS::Subscription', other.resources).map(([, r]) => r.Properties.Endpoint)).toEqual(['night-shift@undersigned-test.net']);
    const policy = byType('AWS::SNS::TopicPolicy')[0]![1].Properties.PolicyDocument.Statement;
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
  });

  it.each([
    ['Stream', () => stack.streamDlq],
    ['Schedule', () => stack.scheduleDlq],
  ] as const)('a message in the %s dead-letter queue alarms at once', (name, queue) => {
    const p = alarm(`${name}DeadLetters`);
    expect(p).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(queue()), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('watches the Overloaded metric exactly as the functions emit it', async () => {
    const p = alarm('Overloaded');
    expect(p).toMatchObject({ MetricName: 'Overloaded', Statistic: 'Sum', Period: 300, Threshold: 5, TreatMissingData: 'notBreaching' });
    // What a function writes (embedded metric format on stdout), with the stack's service name.
    const env = resources[fnId('sign')]!.Properties.Environment.Variables as Record<string, string>;
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', env.POWERTOOLS_SERVICE_NAME!);
    if (env.POWERTOOLS_METRICS_NAMESPACE) vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', env.POWERTOOLS_METRICS_NAMESPACE);
    vi.resetModules();
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      const { countEvent } = await import('../../functions/lib/metrics.ts');
      countEvent('Overloaded');
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
    const emitted = lines.map((l) => JSON.parse(l)).find((l) => l.Overloaded === 1);
    expect(emitted, lines.join('')).toBeDefined();
    const [directive] = emitted._aws.CloudWatchMetrics;
    expect(p.Namespace).toBe(directive.Namespace);
    const dimensions = Object.fromEntries((p.Dimensions as { Name: string; Value: string }[]).map((d) => [d.Name, d.Value]));
    expect(Object.keys(dimensions).sort()).toEqual([...directive.Dimensions[0]].sort());
    for (const [name, value] of Object.entries(dimensions)) expect(emitted[name]).toBe(value);
  });

  it('alarms when SES keeps refusing confirmation or sign-in mails', () => {
    const p = alarm('MailFailures');
    const overloaded = alarm('Overloaded');
    const metrics = metricsOf(p);
    expect(metrics.map((m) => m.MetricName).sort()).toEqual(['ConfirmationMailFailed', 'SignInMailFailed']);
    // The same namespace and dimensions as Overloaded, which the test above checks against what functions emit.
    for (const m of metrics) expect({ Namespace: m.Namespace, Dimensions: m.Dimensions }).toEqual({ Namespace: overloaded.Namespace, Dimensions: overloaded.Dimensions });
    expect(p).toMatchObject({ Threshold: 3, TreatMissingData: 'notBreaching' });
  });

  it.each(streamConsumers)('$name has an errors alarm of its own', ({ name, deployedAs }) => {
    // Named after the function as it was deployed (a renamed consumer keeps its alarm).
    expect(alarm(`${deployedAs ?? name}Errors`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(scheduledJobs)('a failed $name run alarms within the hour', ({ name }) => {
    expect(alarm(`${name}Errors`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
      Period: 3600,
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  /** Function logical ids a family of summed alarms (`RouteErrors1`, `RouteErrors2`…) covers, per metric name. */
  function covered(prefix: string): { functions: string[]; metricNames: Set<string> } {
    const alarms = [...stack.alarms.alarms.entries()].filter(([n]) => new RegExp(`^${prefix}\\d+$`).test(n));
    expect(alarms.length).toBeGreaterThan(0);
    const metrics = alarms.flatMap(([name]) => {
      const own = metricsOf(alarm(name));
      expect(own.length, name).toBeLessThanOrEqual(10);
      return own;
    });
    return {
      functions: metrics.map((m) => (m.Dimensions![0]!.Value as { Ref: string }).Ref).sort(),
      metricNames: new Set(metrics.map((m) => `${m.Namespace}/${m.MetricName}`)),
    };
  }

  it('sums Lambda errors over every route function, at most 10 to an alarm', () => {
    const { functions, metricNames } = covered('RouteErrors');
    expect(functions).toEqual(routes.map((r) => fnId(r.name)).sort());
    expect([...metricNames]).toEqual(['AWS/Lambda/Errors']);
  });

  it('sums Lambda throttles over every function', () => {
    const { functions, metricNames } = covered('Throttles');
    expect(functions).toEqual([...routes, ...streamConsumers, ...scheduledJobs].map((f) => fnId(f.name)).sort());
    expect([...metricNames]).toEqual(['AWS/Lambda/Throttles']);
  });

  it('alarms on the API 5xx rate, not on single failures', () => {
    const p = alarm('Api5xxRate');
    const expression = (p.Metrics as any[]).find((m) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    const byId = Object.fromEntries((p.Metrics as any[]).filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat.Metric]));
    const apiDimension = [{ Name: 'ApiId', Value: { Ref: idOf(stack.api) } }];
    expect(byId.errors).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: apiDimension });
    expect(byId.requests).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: apiDimension });
    expect(p).toMatchObject({ Threshold: 5, TreatMissingData: 'notBreaching' });
  });

  it.each([
    ['SesBounceRate', 'Reputation.BounceRate', 0.05],
    ['SesComplaintRate', 'Reputation.ComplaintRate', 0.001],
  ])('%s alarms at the rate SES reviews an account', (name, metricName, threshold) => {
    expect(alarm(name)).toMatchObject({ Namespace: 'AWS/SES', MetricName: metricName, Statistic: 'Maximum', Threshold: threshold });
  });
});

describe('the retention schedule', () => {
  it.each(scheduledJobs)('$name: the rule and the function park a failed event in an encrypted queue', ({ name }) => {
    const queueArn = { 'Fn::GetAtt': [idOf(stack.scheduleDlq), 'Arn'] };
    const rule = byType('AWS::Events::Rule').find(([, r]) => JSON.stringify(r.Properties.Targets).includes(fnId(name)))![1];
    expect(rule.Properties.Targets[0]).toMatchObject({ DeadLetterConfig: { Arn: queueArn }, RetryPolicy: { MaximumRetryAttempts: 2 } });
    expect(resources[fnId(name)]!.Properties.DeadLetterConfig).toEqual({ TargetArn: queueArn });
    expect(resources[idOf(stack.scheduleDlq)]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    // EventBridge may send to it, and only for this rule.
    const queuePolicy = byType('AWS::SQS::QueuePolicy').find(([, r]) => JSON.stringify(r.Properties.Queues).includes(idOf(stack.scheduleDlq)))![1];
    expect(JSON.stringify(queuePolicy.Properties.PolicyDocument)).toContain('events.amazonaws.com');
  });
});

describe('concurrency', () => {
  it('reserves concurrency for every stream consumer and job, leaving the account room', () => {
    for (const { name } of [...streamConsumers, ...scheduledJobs]) {
      expect({ name, reserved: resources[fnId(name)]!.Properties.ReservedConcurrentExecutions }).toEqual({ name, reserved: RESERVED_CONCURRENCY[name] });
      expect(RESERVED_CONCURRENCY[name]).toBeGreaterThan(0);
    }
    const total = Object.values(RESERVED_CONCURRENCY).reduce((a, b) => a + b, 0);
    expect(total + 100).toBeLessThanOrEqual(1000);
    // The counter is never starved by its own siblings either: at least one invocation per shard.
    expect(RESERVED_CONCURRENCY['count-signatures']).toBeGreaterThanOrEqual(4);
  });

  it('reserves nothing for the HTTP routes (they share the rest of the pool, capped by the API)', () => {
    for (const { name } of routes) expect({ name, reserved: resources[fnId(name)]!.Properties.ReservedConcurrentExecutions }).toEqual({ name, reserved: undefined });
  });

  it('caps every route at the API: public routes each, organiser routes by the stage default', () => {
    const [stageId, stage] = byType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: ROUTE_THROTTLE.organiser.rateLimit,
      ThrottlingBurstLimit: ROUTE_THROTTLE.organiser.burstLimit,
    });
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const publicRoutes = routes.filter((r) => !r.organiser);
    // Each path of a route, its aliases (older paths) included.
    const pathsOf = (r: (typeof routes)[number]) => [r.path, ...(r.aliases ?? [])];
    expect(Object.keys(settings).sort()).toEqual(publicRoutes.flatMap((r) => pathsOf(r).map((path) => `${r.method} ${path}`)).sort());
    for (const route of publicRoutes) {
      const limit = route.name === 'sign' ? ROUTE_THROTTLE.sign : ROUTE_THROTTLE.public;
      for (const path of pathsOf(route)) expect(settings[`${route.method} ${path}`]).toEqual({ ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit });
    }
    // Route settings need their routes to exist: the stage waits for every one.
    const routeIds = byType('AWS::ApiGatewayV2::Route').map(([id]) => id);
    expect(resources[stageId]!.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('an account whose quota cannot hold the reservations deploys without them, with a warning', () => {
    const small = synth({ accountConcurrency: 10 });
    for (const { name } of [...streamConsumers, ...scheduledJobs]) {
      expect(small.resources[small.idOf(small.stack.functions.get(name)!)]!.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
    Annotations.fromStack(small.stack).hasWarning('/Undersigned', Match.stringLikeRegexp('accountConcurrency=10 cannot hold'));
  });
});

describe('tables', () => {
  it.each(tableDefinitions)('$id cannot be deleted by accident: deletion protection and retained with the stack', (def) => {
    const table = (base.template.toJSON().Resources as Record<string, any>)[idOf(stack.tables[def.id])];
    expect(table.Properties.Replicas.map((r: { DeletionProtectionEnabled?: boolean }) => r.DeletionProtectionEnabled)).toEqual([true]);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('custom domain', () => {
  const distributionConfig = (r: Record<string, Resource>) => byType('AWS::CloudFront::Distribution', r)[0]![1].Properties.DistributionConfig;
  const siteUrlOf = (s: ReturnType<typeof synth>) =>
    s.resources[s.idOf(s.stack.functions.get('follow-signatures')!)]!.Properties.Environment.Variables.SITE_URL;

  it('without one: the CloudFront address and certificate, no DNS records', () => {
    const config = distributionConfig(resources);
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(byType('AWS::Route53::RecordSet')).toEqual([]);
    expect(JSON.stringify(siteUrlOf(base))).toContain('DomainName');
  });

  it('with one: the alias, its us-east-1 certificate at TLS 1.2, and mails link to it', () => {
    const withDomain = synth(DOMAIN);
    const config = distributionConfig(withDomain.resources);
    expect(config.Aliases).toEqual([DOMAIN.domainName]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: DOMAIN.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(siteUrlOf(withDomain)).toBe(`https://${DOMAIN.domainName}`);
    // No hosted zone given: the operator points a CNAME at the distribution (an output says where).
    expect(byType('AWS::Route53::RecordSet', withDomain.resources)).toEqual([]);
    expect(withDomain.template.toJSON().Outputs.DistributionDomainName).toBeDefined();
  });

  it('with a hosted zone: A and AAAA alias records to the distribution', () => {
    const withZone = synth({ ...DOMAIN, ...ZONE });
    const records = byType('AWS::Route53::RecordSet', withZone.resources).map(([, r]) => r.Properties);
    expect(records.map((r) => r.Type).sort()).toEqual(['A', 'AAAA']);
    const distributionId = byType('AWS::CloudFront::Distribution', withZone.resources)[0]![0];
    for (const record of records) {
      expect(record).toMatchObject({ Name: `${DOMAIN.domainName}.`, HostedZoneId: ZONE.hostedZoneId });
      expect(record.AliasTarget.DNSName).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
    }
  });

  it('cdk-nag passes with a domain too (CFR4 is fixed there, not acknowledged)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'undersigned-operable-'));
    try {
      const app = new App({ outdir, context: synthContext({ settings: { ...DOMAIN, ...ZONE } }) });
      const withZone = new UndersignedStack(app, 'Undersigned');
      applyNag(withZone);
      app.synth();
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: { pluginName: string; violations: unknown[] }[];
      };
      expect(report.pluginReports.filter((r) => r.pluginName === NAG_PACK).flatMap((r) => r.violations)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('deploy settings: the synth refuses what would fail in AWS', () => {
  /** Synthesises with the given settings in place of the test ones (undefined: not set at all). */
  const refusal = (settings: Record<string, unknown>) => {
    const context = synthContext({ settings });
    for (const [key, value] of Object.entries(settings)) if (value === undefined) delete context[key];
    try {
      new UndersignedStack(new App({ context }), 'Undersigned');
    } catch (error) {
      return String((error as Error).message);
    }
    return undefined;
  };

  it('with nothing set, names every setting it needs', () => {
    const message = refusal({ mailFrom: undefined, alarmEmail: undefined });
    expect(message).toContain('-c mailFrom=');
    expect(message).toContain('-c alarmEmail=');
    expect(message).toContain('Deploy to AWS');
  });

  it.each([
    'Undersigned <no-reply@example.org>',
    'no-reply@example.com',
    'Undersigned <no-reply@mail.example.org>',
    'no-reply@localhost',
    'Undersigned',
    '',
  ])('refuses the sender %j', (mailFrom) => {
    expect(refusal({ mailFrom })).toMatch(/-c mailFrom=/);
  });

  it.each(['ops@example.org', 'not an address'])('refuses the alarm address %j', (alarmEmail) => {
    expect(refusal({ alarmEmail })).toMatch(/-c alarmEmail=/);
  });

  it.each(['http://127.0.0.1:3000', 'https://localhost:3000', 'https://undersigned.example.org', 'http://petitions.undersigned-test.net', 'not a url'])(
    'refuses the site URL %j',
    (siteUrl) => {
      expect(refusal({ siteUrl })).toMatch(/-c siteUrl=/);
    },
  );

  it('refuses a certificate outside us-east-1, saying CloudFront needs it there', () => {
    const message = refusal({ ...DOMAIN, certificateArn: DOMAIN.certificateArn.replace('us-east-1', 'eu-central-1') });
    expect(message).toMatch(/-c certificateArn=.*eu-central-1.*us-east-1/);
  });

  it('refuses half a domain or half a zone', () => {
    expect(refusal({ domainName: DOMAIN.domainName })).toMatch(/-c certificateArn=/);
    expect(refusal({ certificateArn: DOMAIN.certificateArn })).toMatch(/-c domainName=/);
    expect(refusal({ ...DOMAIN, hostedZoneId: ZONE.hostedZoneId })).toMatch(/-c hostedZoneName=/);
    expect(refusal({ ...DOMAIN, ...ZONE, hostedZoneName: 'elsewhere.net' })).toMatch(/does not contain/);
    expect(refusal({ accountConcurrency: 'lots' })).toMatch(/-c accountConcurrency=/);
  });

  it('accepts a real configuration, and props win over context', () => {
    expect(refusal({ ...DOMAIN, ...ZONE, siteUrl: 'https://sign.undersigned-test.net' })).toBeUndefined();
    const settings = deploySettings({ mailFrom: 'A <a@undersigned-test.net>', alarmEmail: 'b@undersigned-test.net' });
    expect(settings).toEqual({ mailFrom: 'A <a@undersigned-test.net>', alarmEmail: 'b@undersigned-test.net', accountConcurrency: 1000 });
    const app = new App({ context: synthContext({ settings: { mailFrom: 'Undersigned <no-reply@example.org>' } }) });
    const fromProps = new UndersignedStack(app, 'Undersigned', { mailFrom: TEST_SETTINGS.mailFrom });
    expect(fromProps.settings.mailFrom).toBe(TEST_SETTINGS.mailFrom);
  });

  it('cdk synth through infra/app.ts (the deploy path) exits 1 with the message, not a stack trace', () => {
    // What `cdk synth` / `cdk deploy` run (cdk.json "app"), with cdk.json's flags but no settings.
    const outdir = mkdtempSync(join(tmpdir(), 'undersigned-app-'));
    const context = synthContext({ settings: { mailFrom: 'Undersigned <no-reply@example.org>', alarmEmail: undefined } });
    const result = spawnSync(process.execPath, [tsxCli, 'infra/app.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    rmSync(outdir, { recursive: true, force: true });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain('no-reply@example.org');
    expect(result.stderr).toContain('-c alarmEmail=');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 150_000);
});

afterAll(() => vi.restoreAllMocks());
