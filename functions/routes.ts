/**
 * The one route table. The CDK stack creates one Lambda function and one HTTP API route per entry;
 * the local server (infra/local/server.ts) matches requests against the same entries and calls the
 * same handler modules. Add a route here and both places get it.
 */
export type Access = 'read' | 'write' | 'readwrite';

export interface Route {
  /** Function name suffix and a stable id for tests. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** HTTP API path syntax: `{param}` for a path parameter. */
  path: string;
  /**
   * Older paths the same function still answers, exactly as `path` does: embedded widgets and open
   * tabs call them (the public paths were `/api/petitions…` before campaigns got one word, issue #15).
   * The stack adds an HTTP API route per alias to the same function; the local server matches them
   * too. Left out of the OpenAPI document, which describes only the path to use.
   */
  aliases?: readonly string[];
  /**
   * The name the route's function was deployed under, when the route has been renamed since: the
   * stack keeps its construct ids (function, log group, integration), so a rename in code replaces
   * nothing deployed.
   */
  deployedAs?: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Least-privilege table access the handler needs, by table id. */
  tables: Partial<Record<'Petitions' | 'Signatures' | 'Signals' | 'Organisations' | 'Jobs', Access>>;
  /** Secrets the handler reads at start-up, by environment variable name. */
  secrets: ('HASH_KEY' | 'SESSION_KEY')[];
  /**
   * Other capabilities: sealing personal data (data keys from KMS), opening it, sending mail, making
   * links to the site without mailing them ('links'), writing export files to the exports bucket
   * ('upload'), signing download links to them ('download') and deleting them ('discard'), and writing
   * campaign pages to the site bucket's `c/` ('publish'). The stack grants exactly these and sets their
   * configuration (DATA_KEY_ID, MAIL_FROM, SITE_URL, EXPORTS_BUCKET, SITE_BUCKET).
   * 'cards': writing share cards (`c/<slug>/card.png`, and only those keys) to the site bucket (SITE_BUCKET).
   * 'render': storing campaign texts' renderings (HTML items) in the petitions table: PutItem on it and
   * no other write (no update, delete or batch), for a function otherwise only reading it.
   */
  uses?: ('seal' | 'open' | 'mail' | 'links' | 'upload' | 'download' | 'discard' | 'publish' | 'cards' | 'render' | 'image-upload' | 'image-publish')[];
  /**
   * Organiser routes: the least role that may call it (checked by the handler with requireOrganiser;
   * test/integration/organiser-access.test.ts holds every route marked here to it). Unmarked = public.
   */
  organiser?: 'owner' | 'editor' | 'viewer';
  /**
   * A route that computes more than it reads (decoding an image): its function's memory, which is also
   * its share of CPU (1,769 MB is one full vCPU), and its time limit. Default 512 MB and 10 s.
   */
  compute?: { memoryMb: number; timeoutSeconds: number };
}

export const routes: readonly Route[] = [
  { name: 'health', method: 'GET', path: '/api/health', entry: 'functions/http/health.ts', tables: {}, secrets: [] },
  {
    name: 'list-public-campaigns',
    deployedAs: 'list-petitions',
    method: 'GET',
    path: '/api/campaigns',
    aliases: ['/api/petitions'],
    entry: 'functions/http/list-public-campaigns.ts',
    tables: { Petitions: 'read' },
    secrets: [],
  },
  {
    name: 'get-public-campaign',
    deployedAs: 'get-petition',
    method: 'GET',
    path: '/api/campaigns/{slug}',
    aliases: ['/api/petitions/{slug}'],
    entry: 'functions/http/get-public-campaign.ts',
    tables: { Petitions: 'read' },
    secrets: [],
    // links: SITE_URL, for the answer's `url` (the campaign's page, /c/<slug>).
    uses: ['links'],
  },
  {
    name: 'get-count',
    method: 'GET',
    path: '/api/campaigns/{slug}/count',
    aliases: ['/api/petitions/{slug}/count'],
    entry: 'functions/http/get-count.ts',
    tables: { Petitions: 'read' },
    secrets: [],
  },
  {
    name: 'get-challenge',
    method: 'GET',
    path: '/api/challenge',
    entry: 'functions/http/get-challenge.ts',
    tables: {},
    secrets: ['HASH_KEY'],
  },
  {
    name: 'sign',
    method: 'POST',
    path: '/api/campaigns/{slug}/signatures',
    aliases: ['/api/petitions/{slug}/signatures'],
    entry: 'functions/http/sign.ts',
    // One transaction: the submission, and the spent challenge in Signals. Nothing is read but the campaign.
    tables: { Petitions: 'read', Signatures: 'write', Signals: 'write' },
    secrets: ['HASH_KEY'],
    uses: ['seal'],
  },
  {
    name: 'preview-signature',
    method: 'POST',
    path: '/api/campaigns/{slug}/signatures/{id}/preview',
    aliases: ['/api/petitions/{slug}/signatures/{id}/preview'],
    entry: 'functions/http/preview-signature.ts',
    tables: { Petitions: 'read', Signatures: 'read' },
    secrets: [],
    // Opens the link's own submission, to show its holder what Confirm would confirm.
    uses: ['open'],
  },
  {
    name: 'confirm-signature',
    method: 'POST',
    path: '/api/campaigns/{slug}/signatures/{id}/confirm',
    aliases: ['/api/petitions/{slug}/signatures/{id}/confirm'],
    entry: 'functions/http/confirm-signature.ts',
    tables: { Petitions: 'read', Signatures: 'readwrite' },
    secrets: [],
    // Opens the name only to make the public-list label of a signer who asked to be listed.
    uses: ['open'],
  },
  {
    name: 'withdraw-signature',
    method: 'POST',
    path: '/api/campaigns/{slug}/signatures/{id}/withdraw',
    aliases: ['/api/petitions/{slug}/signatures/{id}/withdraw'],
    entry: 'functions/http/withdraw-signature.ts',
    tables: { Petitions: 'read', Signatures: 'readwrite' },
    secrets: [],
  },
  {
    name: 'list-signers',
    method: 'GET',
    path: '/api/campaigns/{slug}/signers',
    aliases: ['/api/petitions/{slug}/signers'],
    entry: 'functions/http/list-signers.ts',
    tables: { Petitions: 'read', Signatures: 'read' },
    secrets: [],
  },

  // --- Organisers: sign-in, members, API tokens (docs/organisers.md) -------------------------
  {
    name: 'request-sign-in',
    method: 'POST',
    path: '/api/auth/link',
    entry: 'functions/http/request-sign-in.ts',
    // Writes only: the proof of work spent (Signals) and the sealed request (Organisations). It reads
    // nothing about the address and cannot mail; the stream consumer answer-sign-ins does.
    tables: { Organisations: 'write', Signals: 'write' },
    // HASH_KEY: the proof-of-work key is derived from it.
    secrets: ['HASH_KEY'],
    uses: ['seal'],
  },
  {
    name: 'start-session',
    method: 'POST',
    path: '/api/auth/session',
    entry: 'functions/http/start-session.ts',
    // readwrite: a sign-in link is deleted as it is used.
    tables: { Organisations: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'end-session',
    method: 'DELETE',
    path: '/api/auth/session',
    entry: 'functions/http/end-session.ts',
    // write: the session's record is deleted, so every copy of the cookie stops working.
    tables: { Organisations: 'write' },
    secrets: ['SESSION_KEY'],
  },
  { name: 'get-me', organiser: 'viewer', method: 'GET', path: '/api/me', entry: 'functions/http/get-me.ts', tables: { Organisations: 'read' }, secrets: ['SESSION_KEY'] },
  {
    name: 'switch-organisation',
    organiser: 'viewer',
    method: 'PUT',
    path: '/api/me/organisation',
    entry: 'functions/http/switch-organisation.ts',
    // readwrite: the new session is recorded and the one left ends.
    tables: { Organisations: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  { name: 'list-members', organiser: 'viewer', method: 'GET', path: '/api/org/members', entry: 'functions/http/list-members.ts', tables: { Organisations: 'read' }, secrets: ['SESSION_KEY'] },
  {
    name: 'invite-member',
    organiser: 'owner',
    method: 'POST',
    path: '/api/org/members',
    entry: 'functions/http/invite-member.ts',
    // Signals: the invitee's mail quota; HASH_KEY keys it.
    tables: { Organisations: 'readwrite', Signals: 'write' },
    secrets: ['SESSION_KEY', 'HASH_KEY'],
    uses: ['mail'],
  },
  {
    name: 'update-member',
    organiser: 'owner',
    method: 'PATCH',
    path: '/api/org/members/{memberId}',
    entry: 'functions/http/update-member.ts',
    tables: { Organisations: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'remove-member',
    organiser: 'owner',
    method: 'DELETE',
    path: '/api/org/members/{memberId}',
    entry: 'functions/http/remove-member.ts',
    tables: { Organisations: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  { name: 'list-tokens', organiser: 'owner', method: 'GET', path: '/api/org/tokens', entry: 'functions/http/list-tokens.ts', tables: { Organisations: 'read' }, secrets: ['SESSION_KEY'] },
  {
    name: 'create-token',
    organiser: 'owner',
    method: 'POST',
    path: '/api/org/tokens',
    entry: 'functions/http/create-token.ts',
    tables: { Organisations: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'revoke-token',
    organiser: 'owner',
    method: 'DELETE',
    path: '/api/org/tokens/{tokenId}',
    entry: 'functions/http/revoke-token.ts',
    tables: { Organisations: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },

  // The organisation's public profile (issue #17): every member reads it, owners change it. A change
  // is copied onto the organisation's campaigns (Petitions), so public routes never read Organisations.
  { name: 'get-org-profile', organiser: 'viewer', method: 'GET', path: '/api/org/profile', entry: 'functions/http/get-org-profile.ts', tables: { Organisations: 'read' }, secrets: ['SESSION_KEY'] },
  {
    name: 'update-org-profile',
    organiser: 'owner',
    method: 'PATCH',
    path: '/api/org/profile',
    entry: 'functions/http/update-org-profile.ts',
    tables: { Organisations: 'readwrite', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    // Issue #17, item 4: the organisation's logo, uploaded as a campaign image is ('image-upload').
    name: 'start-logo-upload',
    organiser: 'owner',
    method: 'POST',
    path: '/api/org/profile/logo/uploads',
    entry: 'functions/http/start-logo-upload.ts',
    tables: { Organisations: 'read' },
    secrets: ['SESSION_KEY'],
    uses: ['image-upload'],
  },
  {
    // Publishes the re-encoded logo ('image-publish') and copies the profile onto the campaigns, as update-org-profile does.
    name: 'attach-org-logo',
    organiser: 'owner',
    method: 'PUT',
    path: '/api/org/profile/logo',
    entry: 'functions/http/attach-org-logo.ts',
    tables: { Organisations: 'readwrite', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
    uses: ['image-publish'],
    compute: { memoryMb: 1769, timeoutSeconds: 29 },
  },
  {
    name: 'remove-org-logo',
    organiser: 'owner',
    method: 'DELETE',
    path: '/api/org/profile/logo',
    entry: 'functions/http/remove-org-logo.ts',
    tables: { Organisations: 'readwrite', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },

  // --- Organisers: campaign editor, co-signers, delivery, dashboard ---------------------------
  {
    name: 'list-campaigns',
    organiser: 'viewer',
    method: 'GET',
    path: '/api/org/campaigns',
    entry: 'functions/http/list-campaigns.ts',
    tables: { Organisations: 'read', Petitions: 'read' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'create-campaign',
    organiser: 'editor',
    method: 'POST',
    path: '/api/org/campaigns',
    entry: 'functions/http/create-campaign.ts',
    // readwrite: the answer reads back the new campaign's counter.
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'get-campaign',
    organiser: 'viewer',
    method: 'GET',
    path: '/api/org/campaigns/{slug}',
    entry: 'functions/http/get-campaign.ts',
    tables: { Organisations: 'read', Petitions: 'read' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'update-campaign',
    organiser: 'editor',
    method: 'PATCH',
    path: '/api/org/campaigns/{slug}',
    entry: 'functions/http/update-campaign.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    // Issue #17, item 5: a presigned PUT into the organisation's own upload folder ('image-upload').
    name: 'start-image-upload',
    organiser: 'editor',
    method: 'POST',
    path: '/api/org/campaigns/{slug}/image/uploads',
    entry: 'functions/http/start-image-upload.ts',
    tables: { Organisations: 'read', Petitions: 'read' },
    secrets: ['SESSION_KEY'],
    uses: ['image-upload'],
  },
  {
    // Reads and deletes the upload, publishes the re-encoded image under the site ('image-publish').
    name: 'attach-campaign-image',
    organiser: 'editor',
    method: 'PUT',
    path: '/api/org/campaigns/{slug}/image',
    entry: 'functions/http/attach-campaign-image.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
    uses: ['image-publish'],
    // jimp decodes up to 24 megapixels in pure JavaScript: one full vCPU, and the API's 29 s at most.
    compute: { memoryMb: 1769, timeoutSeconds: 29 },
  },
  {
    name: 'set-campaign-status',
    organiser: 'editor',
    method: 'POST',
    path: '/api/org/campaigns/{slug}/status',
    entry: 'functions/http/set-campaign-status.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'record-delivery',
    organiser: 'editor',
    method: 'POST',
    path: '/api/org/campaigns/{slug}/delivery',
    entry: 'functions/http/record-delivery.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'create-cosign-invite',
    organiser: 'editor',
    method: 'POST',
    path: '/api/org/campaigns/{slug}/cosign-invites',
    entry: 'functions/http/create-cosign-invite.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
    // The invitation link points at the site.
    uses: ['links'],
  },
  {
    name: 'get-dashboard',
    organiser: 'viewer',
    method: 'GET',
    path: '/api/org/campaigns/{slug}/dashboard',
    entry: 'functions/http/get-dashboard.ts',
    tables: { Organisations: 'read', Petitions: 'read' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'put-translation',
    organiser: 'editor',
    method: 'PUT',
    path: '/api/org/campaigns/{slug}/translations/{lang}',
    entry: 'functions/http/put-translation.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'delete-translation',
    organiser: 'editor',
    method: 'DELETE',
    path: '/api/org/campaigns/{slug}/translations/{lang}',
    entry: 'functions/http/delete-translation.ts',
    tables: { Organisations: 'read', Petitions: 'readwrite' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'cosign',
    method: 'POST',
    path: '/api/campaigns/{slug}/cosigners',
    aliases: ['/api/petitions/{slug}/cosigners'],
    entry: 'functions/http/cosign.ts',
    tables: { Petitions: 'readwrite' },
    secrets: [],
  },
  {
    // Opening an invitation link: the letter, or that the link was used. Reads only.
    name: 'preview-cosign',
    method: 'POST',
    path: '/api/campaigns/{slug}/cosigners/preview',
    aliases: ['/api/petitions/{slug}/cosigners/preview'],
    entry: 'functions/http/preview-cosign.ts',
    tables: { Petitions: 'read' },
    secrets: [],
  },

  // --- Organisers: exports (CSV, delivery dossier PDF) ----------------------------------------
  {
    name: 'start-export',
    organiser: 'editor',
    method: 'POST',
    path: '/api/org/campaigns/{slug}/exports',
    entry: 'functions/http/start-export.ts',
    // Jobs: write, the job and the campaign's export lock in one transaction; the stream starts the runner.
    tables: { Organisations: 'read', Petitions: 'read', Jobs: 'write' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'list-exports',
    organiser: 'viewer',
    method: 'GET',
    path: '/api/org/campaigns/{slug}/exports',
    entry: 'functions/http/list-exports.ts',
    tables: { Organisations: 'read', Petitions: 'read', Jobs: 'read' },
    secrets: ['SESSION_KEY'],
  },
  {
    name: 'get-export',
    organiser: 'editor',
    method: 'GET',
    path: '/api/org/campaigns/{slug}/exports/{jobId}',
    entry: 'functions/http/get-export.ts',
    tables: { Organisations: 'read', Petitions: 'read', Jobs: 'read' },
    secrets: ['SESSION_KEY'],
    // Signs the download link, which acts with this function's permission to read the file.
    uses: ['download'],
  },

  // --- API reference ------------------------------------------------------------------------
  {
    name: 'get-openapi',
    method: 'GET',
    path: '/api/openapi.json',
    entry: 'functions/http/get-openapi.ts',
    tables: {},
    secrets: [],
  },
];

/**
 * Stream consumers: not HTTP routes, but wired from the same place. Each reads the stream of its
 * `source` table; the CDK stack makes one event source mapping each, the local stack one poller each.
 */
export interface StreamConsumer {
  name: string;
  /** As Route['deployedAs']: the name its function was deployed under, kept by the stack. */
  deployedAs?: string;
  entry: string;
  source: 'Signatures' | 'Jobs' | 'Organisations' | 'Petitions';
  tables: Route['tables'];
  secrets: Route['secrets'];
  uses?: Route['uses'];
  /** Records per invocation; default 100. */
  batchSize?: number;
  /** How long one invocation may run, in seconds; default 60. */
  timeoutSeconds?: number;
  /**
   * Only these records reach the function (Lambda event filters; the local poller applies the same):
   * of these events, with this sort-key prefix, and whose old image has this `status`; a list lets
   * through what any of its filters does. Absent: every record.
   */
  only?: StreamFilter | readonly StreamFilter[];
  /**
   * Batches of one stream shard handled at once; default 1 (strict order). Above 1, records of one
   * partition key still arrive in order.
   */
  parallelization?: number;
  /** Files the function's bundle carries beside its code. */
  assets?: ('dossier-fonts' | 'share-card-files')[];
  /** Lambda memory in MB (and so CPU); default the ServiceFunction's. */
  memoryMb?: number;
}

/** One Lambda event filter on a stream: see StreamConsumer.only. */
export interface StreamFilter {
  events: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  sortKeyPrefix?: string;
  oldStatus?: string;
}

/**
 * The signatures stream has two readers, the most DynamoDB Streams serves a shard without throttling:
 * the counter, and `follow-signatures` for everything else that follows a signature off the request
 * path. A new reaction to signatures belongs in the second, not in a third reader.
 */
export const streamConsumers: readonly StreamConsumer[] = [
  {
    // What follows a signature off the request path (#streams/follow-signatures.ts): every new
    // submission is answered by mail (#usecases/submissions.ts), and a confirmed signer's removal
    // outdates the campaign's exports made before and deletes their files (functions/usecases/outdate-exports.ts).
    name: 'follow-signatures',
    entry: 'functions/streams/follow-signatures.ts',
    source: 'Signatures',
    // Signals: the mail quota, the velocity counters and the hour's salt. Jobs: the exports outdated.
    // Organisations: the organisation's name, which the signer's mail names.
    tables: { Signatures: 'readwrite', Signals: 'readwrite', Petitions: 'read', Jobs: 'readwrite', Organisations: 'read' },
    secrets: ['HASH_KEY'],
    // seal: the hour's salt is stored sealed by whichever function needs it first. discard: export files.
    uses: ['seal', 'open', 'mail', 'discard'],
    only: [
      { events: ['INSERT'], sortKeyPrefix: 'sub#' },
      { events: ['REMOVE'], oldStatus: 'confirmed' },
    ],
  },
  {
    name: 'count-signatures',
    entry: 'functions/streams/count-signatures.ts',
    source: 'Signatures',
    tables: { Petitions: 'readwrite' },
    secrets: [],
    // A signature makes four records (submission, the mailer's mark, signature, spent submission), and
    // each batch is one write to the campaign's partition: 300 a batch keeps it under 500 writes/s at
    // 5,000 signatures/s (`npm run bench`, capacity model), and fills within a second at that rate.
    batchSize: 300,
  },
  {
    // The export job runner: one new job per invocation, for up to 15 minutes.
    name: 'run-export-jobs',
    deployedAs: 'run-exports',
    entry: 'functions/streams/run-export-jobs.ts',
    source: 'Jobs',
    // Organisations: the organisation's name on the dossier.
    tables: { Jobs: 'readwrite', Petitions: 'read', Signatures: 'read', Organisations: 'read' },
    secrets: [],
    // discard: a job outdated while it ran deletes the file it wrote.
    uses: ['open', 'upload', 'discard'],
    batchSize: 1,
    timeoutSeconds: 15 * 60,
    only: { events: ['INSERT'], sortKeyPrefix: 'JOB#' },
    // Exports of different campaigns need not wait for each other (one campaign has one at a time).
    parallelization: 10,
    assets: ['dossier-fonts'],
  },
  {
    // Answers sign-in requests off the request path (POST /api/auth/link only stores them), so that
    // nothing the asker sees depends on whether the address organises: a link or a "not a member"
    // note, within the address's mail quota. Opens the sealed address; Signals: the quota.
    name: 'answer-sign-ins',
    entry: 'functions/streams/answer-sign-ins.ts',
    source: 'Organisations',
    tables: { Organisations: 'readwrite', Signals: 'write' },
    secrets: ['HASH_KEY'],
    uses: ['open', 'mail'],
    only: { events: ['INSERT'], sortKeyPrefix: 'SIGN-IN-REQUEST' },
  },
  {
    // Draws each campaign's share card (`c/<slug>/card.png` in the site bucket, #streams/draw-share-cards.ts)
    // when it opens, when what the card shows changes, and as its count moves (at most once per
    // CARD_THROTTLE_MS, #rules/share-card.ts). Petitions: reads META and COUNT, writes its own CARD item.
    name: 'draw-share-cards',
    entry: 'functions/streams/draw-share-cards.ts',
    source: 'Petitions',
    tables: { Petitions: 'readwrite' },
    secrets: [],
    uses: ['cards'],
    only: [
      { events: ['INSERT', 'MODIFY'], sortKeyPrefix: 'META' },
      { events: ['INSERT', 'MODIFY'], sortKeyPrefix: 'COUNT' },
    ],
    // A card is a few hundred milliseconds of CPU; a batch names each campaign once.
    timeoutSeconds: 120,
    // Drawing is CPU work, and Lambda's CPU grows with memory (512 MB is about a third of a core).
    memoryMb: 1024,
    assets: ['share-card-files'],
  },
  {
    // Publishes each campaign's static pages (/c/<slug>, one per language) to the site bucket when it
    // opens or changes, and refreshes their count at most once a minute (#usecases/publish-pages.ts).
    // render: it stores each text's HTML beside it for the read routes (keys the filters below pass over).
    name: 'publish-campaign-pages',
    entry: 'functions/streams/publish-campaign-pages.ts',
    source: 'Petitions',
    tables: { Petitions: 'read' },
    secrets: [],
    uses: ['publish', 'render'],
    only: [
      { events: ['INSERT', 'MODIFY', 'REMOVE'], sortKeyPrefix: 'META' },
      { events: ['INSERT', 'MODIFY', 'REMOVE'], sortKeyPrefix: 'TRANSLATION#' },
      { events: ['INSERT', 'MODIFY'], sortKeyPrefix: 'COUNT' },
    ],
  },
];

/** Scheduled jobs: a function the stack runs on an EventBridge schedule, and a command locally. */
export const scheduledJobs = [
  {
    name: 'retention',
    entry: 'functions/jobs/retention.ts',
    /** EventBridge schedule expression. */
    schedule: 'rate(1 day)',
    // Jobs and discard: an erased campaign's export files are deleted and its jobs marked.
    tables: { Petitions: 'readwrite', Signatures: 'readwrite', Jobs: 'readwrite' } as Route['tables'],
    secrets: [] as Route['secrets'],
    uses: ['discard'] as Route['uses'],
  },
  {
    // Draws what the stream's throttle held back (a count that moved within CARD_THROTTLE_MS of the last
    // drawing, then stopped), and the first card of campaigns opened before cards existed: every open
    // campaign's card, up to date (#jobs/refresh-share-cards.ts). Twice the throttle: a card is at most
    // about 15 minutes behind its count.
    name: 'refresh-share-cards',
    entry: 'functions/jobs/refresh-share-cards.ts',
    schedule: 'rate(10 minutes)',
    tables: { Petitions: 'readwrite' } as Route['tables'],
    secrets: [] as Route['secrets'],
    uses: ['cards'] as Route['uses'],
    assets: ['share-card-files'] as StreamConsumer['assets'],
    memoryMb: 1024,
  },
];
