/**
 * What the organiser pages share: requests that send a lapsed session back to sign-in, the page
 * frame (organisation bar, sign-out), server errors put on form fields (the fields and the form
 * controller are in ui/), polling and copy buttons.
 */
import { getJson, sendJson, type ApiResult } from '../../app/api.ts';
import { loadingView, messageView } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { field, type FormField } from '../../ui/field.ts';
import { liveStatus, type MessageBox } from '../../ui/form.ts';
import type { Busy } from '../../ui/busy-button.ts';
import { fill } from '../../app/text.ts';
import { nextPollDelay } from '../../app/polling.ts';
import { ORG_HASH } from '../../app/routes.ts';
import { hasRole, readMe, switchOrganisationBody, type Me } from './roles.ts';
import { mapOrgError } from './org-errors.ts';
import type { CampaignStatus } from './campaign-data.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

const t = live(() => strings.org);

// ---------------------------------------------------------------------------------------------
// A message carried to the next page (after a redirect)
// ---------------------------------------------------------------------------------------------

let flash: string | undefined;

export function setFlash(message: string): void {
  flash = message;
}

export function takeFlash(): string | undefined {
  const message = flash;
  flash = undefined;
  return message;
}

/** A notice for a flash message, announced politely; nothing when there is none. */
export function flashNotice(): HTMLElement | null {
  const message = takeFlash();
  return message ? h('p', { class: 'notice notice-success', role: 'status' }, message) : null;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** Sends the organiser back to the sign-in page, saying why. */
export function sessionEnded(): void {
  setFlash(t.signIn.sessionEnded);
  if (location.hash !== ORG_HASH.signIn) location.replace(ORG_HASH.signIn);
}

function after401(res: ApiResult): ApiResult {
  if (res.kind === 'response' && res.status === 401) sessionEnded();
  return res;
}

/** GET for an organiser page: a 401 (no session, or it lapsed) goes back to sign-in. */
export async function orgGet(path: string, signal?: AbortSignal): Promise<ApiResult> {
  return after401(await getJson(path, signal));
}

export async function orgSend(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, signal?: AbortSignal): Promise<ApiResult> {
  return after401(await sendJson(method, path, body, signal));
}

export function is401(res: ApiResult): boolean {
  return res.kind === 'response' && res.status === 401;
}

/** One sentence for a failed request that is not about a form field. */
export function failureMessage(res: ApiResult, serverMessage?: string): string {
  if (res.kind === 'network') return t.network;
  if (res.kind === 'timeout') return t.busy;
  if (res.kind !== 'response') return t.error;
  if (res.status === 403) return t.forbidden;
  if (res.status === 429 || res.status === 503) return t.busy;
  if (res.status === 409 && serverMessage) return serverMessage;
  if (res.status >= 400 && res.status < 500 && serverMessage) return serverMessage;
  return t.error;
}

/** How an organiser action ended: its parsed answer, or a failure already on show. */
export type ActionOutcome<T> = { ok: true; value: T } | { ok: false; onFields: boolean };

/**
 * One organiser action with its button busy: `send` it and `parse` a success. Leaving the page
 * (aborted) or a 401 (orgSend has already sent the reader to sign in) ends quietly: undefined, and the
 * button stays as it was. Any other failure is shown: a 400 naming some of `fields` on those fields,
 * focusing the first (`onFields`), anything else in `errors`, so the caller knows whether focus
 * should go back to its button.
 */
export async function runAction<T>(
  busy: Busy,
  errors: Pick<MessageBox, 'show'>,
  send: () => Promise<ApiResult>,
  parse: (body: unknown) => T | null,
  fields?: Record<string, FormField>,
): Promise<ActionOutcome<T> | undefined> {
  busy.start();
  const res = await send();
  if (res.kind === 'aborted' || is401(res)) return undefined;
  busy.stop();
  const value = res.kind === 'response' && res.ok ? parse(res.body) : null;
  if (value !== null) return { ok: true, value };
  if (fields && res.kind === 'response' && res.status === 400 && mapErrorsInto(res.body, fields, errors)) return { ok: false, onFields: true };
  errors.show(failureMessage(res, serverMessage(res)));
  return { ok: false, onFields: false };
}

/** `error.message` of an API error body, if there is one. */
export function serverMessage(res: ApiResult): string | undefined {
  if (res.kind !== 'response' || typeof res.body !== 'object' || res.body === null) return undefined;
  const err = (res.body as { error?: { message?: unknown } }).error;
  return typeof err?.message === 'string' && err.message.trim() !== '' ? err.message : undefined;
}

// ---------------------------------------------------------------------------------------------
// The page frame
// ---------------------------------------------------------------------------------------------

export interface OrgPage {
  me: Me;
  /** Where the view renders, under the organisation bar. */
  content: HTMLElement;
  signal: AbortSignal;
  /** Things to stop when the view is left. */
  cleanups: Cleanup[];
  ctx: ViewContext;
}

type Section = 'home' | 'members' | 'tokens' | 'profile' | null;

/**
 * Loads who is signed in (GET /api/me: the role may have changed since the last page), draws the
 * organisation bar and hands the rest of the page to `build`. Not signed in → the sign-in page.
 */
export function orgPage(root: HTMLElement, ctx: ViewContext, current: Section, build: (page: OrgPage) => void): Cleanup {
  const controller = new AbortController();
  const cleanups: Cleanup[] = [];

  const load = async (): Promise<void> => {
    replaceChildren(root, loadingView());
    root.setAttribute('aria-busy', 'true');
    const res = await orgGet('/api/me', controller.signal);
    if (res.kind === 'aborted' || is401(res)) return;
    root.removeAttribute('aria-busy');
    const me = res.kind === 'response' && res.ok ? readMe(res.body) : null;
    if (!me) {
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
      retry.addEventListener('click', () => void load());
      const view = messageView(strings.loadFailed, undefined, retry);
      replaceChildren(root, view.el);
      ctx.ready(view.heading);
      return;
    }
    const content = h('div', { class: 'org-content' });
    replaceChildren(root, orgBar(me, current, controller.signal), content);
    build({ me, content, signal: controller.signal, cleanups, ctx });
  };
  void load();

  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
    for (const c of cleanups.splice(0)) c();
  };
}

function orgBar(me: Me, current: Section, signal: AbortSignal): HTMLElement {
  const link = (section: Exclude<Section, null>, href: string, label: string): HTMLElement =>
    h('li', {}, h('a', { href, 'aria-current': current === section ? 'page' : null }, label));
  const signOut = h('button', { type: 'button', class: 'button button-secondary button-small' }, t.signOut);
  const status = h('p', { class: 'org-bar-status', role: 'status' });
  signOut.addEventListener('click', () => {
    signOut.disabled = true;
    status.textContent = t.signingOut;
    void sendJson('DELETE', '/api/auth/session', {}, signal).then((res) => {
      if (res.kind === 'aborted') return;
      signOut.disabled = false;
      // 204, or 401 because the session had already lapsed: signed out either way.
      if (res.kind === 'response' && (res.ok || res.status === 401)) {
        setFlash(t.signIn.signedOut);
        location.replace(ORG_HASH.signIn);
        return;
      }
      status.textContent = failureMessage(res);
    });
  });
  // Someone in several organisations acts for one at a time: switching re-issues the session.
  let orgName: HTMLElement = h('p', { class: 'org-bar-name' }, me.organisation.name);
  if (me.organisations.length > 1) {
    const choice = h('select', { id: 'org-switch', class: 'org-switch' }, ...me.organisations.map((o) => h('option', { value: o.id }, o.name)));
    choice.value = me.organisation.id;
    choice.addEventListener('change', () => {
      choice.disabled = true;
      status.textContent = t.switching;
      void orgSend('PUT', '/api/me/organisation', switchOrganisationBody(choice.value), signal).then((res) => {
        if (res.kind === 'aborted' || is401(res)) return;
        choice.disabled = false;
        if (res.kind === 'response' && res.ok) {
          // Another organisation's campaign would be a 404: start from its campaign list.
          if (location.hash === ORG_HASH.home) window.dispatchEvent(new HashChangeEvent('hashchange'));
          else location.hash = ORG_HASH.home;
          return;
        }
        choice.value = me.organisation.id;
        status.textContent = failureMessage(res, serverMessage(res));
      });
    });
    orgName = h('p', { class: 'org-bar-name' }, h('label', { for: choice.id, class: 'visually-hidden' }, t.organisation), choice);
  }
  return h(
    'nav',
    { class: 'org-bar', 'aria-label': t.nav },
    h(
      'div',
      { class: 'org-bar-who' },
      orgName,
      h('p', { class: 'org-bar-user' }, fill(t.roleLine, { email: me.email, role: t.role[me.role] })),
    ),
    h(
      'ul',
      { class: 'org-bar-links' },
      link('home', ORG_HASH.home, t.campaigns),
      link('members', ORG_HASH.members, t.membersLink),
      hasRole(me.role, 'owner') ? link('tokens', ORG_HASH.tokens, t.tokensLink) : null,
      link('profile', ORG_HASH.profile, strings.orgProfile.link),
      h('li', {}, signOut),
    ),
    status,
  );
}

export function statusBadge(status: CampaignStatus): HTMLElement {
  return h('span', { class: `status status-${status}` }, t.status[status]);
}

// ---------------------------------------------------------------------------------------------
// Copy
// ---------------------------------------------------------------------------------------------

/** A read-only field with a copy button (for an invitation URL or a token shown once). */
export function copyField(id: string, label: string, value: string, hint?: string): HTMLElement {
  const input = h('input', { type: 'text', readonly: true, spellcheck: 'false', class: 'copy-value' });
  input.value = value;
  const copy = field(id, label, input, hint ? { hint } : {});
  const button = h('button', { type: 'button', class: 'button button-secondary' }, t.copy);
  const status = liveStatus();
  input.addEventListener('focus', () => input.select());
  button.addEventListener('click', () => {
    void copyText(value, input).then((ok) => status.say(ok ? t.copied : t.copyFailed));
  });
  return h('div', { class: 'copy' }, copy.el, h('div', { class: 'copy-actions' }, button, status.el));
}

async function copyText(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (older browser, or not allowed): select the text and use the old command.
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Polling
// ---------------------------------------------------------------------------------------------

export interface Poller {
  stop(): void;
  /** Runs a tick now (or right after the one in flight), e.g. after starting an export. */
  poke(): void;
}

/**
 * Calls `tick` every 1.5 s while the tab is visible, one request at a time, backing off after
 * failures (up to 30 s); pauses while the tab is hidden and catches up at once when it is shown.
 * `tick` answers whether it succeeded, or 'idle' to stop until poked (nothing left to watch).
 */
export function startPoller(tick: (signal: AbortSignal) => Promise<boolean | 'idle'>, immediately = true): Poller {
  let stopped = false;
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let again = false;
  let failures = 0;

  const schedule = (delay = nextPollDelay(failures)): void => {
    if (stopped || idle || document.hidden || timer !== undefined || inFlight) return;
    timer = setTimeout(run, delay);
  };
  const run = async (): Promise<void> => {
    timer = undefined;
    if (stopped || document.hidden || inFlight) return;
    const request = new AbortController();
    inFlight = request;
    let result: boolean | 'idle';
    try {
      result = await tick(request.signal);
    } catch {
      result = false;
    }
    inFlight = undefined;
    if (stopped) return;
    idle = result === 'idle';
    failures = result === false ? failures + 1 : 0;
    if (again) {
      again = false;
      idle = false;
      schedule(0);
    } else schedule();
  };
  const onVisibility = (): void => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined && !inFlight && !idle) void run();
  };
  document.addEventListener('visibilitychange', onVisibility);
  if (immediately && !document.hidden) void run();
  else schedule();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    },
    poke() {
      idle = false;
      if (inFlight) {
        again = true;
        return;
      }
      clearTimeout(timer);
      timer = undefined;
      schedule(0);
    },
  };
}

/**
 * Puts the API's field errors (`{ error: { fields } }`) next to the given fields and the rest in
 * the message box; focuses the first field with an error. False when the body had no field errors.
 */
export function mapErrorsInto(body: unknown, fields: Record<string, FormField>, box: Pick<MessageBox, 'show'>): boolean {
  const keys = Object.keys(fields);
  const mapped = mapOrgError(body, keys);
  const first = keys.find((k) => mapped.fields[k] !== undefined);
  if (first === undefined && mapped.other.length === 0) return false;
  for (const key of keys) fields[key]?.setError(mapped.fields[key]);
  box.show(...mapped.other);
  if (first !== undefined) fields[first]?.control.focus();
  return true;
}
