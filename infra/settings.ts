/**
 * What a deployment must be told, read from CDK context (`cdk deploy -c mailFrom=… -c alarmEmail=…`,
 * or the `context` of cdk.json / cdk.context.json) and checked before anything is built: a stack that
 * would mail from `example.org`, link to `localhost` or send its alarms nowhere refuses to synthesise,
 * naming every setting to fix, instead of failing when the first mail bounces.
 *
 * The local stack (infra/local) never builds this CDK stack, so it needs none of these.
 */

/** The context keys an operator sets; the README's deploy section explains each. */
export const CONTEXT_KEYS = {
  mailFrom: 'mailFrom',
  alarmEmail: 'alarmEmail',
  siteUrl: 'siteUrl',
  domainName: 'domainName',
  certificateArn: 'certificateArn',
  hostedZoneId: 'hostedZoneId',
  hostedZoneName: 'hostedZoneName',
  accountConcurrency: 'accountConcurrency',
} as const;

export interface CustomDomain {
  /** `petitions.example-ngo.org`: CloudFront answers to it, with the certificate below. */
  readonly domainName: string;
  /** An ACM certificate in us-east-1 covering `domainName` (CloudFront only reads certificates there). */
  readonly certificateArn: string;
  /** A Route 53 hosted zone to put the alias records in; without it the operator adds a CNAME by hand. */
  readonly hostedZone?: { readonly id: string; readonly name: string };
}

export interface DeploySettings {
  /** Sender of every mail, `Name <address>` or an address; its domain must be verified in SES. */
  readonly mailFrom: string;
  /** Where the alarm topic sends its mail (one subscription, confirmed from the first mail). */
  readonly alarmEmail: string;
  /** Public address of the site when it differs from the custom domain or the CloudFront address. */
  readonly siteUrl?: string;
  readonly domain?: CustomDomain;
  /** The account's Lambda concurrency quota (default 1,000); below what the reservations need, none are made. */
  readonly accountConcurrency: number;
}

/** Raw values, as context or stack props give them. */
export type RawSettings = Partial<Record<keyof typeof CONTEXT_KEYS, unknown>>;

/** Domains that are never a real sender or site: RFC 2606 / 6761 names and loopback. */
const PLACEHOLDER_DOMAIN = /(^|\.)(example\.(org|com|net)|example|test|invalid|localhost|local)$/i;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;
const EMAIL = /^[^\s@<>]+@([^\s@<>]+\.[^\s@<>]+)$/;
/** arn:aws:acm:us-east-1:123456789012:certificate/uuid (any partition). */
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A deployment's settings are missing or wrong; the message lists each, with its context key. */
export class DeploySettingsError extends Error {
  override name = 'DeploySettingsError';
}

/** The address inside `Name <a@b.org>`, or the whole value. */
export function senderAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
}

const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
};

/**
 * Checks every setting and returns them, or throws one error that lists each problem with the
 * context key that fixes it.
 */
export function deploySettings(raw: RawSettings): DeploySettings {
  const problems: string[] = [];
  const flag = (key: keyof typeof CONTEXT_KEYS, why: string) => problems.push(`  -c ${CONTEXT_KEYS[key]}=…   ${why}`);

  const mailFrom = text(raw.mailFrom);
  if (!mailFrom) flag('mailFrom', 'is not set: the sender of every mail, e.g. "Undersigned <no-reply@petitions.your-org.org>"');
  else {
    const domain = EMAIL.exec(senderAddress(mailFrom))?.[1];
    if (!domain) flag('mailFrom', `"${mailFrom}" holds no email address`);
    else if (PLACEHOLDER_DOMAIN.test(domain)) flag('mailFrom', `"${mailFrom}" is a placeholder: mail from ${domain} bounces; use an address of a domain verified in SES`);
  }

  const alarmEmail = text(raw.alarmEmail);
  if (!alarmEmail) flag('alarmEmail', 'is not set: who is mailed when an alarm fires (dead letters, errors, 5xx, bounces)');
  else {
    const domain = EMAIL.exec(alarmEmail)?.[1];
    if (!domain) flag('alarmEmail', `"${alarmEmail}" is not an email address`);
    else if (PLACEHOLDER_DOMAIN.test(domain)) flag('alarmEmail', `"${alarmEmail}" is a placeholder: nobody would read the alarms`);
  }

  const siteUrl = text(raw.siteUrl);
  if (siteUrl) {
    let url: URL | undefined;
    try {
      url = new URL(siteUrl);
    } catch {
      flag('siteUrl', `"${siteUrl}" is not a URL`);
    }
    if (url) {
      if (url.protocol !== 'https:') flag('siteUrl', `"${siteUrl}" must be https: mails link to it`);
      else if (LOOPBACK_HOST.test(url.hostname) || PLACEHOLDER_DOMAIN.test(url.hostname)) {
        flag('siteUrl', `"${siteUrl}" points at the local stack or a placeholder; leave it unset to use the domain or the CloudFront address`);
      }
    }
  }

  const domainName = text(raw.domainName);
  const certificateArn = text(raw.certificateArn);
  const hostedZoneId = text(raw.hostedZoneId);
  const hostedZoneName = text(raw.hostedZoneName);
  let domain: CustomDomain | undefined;
  if (domainName || certificateArn) {
    if (!domainName) flag('domainName', 'is needed with certificateArn: the name CloudFront answers to');
    else if (!DOMAIN_NAME.test(domainName)) flag('domainName', `"${domainName}" is not a domain name`);
    else if (PLACEHOLDER_DOMAIN.test(domainName)) flag('domainName', `"${domainName}" is a placeholder`);
    if (!certificateArn) flag('certificateArn', 'is needed with domainName: an ACM certificate in us-east-1 covering it');
    else {
      const region = CERTIFICATE_ARN.exec(certificateArn)?.[1];
      if (!region) flag('certificateArn', `"${certificateArn}" is not an ACM certificate ARN`);
      else if (region !== 'us-east-1') {
        flag('certificateArn', `"${certificateArn}" is in ${region}: CloudFront only uses certificates from us-east-1; request or import it there`);
      }
    }
    if (Boolean(hostedZoneId) !== Boolean(hostedZoneName)) {
      flag(hostedZoneId ? 'hostedZoneName' : 'hostedZoneId', 'hostedZoneId and hostedZoneName go together (the Route 53 zone for the alias records)');
    } else if (hostedZoneName && domainName && !`.${domainName.toLowerCase()}`.endsWith(`.${hostedZoneName.toLowerCase().replace(/\.$/, '')}`)) {
      flag('hostedZoneName', `"${hostedZoneName}" does not contain ${domainName}`);
    }
    if (domainName && certificateArn) {
      domain = { domainName, certificateArn, ...(hostedZoneId && hostedZoneName ? { hostedZone: { id: hostedZoneId, name: hostedZoneName } } : {}) };
    }
  } else if (hostedZoneId || hostedZoneName) {
    flag('domainName', 'is needed when a hosted zone is given');
  }

  const concurrencyRaw = text(raw.accountConcurrency);
  const accountConcurrency = concurrencyRaw === undefined ? 1000 : Number(concurrencyRaw);
  if (!Number.isInteger(accountConcurrency) || accountConcurrency < 1) {
    flag('accountConcurrency', `"${concurrencyRaw}" is not a positive whole number (the account's Lambda concurrent executions quota)`);
  }

  if (problems.length > 0) {
    throw new DeploySettingsError(
      `Undersigned cannot be deployed with these settings (the local stack, npm start, needs none of them):\n${problems.join('\n')}\n` +
        'Set them with -c on cdk synth/deploy or in cdk.context.json; the README\'s "Deploy to AWS" section explains each.',
    );
  }
  return { mailFrom: mailFrom!, alarmEmail: alarmEmail!, ...(siteUrl ? { siteUrl } : {}), ...(domain ? { domain } : {}), accountConcurrency };
}
