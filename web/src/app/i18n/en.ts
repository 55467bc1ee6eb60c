/**
 * The English catalog: every string the page shows. It is also the reference for the other
 * languages (web/src/i18n/<lang>.ts): each must have exactly these keys (test/unit/i18n.test.ts).
 *
 * Placeholders in braces (`{count}`) are filled by `fill()` in logic.ts and must be the same in
 * every language. Plural strings are objects of CLDR categories (`one`, `few`, `many`, `other`, …)
 * chosen with Intl.PluralRules: English needs `one` and `other`, Russian or Ukrainian add `few` and
 * `many`. They are typed as `PluralForms` so a translation may carry the categories its language needs.
 */
import type { PluralForms } from '../text.ts';

/** One section of the privacy page: a heading, then a list, a paragraph, or both. */
export interface PrivacySection {
  heading: string;
  items?: string[];
  text?: string;
}

/** Marks a plural string: its type is PluralForms, not just the English categories. */
function plural(forms: PluralForms): PluralForms {
  return forms;
}

const en = {
  appName: 'Undersigned',
  skipToContent: 'Skip to content',
  /** The label of the language switcher in the header. */
  languageLabel: 'Language',
  footer: 'Undersigned — petitions and letters of solidarity. This site loads nothing from third parties and uses no trackers.',
  privacyLink: 'How we protect your data',
  /** The discreet footer link to the organiser sign-in. */
  orgFooterLink: 'For organisers',
  /** Said after a link that opens a new tab, so nobody loses what they typed by surprise. */
  opensInNewTab: '(opens in a new tab)',

  loading: 'Loading…',
  retry: 'Try again',
  backToList: 'Back to all campaigns',
  loadFailed: 'The page could not be loaded. Check your connection and try again.',

  listTitle: 'Open campaigns',
  listIntro: 'Petitions and letters of solidarity you can sign now.',
  listEmpty: 'There are no open campaigns right now.',

  kind: { petition: 'PublicCampaign', letter: 'Letter' },
  toPrefix: 'To:',
  campaignLine: 'Campaign: {title}',
  addressedTo: 'Addressed to',

  /** Count with its word, e.g. "1,234 signatures". */
  signatures: plural({ one: '{count} signature', other: '{count} signatures' }),
  /** The word alone, under the big live counter. */
  signaturesWord: plural({ one: 'signature', other: 'signatures' }),
  /** Under the counter: signatures whose email link has not been clicked yet (they do not count yet). */
  ofGoal: '{count} of {goal} signatures',
  goalLine: '{percent}% of the goal of {goal}',
  /** Under the public count: when it was last updated (the count endpoint's `asOf`); `time` today, `date` (with the time) before. */
  countUpdated: { time: 'Updated {time}', date: 'Updated {date}' },
  progressLabel: 'Progress towards the goal',

  deadline: 'Signing closes {date}',
  /** A campaign shown in a translation, and the other languages it can be read in. */
  campaignLanguage: {
    translatedFrom: 'Translated from {language}. The original is what signatures are given on.',
    readIn: 'Read in:',
  },
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
    loading: 'Opening your signature…',
    reviewTitle: 'Confirm your signature',
    reviewIntro: 'This is what was sent with your email address. Nothing counts until you press Confirm.',
    nameLabel: 'Name',
    countryLabel: 'Country',
    commentLabel: 'Comment',
    listLabel: 'Public list',
    listedYes: 'Your first name and initial will be shown on the public list of signers.',
    listedNo: 'Your name will not be shown publicly.',
    button: 'Confirm my signature',
    notMine: 'Not what you sent, or not you at all? Do not press Confirm: nothing is counted, and this request is deleted when its link expires. To change anything, sign again.',
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
    sections: <PrivacySection[]>[
      {
        heading: 'What we store',
        items: [
          'Your name, email address and country.',
          'Your comment, if you write one.',
          'Whether you chose to appear on the public list.',
        ],
        text: 'We do not keep your IP address: it is stored encrypted only for the seconds it takes to check for abuse, then deleted.',
      },
      {
        heading: 'How we protect it',
        items: [
          'Each field is encrypted separately with AES-256-GCM, under keys held in AWS Key Management Service (KMS). A copy of the database on its own reveals nothing about you.',
          'Your email address is looked up only through a keyed hash, so it is never searched in readable form.',
          'To spot abuse, we use a keyed hash of your IP address made with a secret salt that changes every hour, is itself stored encrypted, and is deleted within 2 days. Once the salt is gone, the hash can no longer be linked to any address.',
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
          'Our backups can bring deleted data back for 7 days; after that it is gone from them too.',
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
    textChanged: 'The text of this campaign changed while you were reading it. Read the new text, then sign again.',
    showNewText: 'Show the new text',
    notFound: 'This campaign could not be found. It may have been removed.',
    busy: 'The server is busy. Please try again in a moment.',
    network: 'Could not reach the server. Your signature was not sent. Please try again.',
    timeout: 'The server took too long to answer. Please try again in a moment.',
    error: 'Something went wrong on our side. Your signature was not recorded. Please try again later.',
  },

  /** Public page additions: the text's status, organisations co-signing, the delivery record. */
  deliveredNotice: 'This campaign has been delivered and no longer accepts signatures.',
  cosigners: {
    title: 'Organisations co-signing',
    intro: 'Organisations that put their name to this campaign. Individual signatures are counted separately.',
  },
  delivery: {
    /** "Delivered on 3 March 2027 to the Ministry of Justice in person." */
    line: 'Delivered on {date} to {to} {method}.',
    lineNoMethod: 'Delivered on {date} to {to}.',
    method: { 'in-person': 'in person', post: 'by post', email: 'by email', other: '' },
  },

  /** The embeddable widget's page (embed.html), inside an organisation's own site. */
  embed: {
    fullPage: 'Read the full campaign',
  },

  /** `#/p/<slug>/cosign/<token>`: an organisation co-signs through an invitation link. */
  cosign: {
    title: 'Co-sign as an organisation',
    intro: 'You were invited to add your organisation’s name to this campaign. It appears on the campaign page, apart from individual signatures.',
    name: 'Organisation name',
    country: 'Country',
    website: 'Website',
    websiteHint: 'For example example.org. Shown as a link next to your name.',
    submit: 'Co-sign',
    sending: 'Sending…',
    doneTitle: 'Thank you for co-signing',
    doneText: 'Your organisation’s name now appears on the campaign page.',
    toCampaign: 'Go to the campaign',
    invalid: 'Please check the form and try again.',
    expiredTitle: 'This invitation does not work',
    expiredText: 'Invitation links work once and for 30 days. Ask the organisers for a new one.',
    closed: 'This campaign no longer takes co-signatures.',
    websiteInvalid: 'Please enter a web address, like example.org.',
    /** Above the letter an invitation asks to co-sign, shown as the link opens. */
    letterHeading: { petition: 'The petition you are invited to co-sign', letter: 'The letter you are invited to co-sign' },
  },

  /** The organiser pages (`#/org…`). */
  org: {
    nav: 'Organiser',
    campaigns: 'Campaigns',
    membersLink: 'Members',
    tokensLink: 'API tokens',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    organisation: 'Organisation',
    switching: 'Switching organisation…',
    role: { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' },
    roleLine: 'Signed in as {email} ({role})',
    status: { draft: 'Draft', open: 'Open', closed: 'Closed', delivered: 'Delivered' },
    forbidden: 'Your role does not allow this. Ask an owner of your organisation.',
    saveFailed: 'Could not save. Check your connection and try again.',
    busy: 'The server is busy. Nothing was saved; please try again in a moment.',
    network: 'Could not reach the server. Nothing was saved; please try again.',
    error: 'Something went wrong on our side. Please try again later.',
    copy: 'Copy',
    copied: 'Copied to the clipboard.',
    copyFailed: 'Could not copy. Select the text and copy it yourself.',
    cancel: 'Cancel',
    working: 'Working…',

    signIn: {
      title: 'Sign in as an organiser',
      intro: 'We send a sign-in link to your email address. There is no password.',
      email: 'Your email address',
      submit: 'Send me a sign-in link',
      sending: 'Sending…',
      sentTitle: 'Check your email',
      sentText: 'If {email} belongs to an organisation on Undersigned, a sign-in link is on its way.',
      sentExpires: 'The link works once, for 15 minutes. Open it in this browser.',
      sentSpam: 'Nothing after a few minutes? Look in your spam folder, or ask an owner of your organisation to check your address.',
      sentLimit: 'At most 5 sign-in emails an hour go to one address, however often this form is sent.',
      another: 'Use a different address',
      sessionEnded: 'Your session has ended. Sign in again to continue.',
      signedOut: 'You have signed out.',
      checking: 'Signing you in…',
      expiredTitle: 'This sign-in link does not work',
      expiredText: 'Sign-in links work once, for 15 minutes (links in an invitation, for 7 days). This one may have expired, or been used already.',
      newLink: 'Get a new sign-in link',
      failedTitle: 'You are not signed in yet',
      linkTitle: 'Sign in to Undersigned',
      linkText: 'Press the button to sign in with this link. Opening the link does nothing by itself, so a mail program that checks links cannot use it up.',
      linkAction: 'Sign in',
    },

    home: {
      campaigns: 'Campaigns',
      new: 'New campaign',
      empty: 'No campaigns yet.',
      emptyEditor: 'No campaigns yet. Start one with “New campaign”.',
      pending: plural({ one: '{count} awaiting confirmation', other: '{count} awaiting confirmation' }),
    },

    editor: {
      newTitle: 'New campaign',
      editTitle: 'Edit campaign',
      /** Shown instead of the editor for a delivered campaign (which offers no Edit). */
      deliveredNoEdit: 'A delivered campaign no longer changes: it is the record of what was handed over.',
      kind: 'Kind',
      kindHint: { petition: 'Anyone can sign; the page counts towards a goal.', letter: 'A letter of solidarity that people add their names to.' },
      title: 'Title',
      slug: 'Web address',
      slugHint: 'Lowercase Latin letters, digits and hyphens (3–80). The page will be at {url}. It can change while the campaign is a draft, not once it is open.',
      slugRenameHint: 'Changing it makes the co-signing invitation links made so far stop working.',
      language: 'Written in',
      languageHint: 'The language of the title and text. Translations into other languages are added on the campaign\'s page.',
      languageFixed: 'The campaign is open and has translations, so its original language stays as it is.',
      text: 'Text',
      textHint: 'Blank line between paragraphs. # Heading, *italic*, **bold**, - list item, [link text](https://example.org). No HTML.',
      targets: 'Addressed to',
      targetsHint: 'One to 20 people or institutions. Email addresses are never shown publicly.',
      target: 'Recipient {n}',
      targetName: 'Name',
      targetOffice: 'Office or role',
      targetEmail: 'Email',
      addTarget: 'Add a recipient',
      removeTarget: 'Remove recipient {n}',
      targetAdded: 'Recipient {n} added.',
      targetRemoved: 'Recipient removed.',
      goal: 'Goal (signatures)',
      deadline: 'Deadline',
      deadlineHint: 'Signing closes at the end of this day, your time. Leave empty for no deadline.',
      publicSigners: 'Show a public list of signers who agree to it',
      publicSignersHint: 'Only first name, initial and country, and only for people who tick the box.',
      retentionDays: 'Keep signers’ personal data for (days after closing)',
      retentionHint: 'Then names, emails and comments are erased; the counts are kept.',
      signerFields: 'What the sign form asks',
      country: 'Country',
      comment: 'Comment',
      countryOptions: { required: 'Required', optional: 'Optional', off: 'Do not ask' },
      commentOptions: { optional: 'Optional', off: 'Do not ask' },
      optional: '(optional)',
      create: 'Create draft',
      save: 'Save changes',
      saving: 'Saving…',
      cancel: 'Cancel',
      versionNotice: 'This campaign has been opened. Saving a changed title or text keeps the current text as an earlier version; every signature records the version it signed.',
      errorsIntro: 'Please correct the highlighted fields.',
      created: 'Draft created. Open it when it is ready.',
      saved: 'Changes saved.',
      savedVersion: 'Changes saved. The previous text is kept as version {version}.',
      unchanged: 'Nothing changed.',
      slugTaken: 'This web address is already used by another campaign.',
    },

    validation: {
      required: 'This field is required.',
      tooLong: 'Please use at most {max} characters.',
      slug: 'Use 3–80 lowercase Latin letters, digits and hyphens, not starting or ending with a hyphen.',
      email: 'Please enter a valid email address, like name@example.org.',
      wholeNumber: 'Please enter a whole number.',
      atLeast: 'Please enter at least {min}.',
      atMost: 'Please enter at most {max}.',
      targetsMax: 'At most {max} recipients.',
      date: 'Please enter a date.',
      deadlinePast: 'The deadline cannot be in the past.',
    },

    campaign: {
      publicPage: 'Public page',
      edit: 'Edit',
      back: 'All campaigns',
      statusTitle: 'Status',
      statusText: {
        draft: 'Draft: only your organisation can see it. Open it to take signatures.',
        open: 'Open: the campaign is public and takes signatures.',
        closed: 'Closed: it no longer takes signatures. Reopen it, or record its delivery.',
        delivered: 'Delivered: signing has ended and the signatures have been handed over.',
      },
      action: { open: 'Open for signatures', close: 'Close signing', reopen: 'Reopen', deliver: 'Record delivery' },
      confirm: {
        open: 'Open this campaign? It becomes public and takes signatures at once.',
        close: 'Close signing? The page stays public, but nobody can sign.',
        reopen: 'Reopen this campaign for signatures?',
      },
      changed: { open: 'The campaign is open.', close: 'Signing is closed.', reopen: 'The campaign is open again.' },
      deliveryTitle: 'Record delivery',
      deliveredOn: 'Delivered on',
      deliveredTo: 'Delivered to',
      deliveredToHint: 'For example: the Ministry of Justice, reception desk.',
      method: 'How',
      methods: { 'in-person': 'In person', post: 'By post', email: 'By email', other: 'Other' },
      note: 'Note',
      deliverySubmit: 'Save delivery',
      delivered: 'Delivery recorded.',
      versions: 'Text versions',
      versionLine: 'Version {version}, kept {date}',
      currentVersion: 'Current text: version {version}',
      embedTitle: 'Put the form on your site',
      embedIntro: 'Paste this into your website’s HTML: it shows the counter and the sign form. data-lang sets the language; data-tag (optional) names where signatures come from, as counted under “By source”.',
      embedScript: 'Script (resizes itself)',
      embedIframe: 'Or a plain iframe (no script, fixed height)',
    },

    dashboard: {
      title: 'Live',
      confirmed: plural({ one: 'confirmed signature', other: 'confirmed signatures' }),
      pending: plural({ one: '{count} awaiting email confirmation', other: '{count} awaiting email confirmation' }),
      updated: 'Updated {time}',
      stale: 'Connection lost; showing figures from {time}. Retrying…',
      countries: 'By country',
      country: 'Country',
      count: 'Signatures',
      noCountry: 'Not given',
      noCountries: 'No signatures yet.',
      timeline: 'Over time',
      byHour: 'By hour',
      byDay: 'By day',
      bucket: 'Show',
      chartLabel: 'Confirmed signatures per {bucket}',
      chartBucket: { hour: 'hour', day: 'day' },
      chartTable: 'Show as a table',
      chartTime: 'Time',
      chartLoading: 'Loading the chart…',
      chartFailed: 'The chart could not be loaded; the table below has the same figures.',
      noTimeline: 'Nothing to chart yet.',
      recent: 'Recent activity',
      noRecent: 'No activity in the last 7 days.',
      confirmedPart: plural({ one: '{count} confirmed', other: '{count} confirmed' }),
      withdrawnPart: plural({ one: '{count} withdrawn', other: '{count} withdrawn' }),
      utcDay: '{date} (UTC day)',
      withdrawalsNote: 'Withdrawals are counted by day only, without a country, so that nobody can tell when or from where someone withdrew. The chart shows confirmations.',
      sources: 'By source',
      source: 'Source',
      sourceDirect: 'This site (direct)',
      sourceTag: '{host} · {tag}',
    },

    translations: {
      title: 'Translations',
      intro: 'Readers get the campaign in their language when it has a translation, with a note that it is translated; otherwise the original. Signatures are always given on the original.',
      original: 'Original language: {language}',
      none: 'No translations yet.',
      outdated: 'The original has changed since this translation was saved.',
      language: 'Language',
      titleField: 'Title in this language',
      textField: 'Text in this language',
      save: 'Save translation',
      saved: 'Translation saved.',
      remove: 'Remove translation',
      removed: 'Translation removed.',
    },
    exports: {
      title: 'Exports',
      intro: 'Signatures for delivery. Files contain personal data: keep them safe and delete them when done.',
      csv: 'Export CSV',
      pdf: 'Delivery dossier (PDF)',
      starting: 'Starting the export…',
      started: 'Export started.',
      format: { csv: 'CSV', pdf: 'PDF dossier' },
      status: { queued: 'Waiting to start', running: 'In progress', done: 'Ready', failed: 'Failed', outdated: 'Outdated' },
      progress: plural({ one: '{rows} of {count} row', other: '{rows} of {count} rows' }),
      progressLabel: 'Export progress',
      download: 'Download {format}',
      includeTranslations: 'Translations to add to the dossier after the original text',
      order: 'Order of the signatories in the dossier',
      orders: { confirmed: 'In the order they confirmed', name: 'Alphabetical by name' },
      language: 'Language of the dossier’s headings',
      languageOriginal: 'The campaign’s original language',
      downloading: 'Preparing the download…',
      downloadFailed: 'The download link could not be fetched. Try again.',
      outdated: {
        withdrawal: 'A signer withdrew their signature after this export was made, so its file has been deleted and can no longer be downloaded. Make a new export.',
        erasure: 'The signers’ personal data was erased at the end of the retention period, so this export’s file has been deleted. A new export lists no names.',
      },
      created: 'Started {date}',
      empty: 'No exports yet.',
    },

    cosigners: {
      title: 'Co-signing organisations',
      intro: 'Invite an organisation to co-sign: each link works once, for 30 days.',
      create: 'Create invite link',
      creating: 'Creating…',
      link: 'Invitation link',
      linkHint: 'Send it to one organisation. Valid until {date}.',
      none: 'No organisations have co-signed yet.',
    },

    members: {
      title: 'Members',
      intro: 'People who can sign in for your organisation. Owners manage members and API tokens; editors run campaigns; viewers can only look.',
      you: '(you)',
      role: 'Role',
      roleFor: 'Role of {email}',
      added: 'Added {date}',
      remove: 'Remove',
      removeConfirm: 'Remove {email} from the organisation?',
      removed: '{email} was removed.',
      roleChanged: '{email} is now {role}.',
      inviteTitle: 'Invite a member',
      inviteEmail: 'Email address',
      invite: 'Send invitation',
      invited: 'Invitation sent to {email}.',
      invitedLimited: '{email} was added. No invitation email was sent: your organisation has already sent this address as many invitations as it may today. They can ask for a sign-in link on the sign-in page.',
      invitedFailed: '{email} was added, but the invitation email could not be sent. They can ask for a sign-in link on the sign-in page.',
      lastOwner: 'An organisation needs at least one owner.',
    },

    tokens: {
      title: 'API tokens',
      intro: 'For programs that use the API for your organisation: send the token as “Authorization: Bearer …”. Give each program its own token, so you can revoke one without the others.',
      ownersOnly: 'Only owners can manage API tokens.',
      empty: 'No API tokens.',
      name: 'Name',
      nameHint: 'What uses it, e.g. “website sync”.',
      role: 'Role',
      create: 'Create token',
      createTitle: 'Create a token',
      createdTitle: 'Your new token',
      tokenLabel: 'Token',
      createdWarning: 'Copy this token now. It is shown only once; if it is lost, revoke it and create a new one.',
      done: 'I have copied it',
      revoke: 'Revoke',
      revokeConfirm: 'Revoke “{name}”? Programs using it stop working at once.',
      revoked: '“{name}” was revoked.',
      created: 'Created {date}',
      madeBy: 'Made by {email}',
      madeByFormer: 'Made by a former member',
      inactive: 'Does not work: whoever made it is no longer an owner. Revoke it.',
    },
  },
  /** The share block (web/src/sharing/): on the campaign page, after signing and after confirming. Never about the signer. */
  share: {
    title: "Share this campaign",
    promptTitle: "Ask others to sign",
    intro: "Pass it on to people who may sign. The links open each service in a new tab; nothing of theirs loads on this page.",
    native: "Share…",
    email: "Email",
    text: "Sign: {title}",
    emailSubject: "{title}",
    emailBody: "Please read and sign: {title}\n{url}",
    linkLabel: "Link to this campaign",
    copy: "Copy link",
    copied: "Link copied.",
    copyFallback: "The link is selected: copy it with Ctrl+C (⌘C on a Mac), or press and hold on a phone.",
    qr: "QR code for a poster",
    qrLabel: "QR code leading to this campaign",
    qrHint: "Print it on posters and leaflets: a phone camera opens the campaign.",
    qrReady: "QR code ready to download.",
    qrFailed: "The QR code could not be made. Try again.",
    downloadSvg: "Download SVG",
    downloadPng: "Download PNG",
  },
  /** Who is behind a campaign (web/src/organisation/): the campaign page's line and its privacy notice. */
  organisation: {
    organisedBy: "Organised by {name}",
    website: "Website",
    notice: "How this campaign handles your data",
    controllerTitle: "Who controls your data",
    controller: "{name} runs this campaign and controls the personal data of its signers. Undersigned stores it for them, encrypted.",
    controllerPlatform: "Undersigned stores the personal data of this campaign’s signers, encrypted.",
    writeTo: "To ask what they hold about you, or to have it erased, write to {contact}.",
    collectedTitle: "What this campaign collects",
    collectedName: "Your name, and your email address to confirm your signature.",
    collectedCountry: "Your country.",
    collectedCountryOptional: "Your country, if you give it.",
    collectedComment: "Your comment, if you write one.",
    keptTitle: "How long it is kept",
    kept: plural({
      one: "Until {count} day after the campaign closes. Then names, addresses and comments are erased; only the counts remain.",
      other: "Until {count} days after the campaign closes. Then names, addresses and comments are erased; only the counts remain.",
    }),
    withdrawTitle: "How to withdraw",
    withdraw: "Every email about your signature has a link to withdraw it: it stops counting and is deleted. You can also write to the organisation.",
    platform: "How Undersigned protects signers",
  },
  /** The organisation profile (web/src/organiser/profile/), owners' to change. */
  orgProfile: {
    link: "Profile",
    title: "Organisation profile",
    intro: "Shown on every campaign of your organisation, in its privacy notice, on the dossier’s cover and in signers’ emails (as the sender’s name; replies go to the contact address). Only owners can change it.",
    ownersOnly: "Only owners can change the profile.",
    name: "Name",
    country: "Country",
    noCountry: "Not given",
    website: "Website",
    websiteHint: "Starting with https://",
    contact: "Public contact address",
    contactHint: "Signers can write to it, and replies to their emails go there. Use an address meant for the public, not a member’s own.",
    controller: "Data-controller statement",
    controllerHint: "Who controls signers’ data and how to reach them, in your organisation’s language. Plain text, at most {max} characters.",
    save: "Save profile",
    saved: "Profile of {name} saved. Your campaigns show it now.",
    websiteInvalid: "Enter a web address starting with https://.",
  },
};

/** The shape every catalog has (strings widened, plurals as PluralForms). */
export type Strings = typeof en;

export default en;
