/**
 * cdk-nag's AwsSolutions pack over the stack, wired exactly as `cdk synth` wires it (infra/nag.ts):
 * no unacknowledged finding, error or warning; every acknowledgment answers a real finding on the
 * resource it sits on and says why; and the findings we fixed rather than acknowledged stay fixed.
 *
 * cdk-nag v3 is a policy-validation plugin, not an Aspect: its findings go to the cloud assembly's
 * validation-report.json (errors also make the synth throw), not to the stack's annotations.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type CfnElement } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { NAG_PACK, applyNag } from '../../infra/nag.ts';
import { UndersignedStack } from '../../infra/stack.ts';
import { synthContext } from './context.ts';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** A stack as `cdk synth` builds it, without bundling (fast, no esbuild). */
function newStack() {
  const outdir = mkdtempSync(join(tmpdir(), 'undersigned-nag-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: synthContext() });
  return { app, outdir, stack: new UndersignedStack(app, 'Undersigned') };
}

interface Violation {
  ruleName: string;
  severity: string;
  description: string;
  violatingConstructs?: { constructPath: string }[];
  violatingResources?: { constructPath?: string }[];
}

/** Synthesises and returns the AwsSolutions violations left in the validation report, and any throw. */
function synthesise(app: App, outdir: string): { error: unknown; violations: Violation[] } {
  const exitCode = process.exitCode;
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  } finally {
    process.exitCode = exitCode;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: Violation[] }[];
  };
  return { error, violations: report.pluginReports.filter((r) => r.pluginName === NAG_PACK).flatMap((r) => r.violations) };
}

const describeViolations = (violations: Violation[]) =>
  violations
    .map((v) => `${v.severity} ${v.ruleName}: ${v.description}\n${(v.violatingConstructs ?? v.violatingResources ?? []).map((c) => `    ${c.constructPath}`).join('\n')}`)
    .join('\n');

// The stack under test: what the pack finds with nothing acknowledged, then acknowledged and synthesised.
const { app, outdir, stack } = newStack();
const raw = new AwsSolutionsChecks().validateScope(app).violations as Violation[];
applyNag(stack);
const synthesis = synthesise(app, outdir);
const template = Template.fromStack(stack);
type Resource = { Type: string; Properties: Record<string, any> };
const resources = template.toJSON().Resources as Record<string, Resource>;
const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** Every acknowledgment in the tree: where it sits, the rule it names, and why. */
const acknowledgments = app.node.findAll().flatMap((construct) =>
  construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) =>
      Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
        path: construct.node.path,
        // aws-cdk-lib stores ids without a plugin prefix as `Annotation::<id>`; cdk-nag reads them so.
        id: id.replace(/^annotation::/i, ''),
        reason,
      })),
    ),
);

describe('cdk-nag AwsSolutions', () => {
  it('synthesises with no unacknowledged finding, error or warning', () => {
    expect(synthesis.violations, `unacknowledged AwsSolutions findings:\n${describeViolations(synthesis.violations)}`).toEqual([]);
    expect(synthesis.error).toBeUndefined();
  });

  it('really checks: the raw stack has findings, and an unanswered one fails the synth', () => {
    expect(raw.some((v) => v.ruleName === 'AwsSolutions-APIG4')).toBe(true);
    // The same wiring plus one bucket without access logs: the synth must refuse it, by name.
    const bad = newStack();
    applyNag(bad.stack);
    new s3.Bucket(bad.stack, 'Unlogged', { enforceSSL: true });
    const { error, violations } = synthesise(bad.app, bad.outdir);
    expect(String(error)).toContain('ValidationFailed');
    expect(String(error)).toContain('Undersigned/Unlogged/Resource');
    expect(violations.map((v) => [v.ruleName, (v.violatingConstructs ?? []).map((c) => c.constructPath)])).toEqual([
      ['AwsSolutions-S1', ['Undersigned/Unlogged/Resource']],
    ]);
  });

  it('acknowledges per resource, never for the whole stack or app', () => {
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const a of acknowledgments) {
      expect(a.id, a.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(a.path.split('/').length, `${a.id} sits on ${a.path}`).toBeGreaterThan(1);
    }
  });

  it('answers only findings that exist, on or below the construct it sits on', () => {
    const stale = acknowledgments.filter(
      (a) =>
        !raw.some(
          (v) =>
            v.ruleName === a.id &&
            (v.violatingResources ?? []).some((r) => r.constructPath === a.path || r.constructPath?.startsWith(`${a.path}/`)),
        ),
    );
    expect(stale.map((a) => `${a.path}: ${a.id}`)).toEqual([]);
  });

  it('gives every acknowledgment a reason of its own', () => {
    for (const a of acknowledgments) {
      expect(a.reason.length, `${a.path}: ${a.id}`).toBeGreaterThanOrEqual(60);
    }
    // Reasons name the platform's own facts, not a boilerplate "accepted risk".
    const reasons = new Set(acknowledgments.map((a) => a.reason));
    expect(reasons.size).toBeGreaterThanOrEqual(15);
  });
});

describe('findings fixed rather than acknowledged', () => {
  it('logs HTTP API access without IP address, user agent or raw path', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    const settings = stage.Properties.AccessLogSettings;
    expect(settings.DestinationArn).toBeDefined();
    const format = JSON.parse(settings.Format as string) as Record<string, string>;
    expect(Object.values(format)).toContain('$context.requestId');
    expect(Object.values(format)).toContain('$context.routeKey');
    for (const value of Object.values(format)) expect(value).not.toMatch(/identity\.|sourceIp|userAgent|\$context\.path/i);
    const logGroup = resources[settings.DestinationArn['Fn::GetAtt'][0]]!;
    expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('writes S3 access logs of the exports and site buckets to a private log bucket that forgets', () => {
    const logBucketId = idOf(stack.accessLogsBucket);
    for (const bucket of [stack.exportsBucket, stack.node.findChild('Site').node.findChild('Bucket') as s3.Bucket]) {
      expect(resources[idOf(bucket)]!.Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logBucketId },
        LogFilePrefix: expect.stringMatching(/\/$/),
      });
    }
    const logBucket = resources[logBucketId]!.Properties;
    expect(logBucket.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(logBucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 90 })]);
  });

  it.each([...routes, ...streamConsumers, ...scheduledJobs])(
    '$name runs under a role with no AWS managed policy that writes only its own log group',
    ({ name }) => {
      const fn = stack.functions.get(name)!;
      const roleId = resources[idOf(fn)]!.Properties.Role['Fn::GetAtt'][0] as string;
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      const logStatements = Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
      expect(logStatements).toEqual([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [idOf(fn.logGroup), 'Arn'] },
        }),
      ]);
    },
  );
});
