/**
 * The campaign editor's pure rules: status transitions, what the public and the organisers see, the
 * input schemas, and the campaign text rendered as HTML that cannot run anything.
 */
import { describe, expect, it } from 'vitest';
import {
  closedSince,
  isOpenForSigning,
  keepsVersions,
  organiserCampaign,
  publicCampaign,
  publicStatus,
  transition,
  type Campaign,
  type CampaignStatus,
} from '#rules/campaign.ts';
import { campaignUpdateSchema, cosignSchema, deliverySchema, newCampaignSchema, statusChangeSchema } from '#rules/campaign-schema.ts';
import { campaignTextHtml } from '#rules/campaign-text.ts';

const now = new Date('2026-11-24T12:00:00Z');

function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    slug: 'free-them',
    kind: 'letter',
    title: 'Free them',
    text: 'Dear President,',
    targets: [{ name: 'The President', office: 'Office', email: 'president@example.gov' }],
    goal: 100,
    status: 'open',
    publicSigners: true,
    retentionDays: 90,
    signerFields: { country: 'required', comment: 'optional' },
    version: 1,
    orgId: 'org-1',
    shards: 16,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    openedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { status: (error as { statusCode?: number }).statusCode, code: (error as { code?: string }).code };
  }
  return undefined;
};

describe('status transitions', () => {
  const at = now.toISOString();

  it('draft → open sets openedAt; the first opening only', () => {
    expect(transition(campaign({ status: 'draft', openedAt: undefined }), 'open', now)).toEqual({ status: 'open', openedAt: at });
  });

  it('open → closed sets closedAt (the retention period runs from it)', () => {
    expect(transition(campaign(), 'closed', now)).toEqual({ status: 'closed', closedAt: at });
  });

  it('closed → open reopens: openedAt kept, closedAt removed so retention no longer runs', () => {
    expect(transition(campaign({ status: 'closed', closedAt: '2026-11-20T00:00:00Z' }), 'open', now)).toEqual({ status: 'open', closedAt: null });
  });

  it('closed → delivered', () => {
    expect(transition(campaign({ status: 'closed' }), 'delivered', now)).toEqual({ status: 'delivered' });
  });

  it('the same status again is no change', () => {
    for (const status of ['draft', 'open', 'closed', 'delivered'] as const) {
      expect(transition(campaign({ status }), status, now)).toBeUndefined();
    }
  });

  it.each<[CampaignStatus, CampaignStatus, string]>([
    ['draft', 'closed', 'invalid_transition'],
    ['draft', 'delivered', 'not_closed'],
    ['open', 'draft', 'invalid_transition'],
    ['open', 'delivered', 'not_closed'],
    ['closed', 'draft', 'invalid_transition'],
    ['delivered', 'open', 'delivered'],
    ['delivered', 'closed', 'delivered'],
    ['delivered', 'draft', 'delivered'],
  ])('%s → %s is refused with 409 %s', (from, to, code) => {
    expect(codeOf(() => transition(campaign({ status: from }), to, now))).toEqual({ status: 409, code });
  });

  it('will not open past the deadline, nor reopen a campaign whose signer data was erased', () => {
    const late = { deadline: '2026-11-24T12:00:00Z' };
    expect(codeOf(() => transition(campaign({ status: 'draft', ...late }), 'open', now))).toEqual({ status: 409, code: 'deadline_passed' });
    expect(codeOf(() => transition(campaign({ status: 'closed', ...late }), 'open', now))).toEqual({ status: 409, code: 'deadline_passed' });
    expect(transition(campaign({ status: 'draft', deadline: '2026-11-24T12:00:01Z' }), 'open', now)).toMatchObject({ status: 'open' });
    const erased = campaign({ status: 'closed', personalDataErasedAt: '2026-11-23T00:00:00Z' });
    expect(codeOf(() => transition(erased, 'open', now))).toEqual({ status: 409, code: 'erased' });
  });

  it('versions are kept once a campaign has been open, not while it is a draft that never was', () => {
    expect(keepsVersions({ status: 'draft' })).toBe(false);
    expect(keepsVersions({ status: 'open', openedAt: '2026-11-01T00:00:00Z' })).toBe(true);
    // Stored before openedAt existed: an open or closed campaign may have been read.
    expect(keepsVersions({ status: 'closed' })).toBe(true);
  });

  it('only open takes signatures; erased or past the deadline does not', () => {
    expect(isOpenForSigning(campaign(), now)).toBe(true);
    for (const status of ['draft', 'closed', 'delivered'] as const) expect(isOpenForSigning(campaign({ status }), now)).toBe(false);
    expect(isOpenForSigning(campaign({ personalDataErasedAt: '2026-11-20T00:00:00Z' }), now)).toBe(false);
    expect(isOpenForSigning(campaign({ deadline: '2026-11-24T11:59:59Z' }), now)).toBe(false);
  });

  it('retention never runs for a draft, and runs from closedAt for a delivered campaign', () => {
    expect(closedSince(campaign({ status: 'draft', deadline: '2026-01-01T00:00:00Z' }), now)).toBeUndefined();
    expect(closedSince(campaign({ status: 'delivered', closedAt: '2026-11-10T00:00:00.000Z' }), now)?.toISOString()).toBe('2026-11-10T00:00:00.000Z');
    expect(closedSince(campaign(), now)).toBeUndefined();
  });
});

describe('views', () => {
  const cosigners = [{ id: 'c1', name: 'Free Press Union', country: 'GE', website: 'https://fpu.example', signedAt: '2026-11-02T00:00:00Z' }];
  const delivery = { deliveredOn: '2026-11-23', to: 'Office of the President', method: 'in-person' as const, note: 'Boxes', recordedAt: '2026-11-23T10:00:00Z', recordedBy: 'abcd' };

  it('the public sees the status as open, closed or delivered; never target emails, the organisation or who recorded what', () => {
    expect(publicStatus(campaign(), now)).toBe('open');
    expect(publicStatus(campaign({ deadline: '2026-11-01T00:00:00Z' }), now)).toBe('closed');
    expect(publicStatus(campaign({ status: 'closed' }), now)).toBe('closed');

    const view = publicCampaign(campaign({ status: 'delivered', delivery }), 7, '2026-11-24T11:00:00Z', now, cosigners);
    expect(view).toMatchObject({
      status: 'delivered',
      count: 7,
      signerFields: { country: 'required', comment: 'optional' },
      cosigners: [{ name: 'Free Press Union', country: 'GE', website: 'https://fpu.example' }],
      delivery: { deliveredOn: '2026-11-23', to: 'Office of the President', method: 'in-person', note: 'Boxes' },
    });
    expect(view.targets).toEqual([{ name: 'The President', office: 'Office' }]);
    const wire = JSON.stringify(view);
    for (const hidden of ['president@example.gov', 'org-1', 'recordedBy', 'recordedAt', 'abcd', '"id"', 'signedAt', 'shards']) {
      expect(wire).not.toContain(hidden);
    }
  });

  it('a delivery shows only once the campaign is delivered', () => {
    expect(publicCampaign(campaign({ status: 'closed', delivery }), 0, undefined, now)).not.toHaveProperty('delivery');
  });

  it('the organisers see every field, their versions and co-signers, but no keys or organisation id', () => {
    const view = organiserCampaign(campaign({ version: 2, delivery, status: 'delivered' }), {
      count: 3,
      pending: 1,
      versions: [{ version: 1, savedAt: '2026-11-05T00:00:00Z' }],
      cosigners,
    });
    expect(view).toMatchObject({ version: 2, versions: [{ version: 1 }], cosigners, delivery, count: 3, pending: 1, retentionDays: 90 });
    expect(view.targets[0]).toMatchObject({ email: 'president@example.gov' });
    for (const internal of ['shards', 'orgId', 'pk', 'sk', 'listStatus']) expect(view).not.toHaveProperty(internal);
  });
});

describe('schemas', () => {
  const valid = { slug: 'free-them', kind: 'letter', title: 'Free them', text: 'Dear President,', targets: [{ name: 'P' }], goal: 10 };
  const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string; keys?: string[] }[] } }) =>
    result.success ? [] : [...new Set(result.error!.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys! : [i.path.join('.')])))].sort();

  it('create: draft by default, defaults filled in, 1–20 targets', () => {
    expect(newCampaignSchema.parse(valid)).toMatchObject({
      status: 'draft',
      publicSigners: false,
      retentionDays: 90,
      signerFields: { country: 'required', comment: 'optional' },
    });
    expect(fieldsOf(newCampaignSchema.safeParse({ ...valid, targets: Array.from({ length: 21 }, () => ({ name: 'x' })) }))).toEqual(['targets']);
    expect(fieldsOf(newCampaignSchema.safeParse({ ...valid, signerFields: { country: 'optional' } }))).toEqual(['signerFields.comment']);
  });

  it('update: any editable field alone; never slug, kind or status; null clears the deadline', () => {
    expect(campaignUpdateSchema.parse({})).toEqual({});
    expect(campaignUpdateSchema.parse({ title: ' New ' })).toEqual({ title: 'New' });
    expect(campaignUpdateSchema.parse({ deadline: null })).toEqual({ deadline: null });
    expect(fieldsOf(campaignUpdateSchema.safeParse({ slug: 'x', kind: 'petition', status: 'open' }))).toEqual(['kind', 'slug', 'status']);
    expect(fieldsOf(campaignUpdateSchema.safeParse({ title: '', goal: 0, signerFields: { country: 'x', comment: 'off' } }))).toEqual([
      'goal',
      'signerFields.country',
      'title',
    ]);
  });

  it('status: open or closed only (delivery has its own route)', () => {
    expect(statusChangeSchema.safeParse({ status: 'open' }).success).toBe(true);
    for (const status of ['draft', 'delivered', 'OPEN', undefined]) expect(fieldsOf(statusChangeSchema.safeParse({ status }))).toEqual(['status']);
  });

  it('delivery: a real calendar day, a recipient and a known method', () => {
    expect(deliverySchema.parse({ deliveredOn: '2026-11-24', to: ' Office ', method: 'post' })).toEqual({ deliveredOn: '2026-11-24', to: 'Office', method: 'post' });
    expect(fieldsOf(deliverySchema.safeParse({ deliveredOn: '2026-02-30', to: '', method: 'pigeon' }))).toEqual(['deliveredOn', 'method', 'to']);
    for (const day of ['24.11.2026', '2026-11-24T00:00:00Z', '2026-13-01', '']) {
      expect(fieldsOf(deliverySchema.safeParse({ deliveredOn: day, to: 'x', method: 'email' }))).toEqual(['deliveredOn']);
    }
  });

  it('co-signing: the token shape, a name without markup, a real country, and an http(s) website only', () => {
    const token = 'A'.repeat(43);
    expect(cosignSchema.parse({ token, name: '  Free  Press Union ', country: 'ge', website: 'https://fpu.example/about' })).toEqual({
      token,
      name: 'Free Press Union',
      country: 'GE',
      website: 'https://fpu.example/about',
    });
    for (const website of ['javascript:alert(1)', 'data:text/html,<script>x</script>', 'ftp://fpu.example', '//fpu.example', 'fpu', 'https://localhost']) {
      expect(fieldsOf(cosignSchema.safeParse({ token, name: 'FPU', country: 'GE', website }))).toEqual(['website']);
    }
    expect(fieldsOf(cosignSchema.safeParse({ token: 'short', name: '<b>x</b>', country: 'XX' }))).toEqual(['country', 'name', 'token']);
  });
});

describe('campaign text as HTML', () => {
  it('renders the markdown subset', () => {
    const html = campaignTextHtml('# To the Minister\n\nWe ask **you** to _act_:\n\n1. release them\n2. drop the charges\n\n> Justice delayed\n\nSee [the report](https://example.org/report) or write to <mailto:info@example.org>.\nA line  \nbreak.');
    expect(html).toBe(
      [
        '<h2>To the Minister</h2>',
        '<p>We ask <strong>you</strong> to <em>act</em>:</p>',
        '<ol>\n<li>release them</li>\n<li>drop the charges</li>\n</ol>',
        '<blockquote>\n<p>Justice delayed</p>\n</blockquote>',
        '<p>See <a href="https://example.org/report" rel="noopener noreferrer nofollow">the report</a> or write to ' +
          '<a href="mailto:info@example.org" rel="noopener noreferrer nofollow">mailto:info@example.org</a>.\nA line<br />\nbreak.</p>',
      ].join('\n'),
    );
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['raw HTML with an event handler', 'Hello <b onclick="alert(1)">there</b> <iframe src="https://evil.example"></iframe>'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['a javascript: link in odd case and entities', '[click](JaVaScRiPt:alert(1)) [x](&#106;avascript:alert(1)) [y]( javascript:alert(1))'],
    ['a raw javascript: anchor', '<a href="javascript:alert(1)">click</a>'],
    ['a data: URL link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a data: URL image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
    ['a vbscript: link', '[v](vbscript:msgbox(1))'],
    ['an autolink with javascript:', '<javascript:alert(1)>'],
    ['a style tag', '<style>body{display:none}</style>'],
    ['an svg', '<svg onload="alert(1)"><circle /></svg>'],
  ])('%s is inert', (_label, markdown) => {
    const html = campaignTextHtml(markdown);
    // No element other than the allow-listed ones, no attribute but href and rel on links…
    for (const [, tag] of html.matchAll(/<\/?([a-z0-9]+)/gi)) expect(['p', 'h2', 'h3', 'h4', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'blockquote', 'br']).toContain(tag);
    for (const [, attribute] of html.matchAll(/<[a-z0-9]+\s+([^>]*?)\/?>/gi)) {
      for (const [, name] of attribute!.matchAll(/([a-z-]+)=/gi)) expect(['href', 'rel']).toContain(name);
    }
    // …and every link goes to http(s) or mailto.
    for (const [, href] of html.matchAll(/<a [^>]*href="([^"]*)"/g)) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
    expect(html).not.toMatch(/<(script|img|iframe|style|svg)/i);
    expect(html).not.toMatch(/<a [^>]*href="(javascript|data|vbscript):/i);
  });

  it('raw HTML is shown as text, not dropped: the organiser sees what they wrote', () => {
    expect(campaignTextHtml('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });

  it('relative and protocol-relative links lose their address but keep their text', () => {
    expect(campaignTextHtml('[a](/admin) [b](//evil.example)')).toBe(
      '<p><a rel="noopener noreferrer nofollow">a</a> <a rel="noopener noreferrer nofollow">b</a></p>',
    );
  });

  it('headings sit below the page title; an image alone leaves no empty paragraph', () => {
    expect(campaignTextHtml('# One\n\n###### Six')).toBe('<h2>One</h2>\n<h4>Six</h4>');
    expect(campaignTextHtml('![alt](https://example.org/a.png)\n\nText')).toBe('<p>Text</p>');
    expect(campaignTextHtml('[only a link](https://example.org)')).toBe('<p><a href="https://example.org" rel="noopener noreferrer nofollow">only a link</a></p>');
  });
});
