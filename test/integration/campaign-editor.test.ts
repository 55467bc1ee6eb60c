/**
 * The campaign editor against the real engines, through the local API server: a campaign's life
 * (draft → open → edited → closed → delivered) with its text versions, co-signing organisations by
 * single-use invitation, who may do what (viewer, another organisation), and the live dashboard fed
 * by the stream consumer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SITE_URL, useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { rawItems } from '../support/raw-items.ts';
import { signLikeBrowser } from '../support/signer.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let owner: TestOrganiser;
let editor: TestOrganiser;
let viewer: TestOrganiser;
let stranger: TestOrganiser;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  ({ drain } = (await env.signatureStream()).mailInBackground());
  owner = await newOrganisation('Coalition for Defenders');
  editor = await newMember(owner.orgId, 'editor');
  viewer = await newMember(owner.orgId, 'viewer');
  stranger = await newOrganisation('Another Coalition');
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const as = (who: TestOrganiser) => ({
  get: (path: string) => api.call('GET', path, undefined, who.headers),
  post: (path: string, body: unknown = {}) => api.call('POST', path, body, who.headers),
  patch: (path: string, body: unknown) => api.call('PATCH', path, body, who.headers),
});
const publicPage = (slug: string) => api.call('GET', `/api/campaigns/${slug}`);

/** Signs and confirms through the mailed link, as a supporter would. */
async function signAndConfirm(slug: string, signer: { name: string; email: string; country?: string }) {
  const sent = new Date();
  expect((await signLikeBrowser(api.call, slug, signer)).status).toBe(202);
  const { confirm, withdraw } = linksIn(await waitForMail(env.mailbox, { to: signer.email, after: sent }));
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
  return withdraw!;
}

describe("a campaign's life", () => {
  const slug = 'release-the-defenders';

  it('draft → edit (no version) → open → edit (version 2 keeps the old text) → close → deliver, and the public page follows', async () => {
    // Created as a draft: invisible to the public, not signable, not listed.
    const created = await as(editor).post('/api/org/campaigns', campaign(slug, { status: undefined, text: 'First draft' }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug, status: 'draft', version: 1, versions: [], cosigners: [], count: 0 });
    // Nothing public tells that a draft with this slug exists.
    expect((await publicPage(slug)).status).toBe(404);
    expect((await api.call('GET', `/api/campaigns/${slug}/count`)).status).toBe(404);
    expect((await api.call('GET', `/api/campaigns/${slug}/signers`)).status).toBe(404);
    expect((await signLikeBrowser(api.call, slug, { name: 'Early Bird', email: 'early@example.org', country: 'GE' })).status).toBe(404);

    // A draft's text changes freely: nobody has read it.
    const drafted = await as(editor).patch(`/api/org/campaigns/${slug}`, { text: 'Second draft', goal: 250 });
    expect(drafted.status).toBe(200);
    expect(drafted.json).toMatchObject({ text: 'Second draft', goal: 250, version: 1, versions: [] });

    const opened = await as(editor).post(`/api/org/campaigns/${slug}/status`, { status: 'open' });
    expect(opened.status).toBe(200);
    expect(opened.json.status).toBe('open');
    expect(Date.parse(opened.json.openedAt)).not.toBeNaN();
    const page = await publicPage(slug);
    expect(page.json).toMatchObject({ status: 'open', text: 'Second draft', textHtml: '<p>Second draft</p>', cosigners: [], count: 0 });
    expect((await api.call('GET', `/api/campaigns/${slug}/count`)).json).toMatchObject({ count: 0 });
    expect((await api.call('GET', '/api/campaigns')).json.items.map((i: { slug: string }) => i.slug)).toContain(slug);

    // Signers may have read it now: a new text keeps the old one as version 1.
    const edited = await as(editor).patch(`/api/org/campaigns/${slug}`, { title: 'Release the defenders now', text: '**Final** text' });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ title: 'Release the defenders now', version: 2, versions: [{ version: 1 }] });
    const [kept] = await rawItems(env.tables.PETITIONS_TABLE!, slug).then((items) => items.filter((item) => String(item.sk).startsWith('VERSION#')));
    expect(kept).toMatchObject({ sk: 'VERSION#0001', version: 1, title: 'Release the defenders', text: 'Second draft' });
    expect(kept!.savedBy).toMatch(/^[0-9a-f]{16}$/);
    // Rendered by the page publisher (a stream consumer this test does not run): until then the new
    // text as plain paragraphs, never the old text's HTML (test/integration/campaign-pages.test.ts).
    expect((await publicPage(slug)).json).toMatchObject({ text: '**Final** text', textHtml: '<p>**Final** text</p>' });
    // A change that is not to title or text makes no version.
    expect((await as(editor).patch(`/api/org/campaigns/${slug}`, { goal: 300 })).json).toMatchObject({ goal: 300, version: 2 });

    // A signature records the text version it was given.
    await signAndConfirm(slug, { name: 'Nino Beridze', email: 'nino@example.org', country: 'GE' });
    // The signature, beside the spent submission it was confirmed from.
    const signatures = (await rawItems(env.tables.SIGNATURES_TABLE!, `${slug}#`)).filter((item) => !String(item.sk).startsWith('sub#'));
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ textVersion: 2, status: 'confirmed' });

    // Delivery needs a closed campaign.
    const delivery = { deliveredOn: '2026-11-24', to: 'Office of the President', method: 'in-person', note: 'Handed over at the gate.' };
    const early = await as(editor).post(`/api/org/campaigns/${slug}/delivery`, delivery);
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('not_closed');

    const closed = await as(editor).post(`/api/org/campaigns/${slug}/status`, { status: 'closed' });
    expect(closed.json).toMatchObject({ status: 'closed' });
    expect(Date.parse(closed.json.closedAt)).not.toBeNaN();
    expect((await publicPage(slug)).json.status).toBe('closed');
    expect((await api.call('GET', '/api/campaigns')).json.items.map((i: { slug: string }) => i.slug)).not.toContain(slug);

    const delivered = await as(editor).post(`/api/org/campaigns/${slug}/delivery`, delivery);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toMatchObject({ status: 'delivered', delivery: { ...delivery, recordedBy: expect.stringMatching(/^[0-9a-f]{16}$/) } });

    const shown = await publicPage(slug);
    expect(shown.json).toMatchObject({ status: 'delivered', delivery });
    expect(shown.text).not.toContain('recordedBy');

    // Delivered is final.
    for (const attempt of [
      () => as(editor).post(`/api/org/campaigns/${slug}/delivery`, { ...delivery, note: 'Changed my mind' }),
      () => as(editor).post(`/api/org/campaigns/${slug}/status`, { status: 'open' }),
      () => as(editor).post(`/api/org/campaigns/${slug}/status`, { status: 'closed' }),
      () => as(editor).patch(`/api/org/campaigns/${slug}`, { text: 'Rewritten after delivery' }),
    ]) {
      const response = await attempt();
      expect(response.status).toBe(409);
      expect(response.json.error.code).toBe('delivered');
    }
    expect((await publicPage(slug)).json).toMatchObject({ status: 'delivered', delivery, text: '**Final** text' });
  });

  it('a reopened campaign loses closedAt, so retention does not run while it is open', async () => {
    const reopen = 'reopen-me';
    await as(editor).post('/api/org/campaigns', campaign(reopen));
    // Counted signatures, as the stream would have left them: reopening must keep them.
    const { addCorrection } = await import('#store/counts.ts');
    await addCorrection(reopen, { total: 5, pending: 1, countries: { GE: 5 } });
    await as(editor).post(`/api/org/campaigns/${reopen}/status`, { status: 'closed' });
    const again = await as(editor).post(`/api/org/campaigns/${reopen}/status`, { status: 'open' });
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('open');
    expect(again.json).not.toHaveProperty('closedAt');
    const [meta] = (await rawItems(env.tables.PETITIONS_TABLE!, reopen)).filter((item) => item.sk === 'META');
    expect(meta).not.toHaveProperty('closedAt');
    expect(meta).toMatchObject({ listStatus: 'open' });
    expect((await api.call('GET', `/api/campaigns/${reopen}/count`)).json).toMatchObject({ count: 5 });
    expect((await as(viewer).get(`/api/org/campaigns/${reopen}`)).json).toMatchObject({ count: 5, pending: 1 });
  });

  it('refuses a stale write: an edit based on an outdated read gets 409, nothing lost', async () => {
    const slugC = 'two-editors';
    await as(editor).post('/api/org/campaigns', campaign(slugC));
    const { getCampaign, updateCampaign } = await import('#store/campaigns.ts');
    const read = (await getCampaign(slugC))!;
    await updateCampaign(read, { title: 'First editor' }, { keepVersion: true, by: 'a', now: new Date() });
    await expect(updateCampaign(read, { title: 'Second editor' }, { keepVersion: true, by: 'b', now: new Date() })).rejects.toMatchObject({
      statusCode: 409,
      code: 'changed',
    });
    const after = (await as(editor).get(`/api/org/campaigns/${slugC}`)).json;
    expect(after).toMatchObject({ title: 'First editor', version: 2, versions: [{ version: 1 }] });
  });
});

describe('the original language', () => {
  const slug = 'tavisupleba-zhurnalistebs';
  const RUSSIAN = { title: 'Свободу журналистам', text: 'Уважаемый президент!' };

  it('is chosen at creation, changes while a draft, is named by the public page’s translations, and is fixed once open and translated', async () => {
    const created = await as(editor).post('/api/org/campaigns', campaign(slug, { status: undefined, title: 'თავისუფლება ჟურნალისტებს', text: 'ბატონო პრეზიდენტო', language: 'hy' }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'draft', language: 'hy' });
    // A draft's language changes freely, also with a translation (into another language) already made.
    expect((await api.call('PUT', `/api/org/campaigns/${slug}/translations/ru`, RUSSIAN, editor.headers)).status).toBe(200);
    const relabelled = await as(editor).patch(`/api/org/campaigns/${slug}`, { language: 'ka' });
    expect(relabelled.status).toBe(200);
    expect(relabelled.json).toMatchObject({ language: 'ka', version: 1 });
    expect((await as(editor).get(`/api/org/campaigns/${slug}`)).json.language).toBe('ka');

    expect((await as(editor).post(`/api/org/campaigns/${slug}/status`, { status: 'open' })).status).toBe(200);
    // Russian readers are told it is translated from Georgian, not from English.
    expect((await api.call('GET', `/api/campaigns/${slug}?lang=ru`)).json).toMatchObject({ title: RUSSIAN.title, language: 'ru', originalLanguage: 'ka', languages: ['ka', 'ru'] });

    // Open and translated: the translation was made from the Georgian, so the label stays; a field error says so, in the asker's language.
    const refused = await api.call('PATCH', `/api/org/campaigns/${slug}`, { language: 'en' }, { ...editor.headers, 'accept-language': 'ka' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.json.error.fields)).toEqual(['language']);
    expect(refused.json.error.fields.language).toMatch(/ორიგინალის ენის შეცვლა აღარ შეიძლება/);
    expect((await as(editor).get(`/api/org/campaigns/${slug}`)).json.language).toBe('ka');

    // Without translations, an open campaign's mislabelled language may still be put right.
    expect((await api.call('DELETE', `/api/org/campaigns/${slug}/translations/ru`, undefined, editor.headers)).status).toBe(200);
    const corrected = await as(editor).patch(`/api/org/campaigns/${slug}`, { language: 'hy' });
    expect(corrected.status).toBe(200);
    expect((await publicPage(slug)).json).toMatchObject({ language: 'hy', languages: ['hy'] });
  });
});

describe('co-signing organisations', () => {
  const slug = 'coalition-letter';

  it('an invitation works once; the co-signer shows on the public page; the table keeps only the hash', async () => {
    await as(editor).post('/api/org/campaigns', campaign(slug));
    const invite = await as(editor).post(`/api/org/campaigns/${slug}/cosign-invites`, {});
    expect(invite.status).toBe(201);
    const match = new RegExp(`^${TEST_SITE_URL}/#/p/${slug}/cosign/([A-Za-z0-9_-]{43})$`).exec(invite.json.url);
    expect(match).not.toBeNull();
    const token = match![1]!;
    const days = (Date.parse(invite.json.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(JSON.stringify(await rawItems(env.tables.PETITIONS_TABLE!, slug))).not.toContain(token);

    // Opening the link shows the letter it asks to sign, and spends nothing, however often.
    const before = JSON.stringify(await rawItems(env.tables.PETITIONS_TABLE!, slug));
    for (let i = 0; i < 3; i++) {
      const preview = await api.call('POST', `/api/campaigns/${slug}/cosigners/preview`, { token });
      expect(preview.status).toBe(200);
      expect(preview.json).toEqual({
        slug,
        kind: 'letter',
        status: 'open',
        title: 'Release the defenders',
        targets: [{ name: 'The President', office: 'Office of the President' }],
        text: 'Dear President,\n\nRelease them.',
        textHtml: '<p>Dear President,</p>\n<p>Release them.</p>',
        language: 'en',
        // Kept to the second, as DynamoDB's TTL keeps it.
        expiresAt: new Date(Math.floor(Date.parse(invite.json.expiresAt) / 1000) * 1000).toISOString(),
      });
    }
    expect(JSON.stringify(await rawItems(env.tables.PETITIONS_TABLE!, slug))).toBe(before);

    const body = { token, name: 'Free Press Union', country: 'ge', website: 'https://fpu.example' };
    const signed = await api.call('POST', `/api/campaigns/${slug}/cosigners`, body);
    expect(signed.status).toBe(201);
    expect(signed.json).toEqual({ name: 'Free Press Union', country: 'GE', website: 'https://fpu.example' });

    const again = await api.call('POST', `/api/campaigns/${slug}/cosigners`, { ...body, name: 'Impostor' });
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe('invalid_invite');
    // Opening the link afterwards says at once that it was used, in the reader's language.
    const used = await api.call('POST', `/api/campaigns/${slug}/cosigners/preview`, { token }, { 'accept-language': 'ka' });
    expect(used.status).toBe(404);
    expect(used.json.error.code).toBe('invalid_invite');
    expect(used.json.error.message).toMatch(/[\u10D0-\u10FF]/);

    expect((await publicPage(slug)).json.cosigners).toEqual([{ name: 'Free Press Union', country: 'GE', website: 'https://fpu.example' }]);
    const organiserView = (await as(viewer).get(`/api/org/campaigns/${slug}`)).json;
    expect(organiserView.cosigners).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), name: 'Free Press Union', country: 'GE', website: 'https://fpu.example', signedAt: expect.any(String) },
    ]);
    // The public range COUNT..META still holds exactly the counter and the campaign.
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documents } = await import('#lib/clients.ts');
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: env.tables.PETITIONS_TABLE,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': slug, ':a': 'COUNT', ':b': 'META' },
      }),
    );
    expect(Items.map((item) => item.sk)).toEqual(['COUNT', 'META']);
  });

  it('refuses an unknown or expired invitation, a javascript: website, and drafts', async () => {
    const { putCosignInvite } = await import('#store/campaigns.ts');
    const { hashToken, newToken } = await import('#rules/tokens.ts');
    const expired = newToken();
    await putCosignInvite(slug, hashToken(expired), 'test', new Date(Date.now() - 31 * 86_400_000), new Date(Date.now() - 86_400_000));
    const body = { name: 'Late Org', country: 'AM' };
    expect((await api.call('POST', `/api/campaigns/${slug}/cosigners`, { ...body, token: expired })).json.error.code).toBe('invalid_invite');
    expect((await api.call('POST', `/api/campaigns/${slug}/cosigners`, { ...body, token: newToken() })).status).toBe(404);
    // Opening an expired or unknown link says so at once, as co-signing with it would; a malformed one names the field.
    for (const t of [expired, newToken()]) {
      const opened = await api.call('POST', `/api/campaigns/${slug}/cosigners/preview`, { token: t });
      expect([opened.status, opened.json.error.code]).toEqual([404, 'invalid_invite']);
    }
    const malformed = await api.call('POST', `/api/campaigns/${slug}/cosigners/preview`, { token: 'short', extra: 1 });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.json.error.fields).sort()).toEqual(['extra', 'token']);

    const token = /cosign\/(.+)$/.exec((await as(editor).post(`/api/org/campaigns/${slug}/cosign-invites`)).json.url)![1]!;
    const bad = await api.call('POST', `/api/campaigns/${slug}/cosigners`, { ...body, token, website: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(['website']);
    // The refused attempt did not spend the invitation.
    expect((await api.call('POST', `/api/campaigns/${slug}/cosigners`, { ...body, token })).status).toBe(201);

    await as(editor).post('/api/org/campaigns', campaign('still-a-draft', { status: 'draft' }));
    const draftToken = /cosign\/(.+)$/.exec((await as(editor).post('/api/org/campaigns/still-a-draft/cosign-invites')).json.url)![1]!;
    expect((await api.call('POST', '/api/campaigns/still-a-draft/cosigners', { ...body, token: draftToken })).status).toBe(404);
    expect((await api.call('POST', '/api/campaigns/still-a-draft/cosigners/preview', { token: draftToken })).status).toBe(404);
  });
});

describe('who may do what', () => {
  const slug = 'guarded-letter';

  beforeAll(async () => {
    expect((await as(owner).post('/api/org/campaigns', campaign(slug))).status).toBe(201);
  });

  it('a viewer reads but cannot change anything (403), and nothing changed', async () => {
    expect((await as(viewer).get(`/api/org/campaigns/${slug}`)).status).toBe(200);
    expect((await as(viewer).get(`/api/org/campaigns/${slug}/dashboard`)).status).toBe(200);
    for (const attempt of [
      () => as(viewer).patch(`/api/org/campaigns/${slug}`, { title: 'Viewer was here' }),
      () => as(viewer).post(`/api/org/campaigns/${slug}/status`, { status: 'closed' }),
      () => as(viewer).post(`/api/org/campaigns/${slug}/delivery`, { deliveredOn: '2026-11-24', to: 'x', method: 'post' }),
      () => as(viewer).post(`/api/org/campaigns/${slug}/cosign-invites`),
      () => as(viewer).post('/api/org/campaigns', campaign('viewer-made')),
    ]) {
      const response = await attempt();
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('forbidden');
    }
    expect((await as(viewer).get(`/api/org/campaigns/${slug}`)).json).toMatchObject({ title: 'Release the defenders', status: 'open' });
    expect((await publicPage('viewer-made')).status).toBe(404);
  });

  it("another organisation's campaign does not exist for them (404), whatever their role", async () => {
    for (const attempt of [
      () => as(stranger).get(`/api/org/campaigns/${slug}`),
      () => as(stranger).get(`/api/org/campaigns/${slug}/dashboard`),
      () => as(stranger).patch(`/api/org/campaigns/${slug}`, { title: 'Hijacked' }),
      () => as(stranger).post(`/api/org/campaigns/${slug}/status`, { status: 'closed' }),
      () => as(stranger).post(`/api/org/campaigns/${slug}/delivery`, { deliveredOn: '2026-11-24', to: 'x', method: 'post' }),
      () => as(stranger).post(`/api/org/campaigns/${slug}/cosign-invites`),
    ]) {
      const response = await attempt();
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('not_found');
    }
    expect((await publicPage(slug)).json).toMatchObject({ title: 'Release the defenders', status: 'open' });
  });

  it('without a session: 401', async () => {
    expect((await api.call('GET', '/api/org/campaigns')).status).toBe(401);
    expect((await api.call('PATCH', `/api/org/campaigns/${slug}`, { title: 'x' })).status).toBe(401);
  });

  it('the campaign list holds the organisation’s own campaigns only, newest first, with counts', async () => {
    const mine = (await as(viewer).get('/api/org/campaigns')).json.campaigns as { slug: string; createdAt: string }[];
    expect(mine.map((c) => c.slug)).toContain(slug);
    expect(mine.every((c, i) => i === 0 || mine[i - 1]!.createdAt >= c.createdAt)).toBe(true);
    expect(mine.find((c) => c.slug === slug)).toEqual({
      slug, kind: 'letter', title: 'Release the defenders', status: 'open', goal: 100, createdAt: expect.any(String), count: 0, pending: 0,
    });
    expect((await as(stranger).get('/api/org/campaigns')).json).toEqual({ campaigns: [] });
  });
});

describe('the dashboard', () => {
  const slug = 'dashboard-letter';

  it('shows confirmed signatures by country, per UTC hour and as recent activity — and withdrawals', async () => {
    await as(editor).post('/api/org/campaigns', campaign(slug));
    const empty = (await as(viewer).get(`/api/org/campaigns/${slug}/dashboard`)).json;
    expect(empty).toMatchObject({ count: 0, pending: 0, countries: {}, timeline: [], withdrawals: [], recent: [] });

    const withdrawOlena = await signAndConfirm(slug, { name: 'Олена Коваленко', email: 'olena@example.org', country: 'UA' });
    await signAndConfirm(slug, { name: 'Ნინო Ბერიძე', email: 'nino.b@example.org', country: 'GE' });
    await signAndConfirm(slug, { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM' });
    expect((await signLikeBrowser(api.call, slug, { name: 'Pending Person', email: 'pending@example.org', country: 'GE' })).status).toBe(202);
    await drain();

    const hour = new Date().toISOString().slice(0, 13);
    const board = await as(viewer).get(`/api/org/campaigns/${slug}/dashboard`);
    expect(board.status).toBe(200);
    expect(board.json).toMatchObject({ count: 3, pending: 1, countries: { UA: 1, GE: 1, AM: 1 } });
    // The stream records are seconds old: they fall in this hour (or, right at the turn, the one before).
    const total = (board.json.timeline as { hour: string; count: number }[]).reduce((n, h) => n + h.count, 0);
    expect(total).toBe(3);
    expect(board.json.timeline.at(-1).hour <= hour).toBe(true);
    const recent = board.json.recent as { at: string; confirmed: number; countries: Record<string, number> }[];
    expect(recent.reduce((n, r) => n + r.confirmed, 0)).toBe(3);
    expect(recent.every((r, i) => i === 0 || recent[i - 1]!.at >= r.at)).toBe(true);
    // Counts only: no name or address of anyone.
    for (const secret of ['Олена', 'Ნინო', 'Արամ', 'Pending', '@example.org']) expect(board.text).not.toContain(secret);

    expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${withdrawOlena.id}/withdraw`, { token: withdrawOlena.token })).status).toBe(200);
    await drain();
    const after = (await as(viewer).get(`/api/org/campaigns/${slug}/dashboard`)).json;
    expect(after).toMatchObject({ count: 2, countries: { GE: 1, AM: 1 } });
    // The withdrawal is told by its UTC day only: the hours keep the confirmations, the activity has no trace of it.
    expect((after.timeline as { count: number }[]).reduce((n, h) => n + h.count, 0)).toBe(3);
    expect(after.withdrawals).toEqual([{ day: new Date().toISOString().slice(0, 10), count: 1 }]);
    expect(after.recent).toEqual(board.json.recent);
  });
});
