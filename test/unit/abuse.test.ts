/**
 * Velocity signals: a warning log and a metric when one email domain or one network source passes
 * the hourly threshold on a campaign — once, never a block, never the address itself.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { capturedOutput } from '../support/output.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
delete process.env.POWERTOOLS_METRICS_DISABLED;
process.env.VELOCITY_ALERT_PER_HOUR = '300';

const { recordVelocity } = await import('#usecases/velocity.ts');
const { VELOCITY_SPREAD } = await import('#store/signals.ts');
const ddb = mockClient(DynamoDBDocumentClient);
// The salt is stored sealed: with this period's data key already held, sealing it reads nothing more.
await (await import('#crypto/data-keys.ts')).warmDataKeysForTests();

const output = capturedOutput;

/** The per-item counters the signals table answers with, by signal kind. */
function counters(domain: number, source: number) {
  ddb.on(UpdateCommand).callsFake(async (input: { Key: { pk: string } }) => ({
    Attributes: { n: input.Key.pk.includes('#domain#') ? domain : source },
  }));
}

const alertAt = Math.ceil(300 / VELOCITY_SPREAD);
const now = new Date('2026-11-24T10:15:00Z');

beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
  ddb.on(GetCommand).resolves({ Item: { salt: 'salt' } });
});

describe('velocity signals', () => {
  it('stay quiet below the threshold', async () => {
    counters(alertAt - 1, alertAt - 1);
    const out = await output(() => recordVelocity([{ slug: 'camp', email: 'someone@bot-farm.example', sourceIp: '203.0.113.9', at: now }]));
    expect(out).not.toContain('velocity high');
    expect(out).not.toContain('VelocityHigh');
  });

  it('warn and count once when a domain reaches it, naming the domain but never the address', async () => {
    counters(alertAt, 1);
    const out = await output(() => recordVelocity([{ slug: 'camp', email: 'someone@bot-farm.example', sourceIp: '203.0.113.9', at: now }]));
    const log = out.split('\n').find((line) => line.includes('signature velocity high'));
    expect(JSON.parse(log!)).toMatchObject({ level: 'WARN', slug: 'camp', signal: 'email-domain', domain: 'bot-farm.example', perHourAbout: 300 });
    expect(out).toContain('"DomainVelocityHigh"');
    expect(out).not.toContain('someone');
    expect(out).not.toContain('203.0.113.9');

    counters(alertAt + 1, 1);
    expect(await output(() => recordVelocity([{ slug: 'camp', email: 'other@bot-farm.example', sourceIp: '203.0.113.9', at: now }]))).not.toContain('velocity high');
  });

  it('warn about a network source without naming it', async () => {
    counters(1, alertAt);
    const out = await output(() => recordVelocity([{ slug: 'camp', email: 'someone@example.org', sourceIp: '203.0.113.9', at: now }]));
    expect(out).toContain('"SourceVelocityHigh"');
    expect(out).toContain('network-source');
    expect(out).not.toContain('203.0.113.9');
    expect(out).not.toContain('example.org');
  });

  it('alert once per key and hour, though each of its items reaches its share of the threshold', async () => {
    counters(alertAt, 1);
    // The Signals table keeps the claim: the first alert's Put succeeds, later ones find it taken.
    const claimed = new Set<string>();
    ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string } }) => {
      if (claimed.has(input.Item.pk)) throw new ConditionalCheckFailedException({ message: 'taken', $metadata: {} });
      claimed.add(input.Item.pk);
      return {};
    });
    const first = await output(() => recordVelocity([{ slug: 'camp', email: 'a@bot-farm.example', at: now }]));
    const second = await output(() => recordVelocity([{ slug: 'camp', email: 'b@bot-farm.example', at: now }]));
    expect(first).toContain('"DomainVelocityHigh"');
    expect(second).not.toContain('velocity high');
    expect([...claimed]).toHaveLength(1);
    expect([...claimed][0]).toMatch(/^velocity-alert#camp#domain#[0-9a-f]{24}#2026-11-24T10$/);
    // The next hour may alert again.
    const later = await output(() => recordVelocity([{ slug: 'camp', email: 'c@bot-farm.example', at: new Date('2026-11-24T11:05:00Z') }]));
    expect(later).toContain('"DomainVelocityHigh"');
  });

  it('key the counters by a salted hash, per campaign and hour', async () => {
    counters(1, 1);
    await recordVelocity([{ slug: 'camp', email: 'someone@bot-farm.example', sourceIp: '203.0.113.9', at: now }]);
    const keys = ddb.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.Key?.pk));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      // The spread is in the partition key: items under one partition key would share its write limit.
      expect(key).toMatch(/^velocity#camp#(domain|source)#[0-9a-f]{24}#2026-11-24T10#[0-7]$/);
      expect(key).not.toContain('bot-farm');
      expect(key).not.toContain('203.0.113');
    }
  });
});

describe('a batch of submissions', () => {
  it('makes one counter write per key for the whole batch, and alerts when the batch carries the count past the threshold', async () => {
    counters(alertAt + 3, 1);
    const batch = Array.from({ length: 5 }, (_, i) => ({ slug: 'camp', email: `p${i}@bot-farm.example`, at: now }));
    const out = await output(() => recordVelocity(batch));
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ExpressionAttributeValues).toMatchObject({ ':one': 5 });
    // alertAt − 2 before, alertAt + 3 after: this batch crossed it.
    expect(out).toContain('"DomainVelocityHigh"');

    ddb.resetHistory();
    counters(alertAt + 10, 1);
    expect(await output(() => recordVelocity(batch))).not.toContain('velocity high');
  });
});

describe('the threshold setting', () => {
  it('refuses at start a value that would never alert', async () => {
    const { vi } = await import('vitest');
    for (const bad of ['abc', '0', '-5', '2.5']) {
      vi.resetModules();
      process.env.VELOCITY_ALERT_PER_HOUR = bad;
      await expect(import('#usecases/velocity.ts')).rejects.toThrow(/VELOCITY_ALERT_PER_HOUR/);
    }
    process.env.VELOCITY_ALERT_PER_HOUR = '300';
  });
});
