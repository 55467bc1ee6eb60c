/**
 * Campaign text (markdown subset) → plain styled blocks for the dossier PDF. Pure: no I/O.
 *
 * A PDF is print, not a page: links become their text followed by the address (http(s) and mailto
 * only), images their description, and raw HTML is kept as the literal characters the organiser
 * typed, as the public page shows it — nothing is ever interpreted as markup, script or an action.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, PhrasingContent, RootContent } from 'mdast';

export type SpanStyle = 'regular' | 'bold' | 'italic';
/** Text may hold '\n' for a hard line break (markdown break, lines of a code block). */
export interface Span { text: string; style: SpanStyle }

export type Block =
  | { type: 'heading'; level: number; spans: Span[] }
  /** `indent` counts list/quote nesting; `marker` ('•', '3.') starts the first paragraph of a list item. */
  | { type: 'paragraph'; spans: Span[]; indent: number; marker?: string }
  | { type: 'rule' };

export function markdownToBlocks(markdown: string): Block[] {
  const root = fromMarkdown(markdown);
  const definitions = new Map<string, string>();
  collectDefinitions(root, definitions);
  const blocks: Block[] = [];
  for (const node of root.children) flow(node, 0, blocks, definitions);
  return blocks;
}

function collectDefinitions(node: Nodes, into: Map<string, string>): void {
  if (node.type === 'definition') into.set(node.identifier, node.url);
  if ('children' in node) for (const child of node.children) collectDefinitions(child, into);
}

function flow(node: RootContent, indent: number, out: Block[], defs: Map<string, string>, marker?: string): void {
  switch (node.type) {
    case 'heading':
      out.push({ type: 'heading', level: node.depth, spans: phrasing(node.children, 'regular', defs) });
      return;
    case 'paragraph':
      out.push({ type: 'paragraph', spans: phrasing(node.children, 'regular', defs), indent, ...(marker ? { marker } : {}) });
      return;
    case 'list': {
      let n = node.start ?? 1;
      for (const item of node.children) {
        const itemMarker = node.ordered ? `${n++}.` : '•';
        // The marker goes on the item's first block; an item that starts with a nested list or is
        // empty still shows its marker on a paragraph of its own.
        const [first, ...rest] = item.children;
        if (first && first.type === 'paragraph') flow(first, indent + 1, out, defs, itemMarker);
        else {
          out.push({ type: 'paragraph', spans: [], indent: indent + 1, marker: itemMarker });
          if (first) flow(first, indent + 1, out, defs);
        }
        for (const child of rest) flow(child, indent + 1, out, defs);
      }
      return;
    }
    case 'blockquote':
      for (const child of node.children) flow(child, indent + 1, out, defs);
      return;
    case 'code':
      out.push({ type: 'paragraph', spans: [{ text: node.value, style: 'regular' }], indent });
      return;
    case 'html':
      // Literal, never interpreted: the organiser sees exactly what they typed.
      out.push({ type: 'paragraph', spans: [{ text: node.value, style: 'regular' }], indent, ...(marker ? { marker } : {}) });
      return;
    case 'thematicBreak':
      out.push({ type: 'rule' });
      return;
    case 'definition':
      return;
    default:
      // Anything else (extensions are not enabled, so this is defensive): keep its text.
      if ('children' in node) {
        out.push({ type: 'paragraph', spans: phrasing(node.children as PhrasingContent[], 'regular', defs), indent });
      } else if ('value' in node && typeof node.value === 'string') {
        out.push({ type: 'paragraph', spans: [{ text: node.value, style: 'regular' }], indent });
      }
  }
}

/**
 * Addresses worth printing for a reader to type in. As on the public page (campaign-text.ts), a
 * javascript:, data: or other address loses its target and keeps only its text.
 */
const printable = (url: string) => /^(?:https?:\/\/|mailto:)/i.test(url.trim());

function phrasing(nodes: PhrasingContent[], style: SpanStyle, defs: Map<string, string>): Span[] {
  const spans: Span[] = [];
  const push = (text: string, s: SpanStyle) => {
    if (!text) return;
    const last = spans[spans.length - 1];
    if (last && last.style === s) last.text += text;
    else spans.push({ text, style: s });
  };
  const walk = (list: PhrasingContent[], s: SpanStyle) => {
    for (const node of list) {
      switch (node.type) {
        case 'text':
          // A soft line break in the source is a space in the output.
          push(node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '), s);
          break;
        case 'inlineCode':
        case 'html':
          push(node.value, s);
          break;
        case 'emphasis':
          walk(node.children, s === 'bold' ? 'bold' : 'italic');
          break;
        case 'strong':
          walk(node.children, 'bold');
          break;
        case 'break':
          push('\n', s);
          break;
        case 'link':
        case 'linkReference': {
          const url = node.type === 'link' ? node.url : defs.get(node.identifier);
          const before = spans.map((x) => x.text).join('').length;
          walk(node.children, s);
          const label = spans.map((x) => x.text).join('').slice(before);
          if (url && printable(url) && url !== label && `mailto:${label}` !== url) push(` (${url})`, s);
          break;
        }
        case 'image':
        case 'imageReference': {
          const url = node.type === 'image' ? node.url : defs.get(node.identifier);
          push(node.alt ?? '', s);
          if (url && printable(url)) push(` (${url})`, s);
          break;
        }
        default:
          if ('children' in node) walk(node.children as PhrasingContent[], s);
          else if ('value' in node && typeof node.value === 'string') push(node.value, s);
      }
    }
  };
  walk(nodes, style);
  return spans;
}
