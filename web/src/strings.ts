/**
 * Every string the page shows, in one object so it can be translated later. Placeholders in
 * braces (`{count}`) are filled by `fill()` in logic.ts; plural forms use CLDR categories
 * (`one`, `few`, `many`, `other`, …) chosen with Intl.PluralRules, so languages such as Russian or
 * Ukrainian can add the forms they need.
 */
import type { PluralForms } from './logic.ts';

export const strings = {
  appName: 'Undersigned',
  skipToContent: 'Skip to content',
  footer: 'Undersigned — petitions and letters of solidarity. This site loads nothing from third parties and uses no trackers.',

  loading: 'Loading…',
  retry: 'Try again',
  backToList: 'Back to all campaigns',
  loadFailed: 'The page could not be loaded. Check your connection and try again.',

  listTitle: 'Open campaigns',
  listIntro: 'Petitions and letters of solidarity you can sign now.',
  listEmpty: 'There are no open campaigns right now.',

  kind: { petition: 'Petition', letter: 'Letter' },
  toPrefix: 'To:',
  addressedTo: 'Addressed to',

  /** Count with its word, e.g. "1,234 signatures". */
  signatures: { one: '{count} signature', other: '{count} signatures' } satisfies PluralForms,
  /** The word alone, under the big live counter. */
  signaturesWord: { one: 'signature', other: 'signatures' } satisfies PluralForms,
  ofGoal: '{count} of {goal} signatures',
  goalLine: '{percent}% of the goal of {goal}',
  progressLabel: 'Progress towards the goal',

  deadline: 'Signing closes {date}',
  closedNotice: 'Signing is closed. This campaign no longer accepts signatures.',

  notFoundTitle: 'Campaign not found',
  notFoundText: 'This campaign does not exist or is no longer available.',
  unknownPageTitle: 'Page not found',
  unknownPageText: 'There is nothing at this address.',

  form: {
    heading: { petition: 'Sign the petition', letter: 'Add your name to this letter' },
    name: 'Full name',
    email: 'Email',
    country: 'Country',
    countryPlaceholder: 'Choose a country',
    comment: 'Comment',
    optional: '(optional)',
    commentHint: 'Up to {max} characters.',
    submit: { petition: 'Sign the petition', letter: 'Sign the letter' },
    sending: 'Sending…',
    thanks: 'Thank you — your signature has been received.',
    errorsIntro: 'Please correct the highlighted fields.',
  },

  validation: {
    required: 'This field is required.',
    tooLong: 'Please use at most {max} characters.',
    email: 'Please enter a valid email address, like name@example.org.',
    country: 'Please choose a country from the list.',
  },

  signErrors: {
    invalid: 'Please check the form and try again.',
    closed: 'This campaign is closed for signatures.',
    notFound: 'This campaign could not be found. It may have been removed.',
    busy: 'The server is busy. Please try again in a moment.',
    network: 'Could not reach the server. Your signature was not sent. Please try again.',
    timeout: 'The server took too long to answer. Please try again in a moment.',
    error: 'Something went wrong on our side. Your signature was not recorded. Please try again later.',
  },
} as const;

export type Strings = typeof strings;
