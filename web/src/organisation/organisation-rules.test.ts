import { describe, expect, it } from 'vitest';
import { collectedKeys, linkableOrganisation, safeContact } from './organisation-rules.ts';

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
