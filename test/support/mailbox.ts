/**
 * For integration tests: the mail the platform sent, read back from the SES fake (aws-ses-v2-local)
 * through its `GET /store`, and the signature links inside it. Also a standalone fake for tests that
 * do not start the whole local stack.
 */
import { startLocalSes } from '../../infra/local/mail.ts';

/** One message as the SES fake keeps it (its `GET /store` → `emails[]`). */
export interface MailboxMessage {
  messageId: string;
  /** The From address exactly as sent, e.g. `Undersigned <no-reply@undersigned.local>`. */
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  /** When the fake received it, in whole epoch seconds. */
  at: number;
}

export interface SignatureLink {
  slug: string;
  id: string;
  token: string;
  url: string;
}

/** A fresh SES fake on a free loopback port, with a mailbox of its own. */
export async function startMailbox(): Promise<{ url: string; stop(): Promise<void> }> {
  const ses = await startLocalSes();
  return { url: ses.url, stop: ses.stop };
}

/** Every message in the mailbox, oldest first; with `since`, those received in or after its second. */
export async function readMailbox(mailboxUrl: string, since?: Date): Promise<MailboxMessage[]> {
  const query = since ? `?since=${epochSeconds(since)}` : '';
  const response = await fetch(`${mailboxUrl}/store${query}`);
  if (!response.ok) throw new Error(`GET ${mailboxUrl}/store answered ${response.status}.`);
  return ((await response.json()) as { emails: MailboxMessage[] }).emails;
}

export interface MailQuery {
  /** The recipient's address (compared case-insensitively, with or without a display name). */
  to: string;
  subjectIncludes?: string;
  /**
   * Only messages received at or after this time. The fake stamps whole seconds, so a message from
   * earlier in the same second also matches: tell such messages apart by subject or recipient.
   */
  after?: Date;
  timeoutMs?: number;
}

/**
 * Polls until a matching message arrives and returns the newest match. On timeout the error says
 * what was awaited and how many other messages there were, but not what they said or to whom.
 */
export async function waitForMail(mailboxUrl: string, query: MailQuery): Promise<MailboxMessage> {
  const timeoutMs = query.timeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  const wanted = query.to.toLowerCase();
  let seen = 0;
  for (;;) {
    const messages = await readMailbox(mailboxUrl, query.after);
    seen = messages.length;
    const match = messages
      .filter(
        (m) =>
          m.destination.to.some((to) => address(to) === wanted) &&
          (query.subjectIncludes === undefined || m.subject.includes(query.subjectIncludes)),
      )
      .at(-1);
    if (match) return match;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const what = [
    `to ${query.to}`,
    query.subjectIncludes === undefined ? '' : ` with a subject containing "${query.subjectIncludes}"`,
    query.after ? ` received since ${query.after.toISOString()}` : '',
  ].join('');
  throw new Error(
    `No mail ${what} arrived at ${mailboxUrl} within ${timeoutMs} ms ` +
      `(${seen} other message${seen === 1 ? '' : 's'} in that time range).`,
  );
}

/**
 * The confirm and withdraw links in a message's text part, in the form signatureLinks() writes:
 * `<site>/#/p/<slug>/(confirm|withdraw)/<id>/<token>`, each segment URI-encoded.
 */
export function linksIn(message: MailboxMessage): { confirm?: SignatureLink; withdraw?: SignatureLink } {
  const links: { confirm?: SignatureLink; withdraw?: SignatureLink } = {};
  const pattern = /\S*#\/p\/([^/\s]+)\/(confirm|withdraw)\/([^/\s]+)\/([^/\s]+)/g;
  for (const [url, slug, action, id, token] of (message.body.text ?? '').matchAll(pattern)) {
    links[action as 'confirm' | 'withdraw'] ??= {
      slug: decodeURIComponent(slug!),
      id: decodeURIComponent(id!),
      token: decodeURIComponent(token!),
      url,
    };
  }
  return links;
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** `Name <a@b>` or `a@b` → `a@b`, lower-cased. */
function address(recipient: string): string {
  return (/<([^>]+)>\s*$/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
}
