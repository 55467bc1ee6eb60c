/**
 * /widget.js, the snippet organisations include on their own site:
 *
 *   <script src="https://<site>/widget.js" data-campaign="<slug>" data-lang="ka" data-tag="spring-mailing" async></script>
 *
 * It puts an iframe of our embed page (embed.html) right after itself and sizes it to the height the
 * page reports by postMessage, so the form never scrolls inside a box. Built on its own as a small
 * classic script (web/build.ts): no modules, no dependencies, nothing global left behind. It runs on
 * someone else's page, so it trusts only messages from our origin and from its own frame.
 */
import { embedUrl, readResizeMessage } from './embed-rules.ts';

(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement)) return;
  const slug = script.dataset.campaign;
  if (!slug) return;
  // Our origin is where this script was loaded from: the embed page lives next to it.
  const origin = new URL(script.src, location.href).origin;

  const frame = document.createElement('iframe');
  frame.src = embedUrl(origin, slug, { lang: script.dataset.lang, tag: script.dataset.tag });
  // Replaced by the campaign's own title once the page reports it.
  frame.title = script.dataset.title || 'Sign the campaign';
  frame.loading = 'lazy';
  // Through CSSOM, not a style attribute: a host page whose CSP forbids inline styles still allows this.
  Object.assign(frame.style, { display: 'block', width: '100%', maxWidth: '640px', height: '640px', border: '0', overflow: 'hidden' });
  frame.setAttribute('scrolling', 'no');
  script.after(frame);

  window.addEventListener('message', (event) => {
    const message = readResizeMessage(event, { origin, frame: frame.contentWindow, slug });
    if (!message) return;
    frame.style.height = `${message.height}px`;
    if (message.title) frame.title = message.title;
  });
})();
