/**
 * The privacy page's text.
 */
import { describe, it, expect } from 'vitest';
import { strings } from '../app/strings.ts';

describe('privacy page text', () => {
  it('states what the brief promises, in the strings to be translated', () => {
    const text = JSON.stringify(strings.privacy);
    for (const needle of ['AES-256-GCM', 'KMS', 'keyed hash', 'IP address', '2 days', '7 days', 'organisers', 'withdraw', 'trackers', 'CAPTCHA', 'fonts']) {
      expect(text, needle).toContain(needle);
    }
  });
});
