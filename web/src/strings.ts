/**
 * Every string the page shows, in one object so it can be translated later. Placeholders in
 * braces (`{count}`) are filled by `fill()` in logic.ts; plural forms use CLDR categories
 * (`one`, `few`, `many`, `other`, …) chosen with Intl.PluralRules, so languages such as Russian or
 * Ukrainian can add the forms they need.
 */
import type { PluralForms } from './logic.ts';

/** One section of the privacy page: a heading, then a list, a paragraph, or both. */
export interface PrivacySection {
  heading: string;
  items?: readonly string[];
  text?: string;
}

export const strings = {
  appName: 'Undersigned',
  skipToContent: 'Skip to content',
  footer: 'Undersigned — petitions and letters of solidarity. This site loads nothing from third parties and uses no trackers.',
  privacyLink: 'How we protect your data',
  /** Said after a link that opens a new tab, so nobody loses what they typed by surprise. */
  opensInNewTab: '(opens in a new tab)',

  loading: 'Loading…',
  retry: 'Try again',
  backToList: 'Back to all campaigns',
  loadFailed: 'The page could not be loaded. Check your connection and try again.',

  listTitle: 'Open campaigns',
  listIntro: 'Petitions and letters of solidarity you can sign now.',
  listEmpty: 'There are no open campaigns right now.',

  kind: { petition: 'Petition', letter: 'Letter' },
  toPrefix: 'To:',
  campaignLine: 'Campaign: {title}',
  addressedTo: 'Addressed to',

  /** Count with its word, e.g. "1,234 signatures". */
  signatures: { one: '{count} signature', other: '{count} signatures' } satisfies PluralForms,
  /** The word alone, under the big live counter. */
  signaturesWord: { one: 'signature', other: 'signatures' } satisfies PluralForms,
  /** Under the counter: signatures whose email link has not been clicked yet (they do not count yet). */
  pendingLine: { one: '{count} awaiting email confirmation', other: '{count} awaiting email confirmation' } satisfies PluralForms,
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
    showName: 'Show my name on the public list (first name, initial and country)',
    showNameHint: 'Leave this unticked and your name is never shown on this site.',
    honeypot: 'Leave this empty',
    antiSpam: 'Anti-spam check',
    antiSpamHint: 'Runs by itself on your device while you fill in the form. Nothing about you is sent anywhere else.',
    antiSpamFailed: 'The anti-spam check could not finish. Check your connection, then send again.',
    submit: { petition: 'Sign the petition', letter: 'Sign the letter' },
    checking: 'Finishing the anti-spam check…',
    sending: 'Sending…',
    errorsIntro: 'Please correct the highlighted fields.',
  },

  /** The ALTCHA widget's own labels (its i18n keys), so they read like the rest of the page. */
  antiSpamWidget: {
    label: 'Anti-spam check',
    verifying: 'Checking on your device…',
    verified: 'Check complete',
    verificationRequired: 'Please wait for the check to finish.',
    waitAlert: 'Checking… please wait.',
    error: 'The check failed. It will run again when you send.',
    expired: 'The check expired. It will run again when you send.',
    footer: '',
  },

  /** After a 202: the signature waits for its email link. */
  checkEmail: {
    title: 'Check your email to confirm',
    sentTo: 'We have sent a link to {email}.',
    counts: 'Your signature counts once you click the link in that email.',
    expires: 'The link expires in 7 days.',
    spam: 'Nothing there after a few minutes? Look in your spam or junk folder.',
    wrongAddress: 'If the address is wrong, sign again with the right one.',
    useAnotherAddress: 'Use a different email address',
  },

  confirm: {
    working: 'Confirming your signature…',
    doneTitle: 'Your signature is confirmed',
    doneText: 'Thank you. Your signature now counts for this campaign.',
    toCampaign: 'Go to the campaign',
    withdrawIntro: 'Changed your mind?',
    withdrawLink: 'Withdraw your signature',
    invalidTitle: 'This link does not work',
    invalidText: 'The link may be incomplete, or a newer email has replaced it. Sign again to get a new link.',
    expiredTitle: 'This link has expired',
    expiredText: 'Confirmation links work for 7 days. Sign again to get a new link.',
    closedTitle: 'Signing has closed',
    closedText: 'This campaign no longer accepts signatures, so this one could not be confirmed.',
    signAgain: 'Sign again',
    failedTitle: 'Your signature is not confirmed yet',
  },

  withdraw: {
    title: 'Withdraw your signature',
    explain: 'Withdrawing removes your name and email address from this campaign now, and the count goes down by one.',
    again: 'You can sign again at any time.',
    button: 'Withdraw my signature',
    working: 'Withdrawing…',
    keep: 'Keep my signature',
    doneTitle: 'Your signature has been withdrawn',
    doneText: 'Your name and email address have been removed from this campaign. You can sign again any time.',
    invalidTitle: 'This link does not work',
    invalidText: 'The signature may already have been withdrawn, or the link is incomplete. Use the link in your most recent email about this campaign.',
    failedTitle: 'Your signature has not been withdrawn',
  },

  /** Shared by the email-link pages when the request itself failed. */
  linkErrors: {
    busy: 'The server is busy. Please try again in a moment.',
    network: 'Could not reach the server. Check your connection and try again.',
    timeout: 'The server took too long to answer. Please try again in a moment.',
    error: 'Something went wrong on our side. Please try again later.',
  },

  signers: {
    title: 'Recent signers',
    intro: 'People who chose to show their name. Most recent first.',
    empty: 'No one has chosen to be listed yet.',
    failed: 'The list of signers could not be loaded.',
  },

  privacy: {
    title: 'How we protect your data',
    intro:
      'Signing a petition can be risky where you live. We collect as little as we can, lock up what we keep, and delete it when it is no longer needed.',
    sections: [
      {
        heading: 'What we store',
        items: [
          'Your name, email address and country.',
          'Your comment, if you write one.',
          'Whether you chose to appear on the public list.',
        ],
        text: 'We do not store your IP address.',
      },
      {
        heading: 'How we protect it',
        items: [
          'Each field is encrypted separately with AES-256-GCM, under keys held in AWS Key Management Service (KMS). A copy of the database on its own reveals nothing about you.',
          'Your email address is looked up only through a keyed hash, so it is never searched in readable form.',
          'To spot abuse, we use a keyed hash of your IP address made with a secret salt that changes every day and is deleted within 2 days. Once the salt is gone, the hash can no longer be linked to any address.',
        ],
      },
      {
        heading: 'Who can see it',
        text: 'Only the campaign’s organisers, when they export the signatures to deliver them to the people the campaign is addressed to. Nobody else. If you tick the box, your first name, the initial of your last name and your country appear on the campaign’s public list; your email address never does.',
      },
      {
        heading: 'How long we keep it',
        items: [
          'A signature that is not confirmed is deleted when its email link expires, after 7 days.',
          'Once a campaign closes, everything personal is erased after the campaign’s retention period.',
          'Only the counts are kept.',
        ],
      },
      {
        heading: 'How to withdraw',
        text: 'Every email we send you has a link to withdraw your signature. Withdrawing removes your name and email address at once, and the count goes down.',
      },
      {
        heading: 'No trackers, no third parties',
        text: 'This site loads nothing from other companies: no trackers, no analytics, no advertising, no external fonts and no third-party CAPTCHA. The anti-spam check is a small calculation your own device does while you fill in the form; it sends nothing about you anywhere.',
      },
    ],
  } satisfies { title: string; intro: string; sections: readonly PrivacySection[] },

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
