/**
 * The mailer off the request path (the follow-signatures stream consumer's part for new submissions),
 * with DynamoDB and SES
 * mocked: which mail a submission gets and to whom, the per-recipient quota, what it removes from the
 * submission once answered, that a redelivered record mails nobody twice, that a failed mail leaves
 * the submission to be answered on the next delivery, and that nothing personal is logged.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { capturedOutput } from '../support/output.ts';
import { decodeEncodedWords } from '../support/encoded-words.ts';
import { campaignItem, inputsOf as sharedInputsOf } from './fixtures.ts';

const env = unitEnv;
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

const { handler } = await import('#streams/follow-signatures.ts');
const { sign } = await import('#usecases/signing.ts');
const { getCampaign } = await import('#store/campaigns.ts');
const { resetSaltCacheForTests } = await import('#store/salts.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const SLUG = 'free-the-press';
const TITLE = 'Free the press — თავისუფალი პრესა';
const SITE = 'https://undersigned.test';
const signer = { name: 'ნინო ბერიძე', email: 'nino.beridze@example.ge', country: 'GE', comment: 'Свободу журналистам!', showName: true, altcha: '-' };

type Input = Record<string, any>;
const inputsOf = (command: any, table?: string): Input[] => sharedInputsOf(ddb, command, table);
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** A submission exactly as the sign path stores it (its transaction captured from the mock). */
async function submitted(overrides: { lang?: 'en' | 'ru'; email?: string } = {}): Promise<Input> {
  ddb.on(TransactWriteCommand).resolves({});
  const campaign = (await getCampaign(SLUG))!;
  await sign(campaign, { ...signer, email: overrides.email ?? signer.email }, { id: `c-${Math.random()}`, expiresAt: 2e9 }, { hashKey: env.HASH_KEY, confirmTtlDays: 7, lang: overrides.lang }, '203.0.113.7');
  const writes = inputsOf(TransactWriteCommand).at(-1)!.TransactItems as Input[];
  return writes.find((w) => w.Put?.TableName === env.SIGNATURES_TABLE)!.Put.Item;
}

const insertOf = (item: Input): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: { Keys: marshall({ pk: item.pk, sk: item.sk }) as never, NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: '1' },
});
const deliver = (...records: DynamoDBRecord[]) => handler({ Records: records }, {} as Context);

/** What the signatures table holds now: the live submission and, if any, the signer's signature. */
function live(submission: Input | undefined, signature?: Input) {
  ddb.on(BatchGetCommand).resolves({ Responses: { [env.SIGNATURES_TABLE]: [submission, signature].filter(Boolean) as Input[] } });
}

const mails = () => ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input as Input);
const answers = () => inputsOf(UpdateCommand, env.SIGNATURES_TABLE);
const quotaTakes = () => inputsOf(UpdateCommand, env.SIGNALS_TABLE).filter((input) => String(input.Key.pk).startsWith('quota#'));
const textOf = (mail: Input) => mail.Content.Simple.Body.Text.Data as string;
const link = (text: string, kind: 'confirm' | 'withdraw') =>
  new RegExp(`${SITE.replace(/[.]/g, '\\.')}/(?:\\?lang=[a-z]{2})?#/p/${SLUG}/${kind}/([0-9a-f]{64})/([A-Za-z0-9_-]{43})(?=\\s|$)`, 'm').exec(text);

beforeEach(() => {
  resetSaltCacheForTests();
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE }).resolves({ Item: campaignItem(SLUG, { title: TITLE }) });
  ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).resolves({ Attributes: { n: 1 } });
  ddb.on(PutCommand, { TableName: env.SIGNALS_TABLE }).resolves({});
  ddb.on(UpdateCommand, { TableName: env.SIGNATURES_TABLE }).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

let output = '';
afterEach(() => {
  for (const value of [signer.name, signer.email, 'example.ge', signer.comment, '203.0.113.7']) expect(output).not.toContain(value);
  output = '';
});
const run = async (fn: () => Promise<unknown>) => {
  output += await capturedOutput(async () => {
    await fn();
  });
};

describe('a new submission whose signer has not signed', () => {
  it('gets a confirmation mail at the typed address, whose links carry the token the submission is keyed by', async () => {
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    const [mail] = mails();
    expect(mails()).toHaveLength(1);
    expect(mail!.Destination.ToAddresses).toEqual([signer.email]);
    expect(mail!.Content.Simple.Subject.Data).toContain(TITLE);
    const confirm = link(textOf(mail!), 'confirm');
    const withdraw = link(textOf(mail!), 'withdraw');
    expect(confirm?.[1]).toBe(item.signer);
    expect(`sub#${sha256(confirm![2]!)}`).toBe(item.sk);
    expect(withdraw?.[2]).toBe(confirm![2]);
  });

  it('then marks it answered and drops the sealed token and network address, keeping what Confirm needs', async () => {
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    const [answer] = answers();
    expect(answer).toMatchObject({ Key: { pk: item.pk, sk: item.sk }, ExpressionAttributeValues: { ':answer': 'confirm' } });
    expect(answer!.UpdateExpression).toBe('SET answered = :answer, pii = :pii');
    expect(Object.keys(answer!.ExpressionAttributeValues[':pii']).sort()).toEqual(['comment', 'email', 'name']);
    expect(answer!.ExpressionAttributeValues[':pii'].name).toBe(item.pii.name);
    // Not answered before, and not confirmed meanwhile (a confirmation drops the sealed fields itself).
    expect(answer!.ConditionExpression).toBe('attribute_exists(pk) AND attribute_not_exists(answered) AND #status = :pending');
  });

  it('takes one mail from the recipient’s quota, keyed by a hash that names no address, domain or campaign', async () => {
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    const [take] = quotaTakes();
    expect(quotaTakes()).toHaveLength(1);
    expect(take!.ConditionExpression).toBe('attribute_not_exists(#n) OR #n < :limit');
    expect(take!.ExpressionAttributeValues[':limit']).toBe(3);
    expect(take!.Key.pk).toMatch(/^quota#[0-9a-f]{64}$/);
  });

  it('counts velocity by keyed hashes only, per campaign: neither the domain nor the address appears', async () => {
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    const keys = inputsOf(UpdateCommand, env.SIGNALS_TABLE).map((input) => String(input.Key.pk)).filter((pk) => pk.startsWith('velocity#'));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(new RegExp(`^velocity#${SLUG}#(domain|source)#[0-9a-f]{24}#\\d{4}-\\d{2}-\\d{2}T\\d{2}#[0-7]$`));
    // The hour's salt is stored sealed, never in clear.
    const salt = inputsOf(PutCommand, env.SIGNALS_TABLE).find((input) => String(input.Item.pk).startsWith('salt#'))!;
    expect(salt.Item).not.toHaveProperty('salt');
    expect(Object.keys(salt.Item.sealed)).toEqual(['salt']);
    expect(salt.Item.sealed.salt).toMatch(/^v1\./);
  });

  it('still mails when the velocity signal cannot be recorded', async () => {
    const item = await submitted();
    live(item);
    ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).callsFake(async (input: Input) => {
      if (String(input.Key.pk).startsWith('velocity#')) throw Object.assign(new Error('x'), { name: 'InternalServerError' });
      return {};
    });
    await run(() => deliver(insertOf(item)));
    expect(mails()).toHaveLength(1);
    expect(output).toContain('velocity signal not recorded');
  });

  it('in the language the signer used, with the days in the right plural form', async () => {
    const item = await submitted({ lang: 'ru' });
    live(item);
    await run(() => deliver(insertOf(item)));
    const [mail] = mails();
    expect(mail!.Content.Simple.Subject.Data).toBe(`Подтвердите вашу подпись: ${TITLE}`);
    expect(textOf(mail!)).toContain('Ссылка действует 7 дней.');
    expect(textOf(mail!)).toContain(`${SITE}/?lang=ru#/p/${SLUG}/confirm/`);
  });
});

describe('the title in a mail', () => {
  const RUSSIAN = 'Свободу прессе';
  const translated = () => {
    // The campaign was written in Georgian and has a Russian translation.
    ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE }).resolves({ Item: campaignItem(SLUG, { title: TITLE, language: 'ka', translatedInto: ['ru'] }) });
    ddb
      .on(GetCommand, { TableName: env.PETITIONS_TABLE, Key: { pk: SLUG, sk: 'TRANSLATION#ru' } })
      .resolves({ Item: { pk: SLUG, sk: 'TRANSLATION#ru', lang: 'ru', title: RUSSIAN, text: 'Текст', sourceVersion: 1, updatedAt: '2027-01-01T00:00:00Z', updatedBy: 'm-1' } });
  };

  it('is the translation into the language the signer signed in', async () => {
    translated();
    const item = await submitted({ lang: 'ru' });
    expect(item.lang).toBe('ru');
    live(item);
    await run(() => deliver(insertOf(item)));
    const [mail] = mails();
    expect(mail!.Content.Simple.Subject.Data).toBe(`Подтвердите вашу подпись: ${RUSSIAN}`);
    expect(textOf(mail!)).toContain(RUSSIAN);
    expect(textOf(mail!)).not.toContain(TITLE);
  });

  it('is the original when the campaign has no translation into the signer’s language', async () => {
    translated();
    const item = await submitted({ lang: 'en' });
    live(item);
    await run(() => deliver(insertOf(item)));
    expect(mails()[0]!.Content.Simple.Subject.Data).toBe(`Please confirm your signature: ${TITLE}`);
    // No translation was read for it.
    expect(inputsOf(GetCommand, env.PETITIONS_TABLE).filter((input) => String(input.Key.sk).startsWith('TRANSLATION#'))).toEqual([]);
  });

  it('reads a translation once a batch, and falls back to the original if it was removed meanwhile', async () => {
    translated();
    const first = await submitted({ lang: 'ru' });
    const second = await submitted({ lang: 'ru', email: 'other@example.org' });
    ddb.on(BatchGetCommand).callsFake((input: Input) => {
      const key = input.RequestItems[env.SIGNATURES_TABLE].Keys[0];
      return { Responses: { [env.SIGNATURES_TABLE]: [first, second].filter((s) => s.pk === key.pk && s.sk === key.sk) } };
    });
    await run(() => deliver(insertOf(first), insertOf(second)));
    expect(mails().map((m) => m.Content.Simple.Subject.Data)).toEqual([`Подтвердите вашу подпись: ${RUSSIAN}`, `Подтвердите вашу подпись: ${RUSSIAN}`]);
    expect(inputsOf(GetCommand, env.PETITIONS_TABLE).filter((input) => String(input.Key.sk).startsWith('TRANSLATION#'))).toHaveLength(1);

    ses.resetHistory();
    ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE, Key: { pk: SLUG, sk: 'TRANSLATION#ru' } }).resolves({});
    const third = await submitted({ lang: 'ru', email: 'third@example.org' });
    live(third);
    await run(() => deliver(insertOf(third)));
    expect(mails()[0]!.Content.Simple.Subject.Data).toBe(`Подтвердите вашу подпись: ${TITLE}`);
  });
});

describe('the organisation in a mail', () => {
  const ORG_NAME = 'Civil Alliance <of> "Tbilisi"';
  beforeEach(() => {
    ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE }).resolves({ Item: campaignItem(SLUG, { title: TITLE, orgId: 'org-1' }) });
    ddb.on(GetCommand, { TableName: env.ORGANISATIONS_TABLE }).resolves({ Item: { pk: 'ORG#org-1', sk: 'META', orgId: 'org-1', name: ORG_NAME, createdAt: '2026-01-01T00:00:00.000Z' } });
  });

  it('is named in the text and HTML parts, its name read once a batch, here and not on the sign request', async () => {
    const first = await submitted();
    const second = await submitted({ email: 'other@example.org' });
    // The sign request read no organisation.
    expect(inputsOf(GetCommand, env.ORGANISATIONS_TABLE)).toEqual([]);
    ddb.on(BatchGetCommand).callsFake((input: Input) => {
      const key = input.RequestItems[env.SIGNATURES_TABLE].Keys[0];
      return { Responses: { [env.SIGNATURES_TABLE]: [first, second].filter((s) => s.pk === key.pk && s.sk === key.sk) } };
    });
    await run(() => deliver(insertOf(first), insertOf(second)));
    expect(mails()).toHaveLength(2);
    for (const mail of mails()) {
      expect(textOf(mail)).toContain(`This campaign is organised by ${ORG_NAME}.`);
      expect(mail.Content.Simple.Body.Html.Data).toContain('This campaign is organised by Civil Alliance &lt;of&gt; &quot;Tbilisi&quot;.');
    }
    expect(inputsOf(GetCommand, env.ORGANISATIONS_TABLE).map((input) => input.Key)).toEqual([{ pk: 'ORG#org-1', sk: 'META' }]);
  });

  it('is the From display name ("<organisation> via Undersigned", encoded, our address kept) and its contact the Reply-To', async () => {
    ddb.on(GetCommand, { TableName: env.ORGANISATIONS_TABLE }).resolves({
      Item: { pk: 'ORG#org-1', sk: 'META', orgId: 'org-1', name: ORG_NAME, contact: 'info@alliance.example.ge', createdAt: '2026-01-01T00:00:00.000Z' },
    });
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    const [mail] = mails();
    const from = mail!.FromEmailAddress as string;
    expect(from.endsWith(' <no-reply@undersigned.test>')).toBe(true);
    const name = from.slice(0, -' <no-reply@undersigned.test>'.length);
    expect(decodeEncodedWords(name)).toBe(`${ORG_NAME} via Undersigned`);
    // Nothing of the name is left raw in the header: no quote, angle bracket, comma or line break.
    expect(name).not.toMatch(/[<>",\r\n]/);
    expect(mail!.ReplyToAddresses).toEqual(['info@alliance.example.ge']);
  });

  it('has no Reply-To when the organisation has no contact, and the platform alone as sender without an organisation', async () => {
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    expect(mails()[0]!.ReplyToAddresses).toBeUndefined();
    ddb.on(GetCommand, { TableName: env.ORGANISATIONS_TABLE }).resolves({});
    ses.resetHistory();
    const other = await submitted({ email: 'third@example.org' });
    live(other);
    await run(() => deliver(insertOf(other)));
    expect(mails()[0]!.FromEmailAddress).toBe(process.env.MAIL_FROM);
  });

  it('is left out when the organisation is gone, and the mail still goes', async () => {
    ddb.on(GetCommand, { TableName: env.ORGANISATIONS_TABLE }).resolves({});
    const item = await submitted();
    live(item);
    await run(() => deliver(insertOf(item)));
    expect(mails()).toHaveLength(1);
    expect(textOf(mails()[0]!)).not.toContain('organised by');
  });
});

describe('a new submission whose signer has signed', () => {
  it('gets "already signed" with a withdraw link and nothing to confirm, and keeps nothing sealed', async () => {
    const item = await submitted();
    live(item, { pk: item.pk, sk: item.signer, status: 'confirmed', tokenHash: 'f'.repeat(64) });
    await run(() => deliver(insertOf(item)));
    const [mail] = mails();
    expect(mail!.Content.Simple.Subject.Data).toBe(`You have already signed: ${TITLE}`);
    expect(link(textOf(mail!), 'confirm')).toBeNull();
    // The withdraw link is this submission's own: it proves the address received this mail.
    expect(`sub#${sha256(link(textOf(mail!), 'withdraw')![2]!)}`).toBe(item.sk);
    const [answer] = answers();
    expect(answer!.UpdateExpression).toBe('SET answered = :answer REMOVE pii, dataKey');
    expect(answer!.ExpressionAttributeValues[':answer']).toBe('already-signed');
    // The signer's signature is not touched: nobody else's request can change it.
    expect(answers().every((input) => input.Key.sk === item.sk)).toBe(true);
  });
});

describe('past the recipient’s quota', () => {
  it('no mail goes, the submission is answered with nothing and keeps nothing sealed', async () => {
    const item = await submitted();
    live(item);
    ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).callsFake(async (input: Input) => {
      if (String(input.Key.pk).startsWith('quota#')) throw conditionFailed();
      return { Attributes: { n: 1 } };
    });
    await run(() => deliver(insertOf(item)));
    expect(mails()).toHaveLength(0);
    expect(answers()[0]).toMatchObject({ UpdateExpression: 'SET answered = :answer REMOVE pii, dataKey', ExpressionAttributeValues: { ':answer': 'none' } });
  });
});

describe('redelivery and failure', () => {
  it('a submission answered before (a redelivered batch) or gone (withdrawn, expired) mails nobody', async () => {
    const item = await submitted();
    live({ ...item, answered: 'confirm' });
    await run(() => deliver(insertOf(item)));
    live(undefined);
    await run(() => deliver(insertOf(item)));
    expect(mails()).toHaveLength(0);
    expect(quotaTakes()).toHaveLength(0);
    expect(answers()).toHaveLength(0);
  });

  it('a failed mail fails the batch after the others are answered, and leaves that submission unanswered', async () => {
    const [a, b] = [await submitted(), await submitted({ email: 'levan@example.org' })];
    ddb.on(BatchGetCommand).callsFake(async (input: Input) => {
      const keys = input.RequestItems[env.SIGNATURES_TABLE].Keys as Input[];
      return { Responses: { [env.SIGNATURES_TABLE]: [a, b].filter((item) => keys.some((k) => k.sk === item!.sk)) } };
    });
    ses.on(SendEmailCommand).callsFake(async (input: Input) => {
      if (input.Destination.ToAddresses[0] === signer.email) throw Object.assign(new Error(`rejected ${signer.email}`), { name: 'MessageRejected' });
      return { MessageId: 'm' };
    });
    let failure: unknown;
    await run(() => deliver(insertOf(a!), insertOf(b!)).catch((error: unknown) => void (failure = error)));
    expect(failure).toBeInstanceOf(Error);
    expect(answers().map((input) => input.Key.sk)).toEqual([b!.sk]);
    expect(output).toContain('MessageRejected');
  });

  it('reads only INSERTs of submissions: signatures, tombstones and modified submissions pass by', async () => {
    const item = await submitted();
    live(item);
    const other = (record: DynamoDBRecord) => deliver(record);
    await run(() => other({ ...insertOf(item), eventName: 'MODIFY' }));
    await run(() => other(insertOf({ pk: item.pk, sk: item.signer, status: 'confirmed' })));
    await run(() => other(insertOf({ pk: item.pk, sk: 'withdrawn#x', status: 'withdrawn' })));
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
    expect(mails()).toHaveLength(0);
  });
});
