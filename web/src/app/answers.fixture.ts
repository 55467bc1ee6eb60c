/**
 * Answers as the server gives them, for the page's unit tests: complete per the OpenAPI document (the
 * page reads answers as typed, see contract.ts), with what a test cares about given as overrides.
 * test/unit/page-server-contract.test.ts checks these fixtures against the document with ajv.
 */
import type { Answer } from './contract.ts';

export function publicCampaignAnswer(over: Partial<Answer<'get-public-campaign'>> = {}): Answer<'get-public-campaign'> {
  return {
    slug: 's', kind: 'petition', title: 'T', text: 'x', textHtml: '<p>x</p>', targets: [], goal: 10, publicSigners: false, status: 'open',
    signerFields: { country: 'required', comment: 'optional' }, cosigners: [], count: 1, asOf: '2026-01-01T00:00:00.000Z', version: 1,
    language: 'en', originalLanguage: 'en', languages: ['en'], url: 'https://undersigned.example/c/s',
    retentionDays: 90, organisation: { id: 'o1', name: 'Org' },
    ...over,
  };
}

export function orgCampaignAnswer(over: Partial<Answer<'get-campaign'>> = {}): Answer<'get-campaign'> {
  return {
    slug: 's', kind: 'petition', title: 'T', text: 'x', language: 'en', translations: {}, targets: [{ name: 'A' }], goal: 10, publicSigners: false,
    retentionDays: 90, signerFields: { country: 'required', comment: 'optional' }, status: 'draft', version: 1, versions: [], cosigners: [],
    count: 0, pending: 0, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
