import { describe, expect, it } from 'vitest';
import { collectedKeys, linkableOrganisation, logoBox, safeContact } from './organisation-rules.ts';

describe('who is behind a campaign', () => {
  it('links only an http(s) website and a plain address', () => {
    expect(linkableOrganisation({ id: 'o1', name: 'Голос', website: 'javascript:alert(1)', contact: 'a@b.org\r\nBcc: c@d.org' })).toEqual({ id: 'o1', name: 'Голос' });
    expect(linkableOrganisation({ id: 'o1', name: 'Голос', website: 'https://holos.example.org', contact: 'info@holos.example.org', country: 'UA' })).toEqual({
      id: 'o1',
      name: 'Голос',
      website: 'https://holos.example.org/',
      contact: 'info@holos.example.org',
      country: 'UA',
    });
    expect(safeContact('Name <a@b.org>')).toBeUndefined();
  });

  it('shows a logo only from our own /media/ with its size; anything else is dropped, the organisation kept', () => {
    const logo = { src: '/media/logos/0123456789abcdef0123456789abcdef.jpg', width: 256, height: 128 };
    expect(linkableOrganisation({ id: 'o1', name: 'Голос', logo })).toEqual({ id: 'o1', name: 'Голос', logo });
    for (const bad of [
      { ...logo, src: 'https://tracker.example.com/pixel.jpg' },
      { ...logo, src: '//evil.example/media/logos/0123456789abcdef0123456789abcdef.jpg' },
      { ...logo, src: '/media/logos/x.svg' },
      { ...logo, width: 0 },
      { ...logo, height: 1.5 },
      { src: logo.src },
    ]) {
      expect(linkableOrganisation({ id: 'o1', name: 'Голос', logo: bad as typeof logo })).toEqual({ id: 'o1', name: 'Голос' });
    }
  });

  it('boxes a logo to at most the given size on its longer side, never enlarged', () => {
    expect(logoBox({ width: 256, height: 128 }, 32)).toEqual({ width: 32, height: 16 });
    expect(logoBox({ width: 100, height: 256 }, 32)).toEqual({ width: 13, height: 32 });
    expect(logoBox({ width: 20, height: 10 }, 32)).toEqual({ width: 20, height: 10 });
  });

  it('names nobody rather than an empty name', () => {
    expect(linkableOrganisation(undefined)).toBeUndefined();
    expect(linkableOrganisation({ id: 'o1', name: '  ' })).toBeUndefined();
  });

  it('lists exactly the fields the sign form asks for', () => {
    expect(collectedKeys({ country: 'required', comment: 'optional' })).toEqual(['collectedName', 'collectedCountry', 'collectedComment']);
    expect(collectedKeys({ country: 'optional', comment: 'off' })).toEqual(['collectedName', 'collectedCountryOptional']);
    expect(collectedKeys({ country: 'off', comment: 'off' })).toEqual(['collectedName']);
  });
});
