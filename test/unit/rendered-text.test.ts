/**
 * The read routes' side of stored campaign text HTML (issue #16): the plain fallback they answer while
 * no current rendering is stored must be inert HTML whatever the organiser typed, and a stored
 * rendering is shown only for the very text and rules it was made with. Also: the stream consumers
 * of the petitions table pass over the rendering's own records, so storing one starts nothing.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import './unit-env.ts';
import { RENDER_RULES, isCurrent, plainTextHtml, shownTextHtml, textHash } from '#rules/rendered-text.ts';
import { campaignTextHtml, renderedText, RENDER_RULES as RULES_OF_RENDERER } from '#rules/campaign-text.ts';
import { streamConsumers } from '#routes';
import { streamFilter } from '../../infra/local/stream-poller.ts';

describe('the plain fallback', () => {
  it('escapes markup, quotes and ampersands: a script is text, not a tag', () => {
    expect(plainTextHtml(`<script>alert("x")</script> Tom & Jerry's <b onclick='y'>`)).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s &lt;b onclick=&#39;y&#39;&gt;</p>',
    );
    // Already-escaped text is escaped again, so an entity typed by the organiser is shown as typed.
    expect(plainTextHtml('&lt;script&gt;')).toBe('<p>&amp;lt;script&amp;gt;</p>');
  });

  it('makes a paragraph of each block between blank lines (CRLF too), keeps single line breaks inside, and drops empty ones', () => {
    expect(plainTextHtml('Dear President,\r\n\r\nRelease them.\nNow.\n \n\n\nSigned')).toBe('<p>Dear President,</p>\n<p>Release them.\nNow.</p>\n<p>Signed</p>');
    expect(plainTextHtml('  \n\n ')).toBe('');
  });

  it('leaves markdown marks visible rather than interpreting them', () => {
    expect(plainTextHtml('**bold** [a link](javascript:alert(1))')).toBe('<p>**bold** [a link](javascript:alert(1))</p>');
  });
});

describe('which HTML is shown', () => {
  const text = 'We ask **you** to act.';

  it('the stored rendering of this very text under the current rules', () => {
    const stored = renderedText(text);
    expect(stored).toEqual({ html: campaignTextHtml(text), textHash: textHash(text), rules: RENDER_RULES });
    expect(shownTextHtml(text, stored)).toBe('<p>We ask <strong>you</strong> to act.</p>');
  });

  it('never the rendering of another text (an edit the stream has not caught up with): the new text, plain', () => {
    const old = renderedText('The old text, <em>rendered</em>.');
    expect(isCurrent(old, text)).toBe(false);
    expect(shownTextHtml(text, old)).toBe('<p>We ask **you** to act.</p>');
  });

  it('never a rendering made under other rules, nor one that is missing', () => {
    expect(shownTextHtml(text, { ...renderedText(text), rules: RENDER_RULES - 1 })).toBe('<p>We ask **you** to act.</p>');
    expect(shownTextHtml(text, undefined)).toBe('<p>We ask **you** to act.</p>');
  });

  it('the renderer and the read side agree on the rules version', () => {
    expect(RULES_OF_RENDERER).toBe(RENDER_RULES);
  });
});

describe('the renderings’ own stream records', () => {
  const record = (sk: string, eventName: DynamoDBRecord['eventName'] = 'INSERT'): DynamoDBRecord => ({
    eventName,
    dynamodb: { Keys: { pk: { S: 'a-campaign' }, sk: { S: sk } } },
  });

  it.each(streamConsumers.filter((c) => c.source === 'Petitions').map((c) => [c.name, c] as const))('%s lets none through', (_name, consumer) => {
    const passes = streamFilter(consumer.only!, 'sk');
    for (const sk of ['HTML', 'TRANSLATED-HTML#ka']) {
      for (const event of ['INSERT', 'MODIFY', 'REMOVE'] as const) expect(passes(record(sk, event)), `${sk} ${event}`).toBe(false);
    }
    // The filters do let the campaign's own records through (the check above checks something).
    expect(passes(record('META', 'MODIFY'))).toBe(true);
  });

  it('the page publisher asks no work of them however it is called', async () => {
    process.env.SITE_BUCKET ??= 'unit-site';
    const { pageWorkOf } = await import('#streams/publish-campaign-pages.ts');
    expect(pageWorkOf(record('HTML', 'MODIFY'))).toBeUndefined();
    expect(pageWorkOf(record('TRANSLATED-HTML#ka', 'MODIFY'))).toBeUndefined();
    expect(pageWorkOf(record('TRANSLATION#ka', 'MODIFY'))).toEqual({ slug: 'a-campaign', work: 'change' });
  });
});
