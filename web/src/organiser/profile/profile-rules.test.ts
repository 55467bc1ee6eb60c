import { describe, expect, it } from 'vitest';
import { profileBody, profileProblems, profileValues, readProfile } from './profile-rules.ts';

const good = { name: 'Голос', country: 'UA', website: 'https://holos.example.org', contact: 'info@holos.example.org', controller: 'We control it.' };

describe('the profile form', () => {
  it('accepts a full profile and an emptied one (but for the name)', () => {
    expect(profileProblems(good)).toEqual({});
    expect(profileProblems({ ...good, country: '', website: '', contact: '', controller: '' })).toEqual({});
  });

  it('refuses a blank or long name, a non-http website, a bad address, a long statement', () => {
    expect(profileProblems({ ...good, name: '   ' })).toEqual({ name: 'required' });
    expect(profileProblems({ ...good, name: 'ა'.repeat(201) })).toEqual({ name: 'tooLong' });
    expect(profileProblems({ ...good, website: 'javascript:alert(1)' })).toEqual({ website: 'website' });
    expect(profileProblems({ ...good, contact: 'a@b.org, c@d.org' })).toEqual({ contact: 'email' });
    expect(profileProblems({ ...good, controller: 'x'.repeat(1001) })).toEqual({ controller: 'tooLong' });
  });

  it('sends every field as typed, and reads back what the server answers', () => {
    expect(profileBody(good)).toEqual(good);
    expect(readProfile('<html>')).toBeNull();
    expect(profileValues({ name: 'X' })).toEqual({ name: 'X', country: '', website: '', contact: '', controller: '' });
  });
});

describe('the logo file', () => {
  it('takes a JPEG or PNG of at most 8 MB, as the server signs into the link', async () => {
    const { logoFileProblem } = await import('./profile-rules.ts');
    expect(logoFileProblem(undefined)).toBe('required');
    expect(logoFileProblem({ type: 'image/svg+xml', size: 100 })).toBe('type');
    expect(logoFileProblem({ type: 'image/gif', size: 100 })).toBe('type');
    expect(logoFileProblem({ type: 'image/png', size: 0 })).toBe('size');
    expect(logoFileProblem({ type: 'image/jpeg', size: 8 * 1024 * 1024 + 1 })).toBe('size');
    expect(logoFileProblem({ type: 'image/png', size: 8 * 1024 * 1024 })).toBeUndefined();
  });
});
