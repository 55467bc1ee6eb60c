/**
 * The mailer against the real SES fake, found the way the local stack points handlers at it: only
 * through AWS_ENDPOINT_URL_SESV2. Also the test helpers that read the mail back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linksIn, readMailbox, startMailbox, waitForMail } from '../support/mailbox.ts';
import { confirmationMail, signatureLinks } from '#mail/templates.ts';

const MAIL_FROM = 'Undersigned <no-reply@undersigned.local>';
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let sendMail: typeof import('#mail/mailer.ts').sendMail;

beforeAll(async () => {
  mailbox = await startMailbox();
  // No generic AWS_ENDPOINT_URL: the service-specific variable alone must lead the SDK to the fake.
  delete process.env.AWS_ENDPOINT_URL;
  Object.assign(process.env, {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SESV2: mailbox.url,
    MAIL_FROM,
  });
  ({ sendMail } = await import('#mail/mailer.ts'));
});

afterAll(async () => {
  await mailbox?.stop();
});

describe('mail through the SES fake', () => {
  it('delivers a Georgian confirmation mail whose links the helpers read back', async () => {
    const before = new Date();
    const title = 'ნინო ბერიძის გათავისუფლება';
    const links = signatureLinks('http://127.0.0.1:3000', 'free-nino', 'sig-42', 'Zm9v_YmFy-dG9r');
    const mail = confirmationMail({ title, links, expiresInDays: 7 });

    await sendMail({ to: 'nino@example.org', ...mail });

    const received = await waitForMail(mailbox.url, { to: 'nino@example.org', subjectIncludes: title, after: before });
    expect(received.from).toBe(MAIL_FROM);
    expect(received.destination.to).toEqual(['nino@example.org']);
    expect(received.subject).toBe(mail.subject);
    expect(received.body).toEqual({ text: mail.text, html: mail.html });
    expect(linksIn(received)).toEqual({
      confirm: { slug: 'free-nino', id: 'sig-42', token: 'Zm9v_YmFy-dG9r', url: links.confirm },
      withdraw: { slug: 'free-nino', id: 'sig-42', token: 'Zm9v_YmFy-dG9r', url: links.withdraw },
    });
  });

  it('decodes encoded link segments', async () => {
    const links = signatureLinks('http://127.0.0.1:3000', 'a b', 'id/1', 'tok%en');
    await sendMail({ to: 'levan@example.org', ...confirmationMail({ title: 'Encoded', links, expiresInDays: 3 }) });
    const received = await waitForMail(mailbox.url, { to: 'LEVAN@example.org', subjectIncludes: 'Encoded' });
    expect(linksIn(received).confirm).toMatchObject({ slug: 'a b', id: 'id/1', token: 'tok%en' });
  });

  it('times out naming what it waited for, without showing anyone else’s mail', async () => {
    await sendMail({ to: 'anush@example.org', subject: 'Private subject', text: 'private text', html: '<p>private</p>' });
    const error = await waitForMail(mailbox.url, { to: 'nobody@example.org', subjectIncludes: 'Hello', timeoutMs: 200 }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const text = (error as Error).message;
    expect(text).toContain('nobody@example.org');
    expect(text).toContain('"Hello"');
    expect(text).not.toMatch(/anush|Private|private|nino|levan/i);
  });

  it('keeps every message, oldest first', async () => {
    const messages = await readMailbox(mailbox.url);
    expect(messages.map((m) => m.destination.to[0])).toEqual(['nino@example.org', 'levan@example.org', 'anush@example.org']);
    expect(typeof messages[0]!.at).toBe('number');
  });
});
