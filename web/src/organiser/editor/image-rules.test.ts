import { describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, imageErrorField, validateImageInput } from './image-rules.ts';

const m = { fileRequired: 'file', type: 'type', size: 'size', altRequired: 'alt' };
const tooLong = (max: number) => `max ${max}`;
const jpeg = { type: 'image/jpeg', size: 1000 };

describe('the campaign image form', () => {
  it('takes a JPEG or PNG up to the cap with an alt text', () => {
    expect(validateImageInput({ file: jpeg, alt: 'Nadia at the court' }, m, tooLong)).toEqual({});
    expect(validateImageInput({ file: { type: 'image/png', size: IMAGE_LIMITS.maxBytes }, alt: 'ნადია' }, m, tooLong)).toEqual({});
  });
  it('requires the alt text, on its own field', () => {
    expect(validateImageInput({ file: jpeg, alt: '   ' }, m, tooLong)).toEqual({ alt: 'alt' });
    expect(validateImageInput({ file: jpeg, alt: 'x'.repeat(IMAGE_LIMITS.alt + 1) }, m, tooLong)).toEqual({ alt: `max ${IMAGE_LIMITS.alt}` });
  });
  it('refuses no file, another type, or a file over the cap', () => {
    expect(validateImageInput({ file: undefined, alt: 'a' }, m, tooLong)).toEqual({ image: 'file' });
    expect(validateImageInput({ file: { type: 'image/svg+xml', size: 10 }, alt: 'a' }, m, tooLong)).toEqual({ image: 'type' });
    expect(validateImageInput({ file: { type: 'image/webp', size: 10 }, alt: 'a' }, m, tooLong)).toEqual({ image: 'type' });
    expect(validateImageInput({ file: { type: 'image/jpeg', size: IMAGE_LIMITS.maxBytes + 1 }, alt: 'a' }, m, tooLong)).toEqual({ image: 'size' });
  });
  it('puts the server’s errors on the two fields shown', () => {
    expect(['alt', 'image', 'contentType', 'size', 'uploadId', 'other'].map(imageErrorField)).toEqual(['alt', 'image', 'image', 'image', 'image', undefined]);
  });
});
