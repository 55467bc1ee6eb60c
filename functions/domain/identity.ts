/**
 * What identifies a signer, and what of them may be shown. Pure and free of zod, so the confirm and
 * withdraw functions do not bundle the validator.
 */

/**
 * What the public list shows of a signer who chose to appear on it: the first name and the initial of
 * the last, e.g. "Nadia K." or "Սոնա Մ.". Initials are whole graphemes, so combining marks stay
 * attached. The initial is left as written: upper-casing would turn Georgian letters into Mtavruli
 * capitals, which Georgian does not use for names and many fonts cannot show.
 */
export function publicLabel(name: string): string {
  const parts = name.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  const last = parts[parts.length - 1]!;
  const [first] = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(last);
  return `${parts[0]} ${first?.segment ?? ''}.`;
}

/** The part of an email address after the last @, lower-cased: the velocity signal's key. */
export function emailDomain(email: string): string {
  const canonical = canonicalEmail(email);
  return canonical.slice(canonical.lastIndexOf('@') + 1);
}

/** The form of an email address that identifies a signer: case and Unicode form do not matter. */
export function canonicalEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
