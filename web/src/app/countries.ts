/**
 * Country names and the form's country options, in the page's language. Pure.
 */
export { COUNTRY_CODES } from '../../../functions/rules/countries.ts';
import { COUNTRY_CODES } from '../../../functions/rules/countries.ts';
import { countryList, countryName } from '../../../functions/rules/locale-format.ts';

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * Country options named in `locale`'s language and sorted as it sorts them, from the data the page
 * ships (functions/rules/locale-data/), never the browser's Intl, which may lack the language.
 * A language we do not serve gets English names.
 */
export function countryOptions(locale: string | undefined, codes: readonly string[] = COUNTRY_CODES): CountryOption[] {
  const wanted = new Set(codes);
  return countryList(locale)
    .filter(([code]) => wanted.has(code))
    .map(([code, name]) => ({ code, name }));
}

/** A function naming countries in `locale`'s language ("GE" → "Georgia"); unknown codes come back as they are. */
export function countryNamer(locale: string | undefined): (code: string) => string {
  return (code) => countryName(locale, code);
}
