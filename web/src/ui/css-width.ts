/**
 * A width for an element of a lit-html template, set through the CSSOM. Never write `style=${…}` in
 * a template: lit-html parses the template with a placeholder in the style attribute, which is inline
 * style, and the CSP (style-src 'self') blocks it and reports a violation.
 */
import { ref } from 'lit-html/directives/ref.js';

export function cssWidth(value: string): ReturnType<typeof ref> {
  // A new callback each render: lit-html calls it with the element every time, so the width follows.
  return ref((el) => {
    if (el instanceof HTMLElement) el.style.width = value;
  });
}
