/**
 * "Who is behind it" (issue #17, item 4) against the real engines, over HTTP: an owner edits the
 * organisation's public profile; an editor, a viewer, an API token and a second organisation cannot,
 * and a refusal or a bad field changes nothing in any table; the public campaign answer carries the
 * profile's public fields and nothing else of the organisation; a signer's mail, read raw from the
 * SES fake, comes from "<organisation> via Undersigned" at our address with Reply-To the contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { readMailbox, waitForMail } from '../support/mailbox.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { everything as everythingIn } from '../support/organiser-routes.ts';
import { signLikeBrowser } from '../support/signer.ts';
import { decodeEncodedWords } from '../support/encoded-words.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let owner: TestOrganiser;
let editor: TestOrganiser;
let viewer: TestOrganiser;
let other: TestOrganiser;

// Quotes and a comma, which must not break the From header; `<` and `>` a name may not have at all.
const NAME = 'Громадянська ініціатива "Голос", Київ';
const PROFILE = {
  name: NAME,
  country: 'ua',
  website: 'https://holos.example.org',
  contact: 'info@holos.example.org',
  controller: 'Громадянська ініціатива «Голос» is the controller of signers’ data.\nWrite to info@holos.example.org.',
};

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  ({ drain } = (await env.signatureStream()).mailInBackground());
  owner = await newOrganisation('Holos');
  editor = await newMember(owner.orgId, 'editor');
  viewer = await newMember(owner.orgId, 'viewer');
  other = await newOrganisation('Somebody else');
  // A campaign made before the profile, and a draft: both get the copy when the profile is saved.
  expect((await api.call('POST', '/api/org/campaigns', campaign('holos-before'), owner.headers)).status).toBe(201);
  expect((await api.call('POST', '/api/org/campaigns', campaign('holos-draft', { status: 'draft' }), owner.headers)).status).toBe(201);
  expect((await api.call('POST', '/api/org/campaigns', campaign('not-holos'), other.headers)).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const everything = () => everythingIn(env.tables);

describe('the organisation profile', () => {
  it('starts as the name alone, readable by every member', async () => {
    for (const who of [owner, editor, viewer]) {
      const read = await api.call('GET', '/api/org/profile', undefined, who.headers);
      expect(read.status).toBe(200);
      expect(read.json).toEqual({ name: 'Holos' });
    }
    // With the organisation's random public id, which its page and the list's `?org=` filter use.
    expect((await api.call('GET', '/api/campaigns/holos-before')).json.organisation).toEqual({ id: owner.orgId, name: 'Holos' });
  });

  it('refuses an editor, a viewer and no session, and changes nothing', async () => {
    const before = await everything();
    for (const [who, status] of [[editor.headers, 403], [viewer.headers, 403], [{}, 401]] as const) {
      const answer = await api.call('PATCH', '/api/org/profile', { name: 'Taken over', contact: 'attacker@evil.example' }, who);
      expect(answer.status).toBe(status);
    }
    expect(await everything()).toBe(before);
  });

  it('gives a field-level error in the asker\'s language for each bad field, and changes nothing', async () => {
    const before = await everything();
    const bad = { name: '  ', country: 'XX', website: 'javascript:alert(1)', contact: 'info@holos.example.org\r\nBcc: all@example.org', controller: 'x'.repeat(1001) };
    const answer = await api.call('PATCH', '/api/org/profile', bad, { ...owner.headers, 'accept-language': 'uk' });
    expect(answer.status).toBe(400);
    const fields = answer.json.error.fields as Record<string, string>;
    expect(Object.keys(fields).sort()).toEqual(['contact', 'controller', 'country', 'name', 'website']);
    // Ukrainian, not English.
    expect(fields.contact).not.toBe('Enter a valid email address.');
    expect(fields.contact).toMatch(/[\u0400-\u04ff]/);
    // One bad field among good ones: none of the good ones is stored either.
    const mixed = await api.call('PATCH', '/api/org/profile', { ...PROFILE, website: 'ftp://holos.example.org' }, owner.headers);
    expect(mixed.status).toBe(400);
    expect(Object.keys(mixed.json.error.fields)).toEqual(['website']);
    // Angle brackets and a line break in a name are refused, not stored for a header to carry.
    for (const name of ['Holos <attacker@evil.example>', 'Holos\r\nBcc: all@example.org']) {
      expect(Object.keys((await api.call('PATCH', '/api/org/profile', { name }, owner.headers)).json.error.fields)).toEqual(['name']);
    }
    // A field the profile does not have (a member's address, say) is refused too.
    expect((await api.call('PATCH', '/api/org/profile', { members: ['x@example.org'] }, owner.headers)).status).toBe(400);
    expect(await everything()).toBe(before);
  });

  it('is changed by an owner and copied onto every campaign of the organisation, drafts too, and no other', async () => {
    const saved = await api.call('PATCH', '/api/org/profile', PROFILE, owner.headers);
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ ...PROFILE, country: 'UA' });
    expect((await api.call('GET', '/api/org/profile', undefined, viewer.headers)).json).toEqual(saved.json);
    expect((await api.call('GET', '/api/campaigns/holos-before')).json.organisation).toEqual({ id: owner.orgId, ...saved.json });
    // Another organisation's campaign is not touched.
    expect((await api.call('GET', '/api/campaigns/not-holos')).json.organisation).toEqual({ id: other.orgId, name: 'Somebody else' });
    // A campaign made after carries it from the start; an emptied field goes from both.
    expect((await api.call('POST', '/api/org/campaigns', campaign('holos-after'), owner.headers)).status).toBe(201);
    expect((await api.call('GET', '/api/campaigns/holos-after')).json.organisation).toEqual({ id: owner.orgId, ...saved.json });
    const cleared = await api.call('PATCH', '/api/org/profile', { website: '' }, owner.headers);
    expect(cleared.json.website).toBeUndefined();
    for (const slug of ['holos-before', 'holos-after']) {
      const { organisation } = (await api.call('GET', `/api/campaigns/${slug}`)).json;
      expect(organisation).toEqual({ id: owner.orgId, name: NAME, country: 'UA', contact: PROFILE.contact, controller: PROFILE.controller });
    }
    // The draft got its copy too: it shows once opened.
    expect((await api.call('POST', '/api/org/campaigns/holos-draft/status', { status: 'open' }, owner.headers)).status).toBe(200);
    expect((await api.call('GET', '/api/campaigns/holos-draft')).json.organisation.name).toBe(NAME);
  });

  it('the public answer carries only the public fields and the public id: no member, no owner count', async () => {
    const answer = await api.call('GET', '/api/campaigns/holos-before');
    expect(Object.keys(answer.json.organisation).sort()).toEqual(['contact', 'controller', 'country', 'id', 'name']);
    expect(answer.json.organisation.id).toBe(owner.orgId);
    for (const secret of [owner.email, editor.email, viewer.email]) expect(answer.text).not.toContain(secret);
    expect(answer.json.retentionDays).toBe(90);
  });

  it('a second organisation\'s owner changes only their own profile', async () => {
    const answer = await api.call('PATCH', '/api/org/profile', { name: 'Not Holos', contact: 'x@other.example.org' }, other.headers);
    expect(answer.status).toBe(200);
    expect((await api.call('GET', '/api/org/profile', undefined, owner.headers)).json.name).toBe(NAME);
    expect((await api.call('GET', '/api/campaigns/holos-before')).json.organisation.contact).toBe(PROFILE.contact);
  });
});

describe('a signer\'s mail, read raw from the SES fake', () => {
  it('comes from "<organisation> via Undersigned" at our address, with Reply-To the public contact', async () => {
    const sent = new Date();
    await signLikeBrowser(api.call, 'holos-before', { name: 'Olena K', email: 'olena@example.org', country: 'UA' });
    const mail = await waitForMail(env.mailbox, { to: 'olena@example.org', after: sent });
    const [, name, address] = /^(.*) <([^<>]+)>$/.exec(mail.from)!;
    expect(address).toBe('no-reply@undersigned.test');
    expect(decodeEncodedWords(name!)).toBe(`${NAME} via Undersigned`);
    // The name's quotes and comma are inside encoded-words, not in the header.
    expect(name).not.toMatch(/[<>",]/);
    expect(mail.replyTo).toEqual([PROFILE.contact]);
    expect((await readMailbox(env.mailbox)).every((m) => m.destination.to.length === 1)).toBe(true);
    await drain();
  });
});
