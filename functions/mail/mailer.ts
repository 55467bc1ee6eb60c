/**
 * Sends one mail through Amazon SES (v2 API). Where SES is, is the SDK's business: in Lambda the
 * region's endpoint; locally AWS_ENDPOINT_URL_SESV2, which the local stack points at its SES fake.
 *
 * Nothing here logs: an address or a mail body is personal data. Errors propagate unchanged so the
 * caller decides what a failed send means — but note that SES error messages can name addresses
 * (e.g. MessageRejected in the sandbox), so log the error's name, never its message.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { requireEnv } from '#lib/config.ts';
import { retrySettings, withoutSdkLogging } from '#lib/clients.ts';
import { addressOf, displayNameOf, mailbox, replyToAddress, senderName } from './headers.ts';

// Once per container, like the other AWS clients: connections and credentials are reused.
const ses = withoutSdkLogging(new SESv2Client({ ...retrySettings() }));

/** The From header, e.g. `Undersigned <no-reply@example.org>`; must be a verified SES identity. */
const from = requireEnv('MAIL_FROM');
const fromAddress = addressOf(from);
const platform = displayNameOf(from) ?? 'Undersigned';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Sent on this organisation's behalf (a signer's mail): the From display name becomes
   * "<organisation> via Undersigned", the address stays ours (./headers.ts).
   */
  organisation?: string;
  /** The organisation's public contact: Reply-To, so a signer's reply reaches the organisation. */
  replyTo?: string;
}

export async function sendMail(message: MailMessage): Promise<void> {
  // Charsets spelled out: names and titles are Georgian, Armenian, Cyrillic…, and SES would
  // otherwise assume 7-bit ASCII.
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: message.organisation ? mailbox(senderName(message.organisation, platform), fromAddress) : from,
      ...(replyToAddress(message.replyTo) ? { ReplyToAddresses: [replyToAddress(message.replyTo)!] } : {}),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
}
