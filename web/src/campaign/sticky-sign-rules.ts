/**
 * When the phone's sticky Sign button shows (issue #17, item 5): only while the sign form is still
 * ahead, below the screen, so it never covers the form or its own button; never over the footer;
 * never on wide screens, where the form stands beside the text; never once the person has signed.
 * Pure: the view measures, this decides.
 */
export interface StickySignState {
  /** The page is wide enough for the form to stand beside the text (≥ 60rem). */
  wide: boolean;
  /** The form was sent: "check your email" is showing in its place. */
  done: boolean;
  /** Top edge of the sign form's section, from the top of the viewport (getBoundingClientRect). */
  formTop: number;
  /** Top edge of the page footer, likewise (Infinity if there is none). */
  footerTop: number;
  /** Height of the viewport. */
  viewportHeight: number;
  /**
   * How much of the form must show before it counts as on screen: the bar's own height. A form whose
   * top edge just peeks in at the foot of the screen shows no button yet, so the bar stays (over that
   * edge only: the form's own button is at its far end).
   */
  reveal?: number;
}

export function showStickySign(s: StickySignState): boolean {
  if (s.wide || s.done) return false;
  // Any part of the form on screen (or the form already scrolled past): the form's own button is the one to use.
  if (s.formTop < s.viewportHeight - (s.reveal ?? 0)) return false;
  if (s.footerTop < s.viewportHeight) return false;
  return true;
}

/** The width (in rem) from which the form stands beside the text; the stylesheets use the same. */
export const WIDE_LAYOUT_REM = 60;
