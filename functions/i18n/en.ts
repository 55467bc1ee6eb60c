/**
 * Every word the server says to people, in English: validation messages (zod schemas carry the keys),
 * API error messages (HttpErrors carry the keys), the mails and the dossier's labels. English is the
 * source and the fallback; every other language is a file beside this one with exactly these keys
 * (`satisfies ServerStrings`), checked by test/unit/i18n.test.ts.
 *
 * Placeholders are in braces ({title}) and must be the same in every language. A string that counts
 * is an object of CLDR plural categories chosen by its {count} with Intl.PluralRules: English needs
 * `one` and `other`, Russian and Ukrainian `one`, `few`, `many` and `other`.
 */
const en = {
  /** Field-level messages, keyed as the schemas name them. */
  validation: {
    'field.required': 'This field is required.',
    'field.invalid': 'This value is not valid.',
    'field.unexpected': 'This field is not expected.',
    'field.maxLength': { one: 'At most {count} character.', other: 'At most {count} characters.' },
    'field.maxNumber': 'At most {max}.',
    'field.boolean': 'Use true or false.',
    'find.shelf': 'Choose open or archive.',
    'find.cursor': 'This list link is out of date or damaged. Start the list again.',
    'find.organisation': 'This is not an organisation’s id.',
    'find.limit': 'Enter a whole number from 1 to 50.',
    'text.characters': 'This text contains characters that cannot be stored: control characters, text-direction overrides or broken characters. Retype it or paste it as plain text.',
    'name.required': 'Enter your name.',
    'name.characters': 'Your name may contain only letters, spaces, hyphens, apostrophes and full stops.',
    'name.noLetter': 'Your name must contain at least one letter.',
    'email.required': 'Enter your email address.',
    'email.requiredOther': 'Enter an email address.',
    'email.invalid': 'Enter a valid email address.',
    'country.required': 'Choose your country.',
    'country.requiredOther': 'Choose a country.',
    'country.unknown': 'Choose a country from the list.',
    'country.notAsked': 'This campaign does not ask for a country.',
    'comment.text': 'A comment must be text.',
    'comment.notTaken': 'This campaign does not take comments.',
    'showName.boolean': 'Tick the box or leave it empty.',
    'textVersion.invalid': 'Reload the page and read the text again.',
    'altcha.pending': 'Please wait for the verification to finish, then send again.',
    'altcha.failed': 'The automatic check that you are not a robot did not succeed. Please wait for it to finish and send again.',
    'altcha.used': 'This check was already used. Please send the form again to get a new one.',
    'signerFields.country': 'Choose required, optional or off.',
    'signerFields.comment': 'Choose optional or off.',
    'targets.min': 'Name at least one target.',
    'targets.max': { one: 'At most {count} target.', other: 'At most {count} targets.' },
    'goal.integer': 'Enter a whole number.',
    'goal.min': 'The goal must be at least 1.',
    'deadline.format': 'Use an ISO date-time, e.g. 2027-03-01T00:00:00Z.',
    'retention.integer': 'Enter a whole number of days.',
    'retention.min': 'At least 1 day.',
    'retention.max': 'At most 3650 days (10 years).',
    'slug.format': 'Use 3–80 lowercase letters, digits and hyphens.',
    'slug.taken': 'This address is taken. Choose another.',
    'slug.fixed': 'This campaign’s address can no longer be changed.',
    'kind.choose': 'Choose petition or letter.',
    'status.newChoose': 'Choose draft or open.',
    'status.choose': 'Choose open or closed.',
    'date.format': 'Use a date like 2026-11-24.',
    'delivery.method': 'Choose in-person, post, email or other.',
    'url.format': 'Enter a web address starting with https://.',
    'invite.token': 'The invitation link is incomplete.',
    'organisationName.required': 'Enter the organisation’s name.',
    'organisationName.characters': 'Use letters, digits and punctuation only.',
    'export.format': 'Choose csv or pdf.',
    'export.order': 'Choose confirmed or name.',
    'role.choose': 'Choose owner, editor or viewer.',
    'link.incomplete': 'The link is incomplete. Open it again from the email.',
    'organisation.choose': 'Choose an organisation.',
    'token.name': 'Name the token after what will use it.',
    'token.role': 'Choose editor or viewer.',
    'source.host': 'The address of the site showing this form is not a valid host name.',
    'source.tag': 'A campaign tag has 1–64 letters, digits, dots, hyphens and underscores.',
    'language.choose': 'Choose one of the languages: en, cs, ro, ru, uk, lv, hy, ka, az, kk.',
    'language.fixed': 'The campaign is open and has translations, so its original language can no longer be changed: the translations were made from it as it is.',
    'image.alt': 'Describe the image for people who cannot see it.',
    'image.type': 'Upload a JPEG or PNG image.',
    'image.size': 'The image is larger than 8 MB. Upload a smaller one.',
    'image.notImage': 'This file is not an image that can be read. Upload a JPEG or PNG image.',
    'image.tooManyPixels': 'The image has too many pixels (at most 24 megapixels). Upload a smaller one.',
    'image.upload': 'The upload was not found or has expired. Upload the image again.',
  },
  /** The `message` of API errors, keyed as the HttpErrors name them. */
  errors: {
    validationFailed: 'Some fields need attention.',
    invalidJson: 'The request body is not valid JSON.',
    unsupportedMediaType: 'Send the data as JSON (Content-Type: application/json).',
    tooLarge: 'The request is too large.',
    missingPathParameter: 'Missing path parameter {name}.',
    unauthorized: 'Please sign in as an organiser (or send a valid API token).',
    forbidden: 'Your role in this organisation does not allow this.',
    unavailable: 'The service is busy. Please try again shortly: trying again is safe, nothing is done twice.',
    internal: 'Something went wrong on our side.',
    'notFound.campaign': 'Campaign not found.',
    'notFound.export': 'Export not found.',
    'notFound.organisation': 'Organisation not found.',
    'notFound.member': 'Member not found.',
    'notFound.token': 'Token not found.',
    'notFound.publicSigners': 'Public signer list not found.',
    signInLinkInvalid: 'This sign-in link has been used or has expired. Ask for a new one.',
    signInMailFailed: 'We could not send the email just now. Please try again in a few minutes.',
    signMailFailed:
      'Your signature is saved, but we could not send the confirmation email just now. Please try again in a few minutes: signing again sends a new link.',
    signatureLinkInvalid: 'This link is not valid. Use the newest link we emailed you, or sign again to get a new one.',
    confirmLinkExpired: 'This confirmation link has expired. Sign again to get a new one.',
    inviteInvalid: 'This invitation link is not valid: it has been used already or has expired.',
    closed: 'This campaign is closed for signatures.',
    textChanged: 'The text of this campaign changed while you were reading it. Read it again, then sign: your signature will stand under the text you read.',
    delivered: 'This campaign has been delivered; it can no longer change.',
    deliveredNoCosigners: 'This campaign has been delivered; it takes no more co-signers.',
    notClosed: 'Close the campaign before recording its delivery.',
    invalidTransition: 'A campaign cannot go from {from} to {to}.',
    'status.draft': 'draft',
    'status.open': 'open',
    'status.closed': 'closed',
    'status.delivered': 'delivered',
    erased: 'This campaign’s signer data has been erased after its retention period; it cannot be reopened.',
    deadlinePassed: 'The deadline has passed. Move it to a later date before opening the campaign.',
    slugTaken: 'A campaign with this address (slug) exists already.',
    slugTakenOnOpen:
      'Another campaign opened under this address while yours was a draft. Give yours another address in the editor, then open it.',
    draftNoExport: 'A draft has no signatures to export. Open the campaign first.',
    changed: 'The campaign was changed by someone else meanwhile. Reload it and try again.',
    exportRunning: 'An export of this campaign is already under way. Wait for it to finish, then start another.',
    lastOwner: 'An organisation needs at least one owner. Make someone else an owner first.',
    alreadyMember: 'This address is already a member.',
    'notFound.translation': 'This campaign has no translation in that language.',
    translationLanguage: 'Choose one of the languages: en, cs, ro, ru, uk, lv, hy, ka, az, kk.',
    translationIsOriginal: 'The campaign is written in this language; edit the campaign itself instead.',
    languageTranslated: 'The campaign has a translation in this language. Remove the translation first.',
  },
  mail: {
    /** Names the campaign's organisation, as stored; a name is never declined, so it stands where no case ending is needed. */
    organisedBy: 'This campaign is organised by {organisation}.',
    /** Under a mail's button, before the same address as a plain link, for clients that drop its styles. */
    buttonFallback: 'If the button does not work, open this address:',
    confirmation: {
      subject: 'Please confirm your signature: {title}',
      heading: 'Please confirm your signature',
      intro: 'You signed “{title}”. Your signature is not counted until you confirm it.',
      confirm: 'Confirm my signature',
      expires: { one: 'This link expires in {count} day.', other: 'This link expires in {count} days.' },
      notYou:
        'If you did not sign, you can ignore this email. An unconfirmed signature is never counted, ' +
        'and everything about it is deleted soon after the link expires.',
      withdrawLead: 'Changed your mind?',
      withdraw: 'Withdraw my signature',
      petition: 'Read the campaign',
      footer: 'You received this email because this address was used to sign a campaign on Undersigned.',
    },
    alreadySigned: {
      subject: 'You have already signed: {title}',
      heading: 'You have already signed',
      intro: 'Your signature on “{title}” was already recorded with this email address, so nothing has changed.',
      notYou: 'If you did not just try to sign again, you can ignore this email.',
      withdrawLead: 'Changed your mind?',
      withdraw: 'Withdraw my signature',
      petition: 'Read the campaign',
      footer: 'You received this email because this address was used to sign a campaign on Undersigned.',
    },
    signIn: {
      subject: 'Your sign-in link for Undersigned',
      heading: 'Sign in to Undersigned',
      intro: 'Someone, probably you, asked to sign in to Undersigned as an organiser with this address.',
      action: 'Sign in',
      expires: 'The link works once, within 15 minutes.',
      notYou: 'If you did not ask for it, ignore this email: nobody can sign in without the link.',
      footer: 'You received this email because this address was entered on the Undersigned sign-in page.',
    },
    notMember: {
      subject: 'Signing in to Undersigned',
      heading: 'No organisation uses this address',
      intro:
        'Someone, probably you, asked to sign in to Undersigned as an organiser with this address, but no organisation ' +
        'has it as a member. If you expected one, ask its owner to invite this address.',
      notYou: 'If you did not ask, ignore this email: nothing has changed.',
      footer: 'You received this email because this address was entered on the Undersigned sign-in page.',
    },
    invitation: {
      subject: 'You are invited to {organisation} on Undersigned',
      heading: 'You are invited to {organisation}',
      intro: 'You have been added to “{organisation}” on Undersigned as {role}. Sign in with this link:',
      action: 'Sign in',
      expires: 'The link works once, within 7 days. Later, ask for a new one on the sign-in page with this address.',
      roles: { owner: 'an owner', editor: 'an editor', viewer: 'a viewer' },
      footer: 'You received this email because a member of {organisation} invited this address.',
    },
  },
  /** Why an export is no longer served (the job's `message`). */
  exports: {
    outdated: {
      withdrawal: 'A signer withdrew their signature after this export was made, so its file has been deleted and can no longer be downloaded. Make a new export.',
      erasure: 'The signers’ personal data was erased at the end of the retention period, so this export’s file has been deleted. A new export lists no names.',
    },
  },
  /** Every word the delivery dossier (PDF) prints itself. */
  dossier: {
    kind: { petition: 'Petition', letter: 'Open letter' },
    addressedTo: 'Addressed to',
    organisedBy: 'Organised by',
    date: 'Date',
    delivered: 'Delivered',
    deliveredAs: '{date} to {to}, {method}',
    deliveredTo: '{date} to {to}',
    method: { 'in-person': 'in person', post: 'by post', email: 'by email', other: 'other' },
    totalSignatures: 'Signatures',
    confirmation: 'Confirmation',
    confirmedHow: 'Collected online. Each signature was confirmed by its signer from a link mailed to them (double opt-in); unconfirmed signatures are not counted.',
    confirmedBetween: 'First confirmed on {first}; last confirmed on {last}',
    textAsSigned: 'Text as signed',
    textVersion: 'text version {version}',
    signedVersion: 'Signatures on this version: {signatures}',
    byCountry: 'Signatures by country',
    country: 'Country',
    signatures: 'Signatures',
    share: 'Share',
    countryNotGiven: 'Not given',
    cosigners: 'Co-signing organisations',
    website: 'Website',
    individuals: 'Individual signatories',
    number: 'No.',
    name: 'Name',
    comment: 'Comment',
    noIndividuals: 'No individual signatures.',
    orderConfirmed: 'In the order the signatures were confirmed.',
    orderName: 'In alphabetical order of name.',
    page: 'Page {page} of {pages}',
    translation: 'Translation: {language}',
  },
  /** The share card's words (functions/documents/share-card.ts). */
  card: {
    addressedTo: 'To',
    count: { one: '{count} signature', other: '{count} signatures' },
    goal: 'Goal: {goal}',
    closed: 'Closed',
    delivered: 'Delivered',
    moreTargets: { one: 'and {count} more', other: 'and {count} more' },
  },
  /** The published static page of a campaign (functions/documents/campaign-page.ts): words as the page's own catalogue has them. */
  campaignPage: {
    appName: 'Undersigned',
    signaturesWord: { one: 'signature', other: 'signatures' },
    kind: { petition: 'Petition', letter: 'Letter' },
    addressedTo: 'Addressed to',
    goalLine: '{percent}% of the goal of {goal}',
    signatures: { one: '{count} signature', other: '{count} signatures' },
    closed: 'Signing is closed. This campaign no longer accepts signatures.',
    delivered: 'This campaign has been delivered and no longer accepts signatures.',
  },
};

/** CLDR plural forms of one string; `other` is always there, the rest as the language needs. */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

/** The shape every language's catalog has: English's keys, any words, plural objects as plural forms. */
type Widen<T> = {
  [K in keyof T]: T[K] extends string ? string : T[K] extends { other: string } ? (keyof T[K] extends Intl.LDMLPluralRule ? PluralForms : Widen<T[K]>) : Widen<T[K]>;
};
export type ServerStrings = Widen<typeof en>;

export type ValidationKey = keyof ServerStrings['validation'];
export type ErrorKey = keyof ServerStrings['errors'];

const strings: ServerStrings = en;
export default strings;
