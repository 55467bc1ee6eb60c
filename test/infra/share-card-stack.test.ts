/**
 * The share cards in the synthesised template (issue #17, item 2): the petitions table's stream feeds
 * the card drawer (changes of META and COUNT only), which may put exactly `c/*\/card.png` in the site
 * bucket and nothing else of it; no other function may write there; a deploy of the page does not
 * prune the published cards; the function has the memory to draw.
 */
import { describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { functionId, idOf, resources, stack, statementsOf } from './synthesised.ts';

const siteBucketId = idOf(stack.node.findChild('Site').node.findChild('Bucket') as never);

describe('share cards', () => {
  it('the card drawer and the card job may only PutObject c/*/card.png of the site bucket; no service function but them and the page and image publishers touches the site bucket', () => {
    for (const f of [...routes, ...streamConsumers, ...scheduledJobs]) {
      const onSite = statementsOf(f.name).filter((s) => JSON.stringify(s.Resource).includes(siteBucketId));
      if (f.name === 'draw-share-cards' || f.name === 'refresh-share-cards') {
        expect(onSite).toEqual([
          { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [siteBucketId, 'Arn'] }, '/c/*/card.png']] } },
        ]);
        const env = resources[functionId(f.name)]!.Properties.Environment.Variables as Record<string, unknown>;
        expect(env.SITE_BUCKET).toEqual({ Ref: siteBucketId });
      } else if (f.name === 'attach-campaign-image' || f.name === 'attach-org-logo') {
        // Images and logos write only media/ (test/infra/images-stack.test.ts holds them to it).
        for (const s of onSite) expect(JSON.stringify(s.Resource)).toContain('/media/*');
      } else if (f.name === 'publish-campaign-pages') {
        // Campaign pages write only c/ (test/infra/stack.test.ts, campaign pages, holds them to it).
        for (const s of onSite) expect(JSON.stringify(s.Resource)).toContain('/c/');
      } else {
        expect({ name: f.name, onSite }).toEqual({ name: f.name, onSite: [] });
      }
    }
  });

  it('reads the petitions stream: changes of a campaign and of its counter only, in order, failures to the dead-letter queue', () => {
    const mapping = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(functionId('draw-share-cards')),
    )!.Properties;
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [idOf(stack.tables.Petitions), 'StreamArn'] });
    expect(mapping).toMatchObject({ ParallelizationFactor: 1, BisectBatchOnFunctionError: true });
    expect(mapping.DestinationConfig.OnFailure.Destination).toBeDefined();
    const patterns = mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: [{ prefix: 'META' }] } } } },
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: [{ prefix: 'COUNT' }] } } } },
    ]);
    const table = resources[idOf(stack.tables.Petitions)]!.Properties;
    expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('has the memory to draw (1024 MB), its own concurrency, and only the petitions table', () => {
    for (const [name, reserved] of [['draw-share-cards', 5], ['refresh-share-cards', 1]] as const) {
      const fn = resources[functionId(name)]!.Properties;
      expect(fn.MemorySize).toBe(1024);
      expect(fn.ReservedConcurrentExecutions).toBe(reserved);
      expect(Object.keys(fn.Environment.Variables).filter((k: string) => k.endsWith('_TABLE'))).toEqual(['PETITIONS_TABLE']);
    }
  });

  it('the card job runs every 10 minutes, with the schedule dead-letter queue', () => {
    const rule = Object.values(resources).find(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.Targets).includes(functionId('refresh-share-cards')),
    )!.Properties;
    expect(rule.ScheduleExpression).toBe('rate(10 minutes)');
    expect(rule.Targets[0].DeadLetterConfig).toBeDefined();
  });

  it('a deploy of the page leaves the published cards alone (c/* is excluded from the prune)', () => {
    const deployments = Object.values(resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      const pruning = d.Properties.Prune !== false;
      if (pruning) expect(d.Properties.Exclude).toContain('c/*');
    }
  });
});
