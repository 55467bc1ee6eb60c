/**
 * sendMail with SES mocked: exactly what it asks SES to send, that SES errors reach the caller, and
 * that it says nothing about the mail anywhere.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const MAIL_FROM = 'Undersigned <no-reply@undersigned.test>';
Object.assign(process.env, unitEnv, { MAIL_FROM });

const { sendMail } = await import('#mail/mailer.ts');

const ses = mockClient(SESv2Client);

const message = {
  to: 'nino@example.org',
  subject: 'გთხოვთ, დაადასტუროთ ხელმოწერა',
  text: 'Անուշ Սարգսյան — подтвердите подпись',
  html: '<p>Անուշ Սարգսյան — подтвердите подпись</p>',
};

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sendMail', () => {
  it('sends one simple mail from MAIL_FROM to the address, every part as UTF-8', async () => {
    await sendMail(message);

    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      FromEmailAddress: MAIL_FROM,
      Destination: { ToAddresses: ['nino@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
    });
  });

  it('lets an SES error reach the caller unchanged', async () => {
    const rejected = new MessageRejected({ message: 'Email address is not verified.', $metadata: {} });
    ses.on(SendEmailCommand).rejects(rejected);

    await expect(sendMail(message)).rejects.toBe(rejected);
  });

  it('logs neither the address nor the contents', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' ')));
    }

    await sendMail(message);
    ses.on(SendEmailCommand).rejects(new Error('throttled'));
    await sendMail(message).catch(() => undefined);

    expect(written).toEqual([]);
  });
});

describe('loading the mailer', () => {
  it('fails at once when MAIL_FROM is missing', async () => {
    vi.resetModules();
    const saved = process.env.MAIL_FROM;
    delete process.env.MAIL_FROM;
    try {
      await expect(import('#mail/mailer.ts')).rejects.toThrow(/MAIL_FROM/);
    } finally {
      process.env.MAIL_FROM = saved;
    }
  });
});
