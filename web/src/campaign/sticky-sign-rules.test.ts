import { describe, expect, it } from 'vitest';
import { showStickySign } from './sticky-sign-rules.ts';

const phone = { wide: false, done: false, formTop: 2000, footerTop: 3000, viewportHeight: 800 };

describe('the sticky Sign button', () => {
  it('shows on a phone while the form is still below the screen', () => {
    expect(showStickySign(phone)).toBe(true);
  });
  it('hides as soon as any part of the form is on screen, so it never covers the form or its button', () => {
    expect(showStickySign({ ...phone, formTop: 799 })).toBe(false);
    expect(showStickySign({ ...phone, formTop: 100 })).toBe(false);
  });
  it('stays while only the form’s top edge peeks in, less than the bar’s own height', () => {
    expect(showStickySign({ ...phone, formTop: 790, reveal: 64 })).toBe(true);
    expect(showStickySign({ ...phone, formTop: 735, reveal: 64 })).toBe(false);
  });
  it('stays hidden once the form has been scrolled past', () => {
    expect(showStickySign({ ...phone, formTop: -400 })).toBe(false);
  });
  it('never covers the footer', () => {
    expect(showStickySign({ ...phone, footerTop: 700 })).toBe(false);
  });
  it('never shows on wide screens, where the form stands beside the text, nor after signing', () => {
    expect(showStickySign({ ...phone, wide: true })).toBe(false);
    expect(showStickySign({ ...phone, done: true })).toBe(false);
  });
});
