/**
 * The ten languages of the region, each named in itself: the page's language switcher and the
 * dossier's translation headings show these. No imports, so the web page bundles it as it is
 * (as it does functions/rules/countries.ts).
 */
export const LANGUAGE_NAMES = {
  en: 'English',
  cs: 'Čeština',
  ro: 'Română',
  ru: 'Русский',
  uk: 'Українська',
  lv: 'Latviešu',
  hy: 'Հայերեն',
  ka: 'ქართული',
  az: 'Azərbaycanca',
  kk: 'Қазақша',
} as const;
