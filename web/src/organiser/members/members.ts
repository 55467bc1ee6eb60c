/**
 * `#/org/members` and `#/org/tokens`: who may sign in for the organisation, and the API tokens of
 * the programs that act for it. Owners change them; others see the member list only. Both lists are
 * lit-html templates of their state (the items, a change in flight, an error, the removal being
 * confirmed), keyed by item, drawn again after every change.
 */
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { live as liveValue } from 'lit-html/directives/live.js';
import { repeat } from 'lit-html/directives/repeat.js';
import type { ApiResult } from '../../app/api.ts';
import { loadingView } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { formatShortDate } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { copyField, failureMessage, is401, orgGet, orgPage, type OrgPage, orgSend, serverMessage } from '../shell/common.ts';
import { field } from '../../ui/field.ts';
import { select } from '../../ui/select.ts';
import { liveStatus } from '../../ui/form.ts';
import { confirmState, confirmView } from '../shell/confirm-view.ts';
import { actionForm } from '../shell/action-form.ts';
import { hasRole, ROLES, type Role } from '../shell/roles.ts';
import { orgMemberApiPath, orgTokenApiPath } from '../shell/api-paths.ts';
import { inviteBody, memberRoleBody, readCreatedToken, readInvited, readMember, readMembers, readTokens, tokenBody, tokenNameProblem, TOKEN_ROLES, type ApiToken, type Member } from './member-rules.ts';
import { SIGN_LIMITS, TOKEN_NAME_MAX } from '../../../../functions/rules/limits.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';
import { addressProblem } from '../shell/address-rules.ts';
import { problemMessages } from '../shell/org-errors.ts';

const roleLabels = live(() => strings.org.role);

/** Loads a list, with a retry on failure; `show` gets the parsed value. */
async function loadInto<T>(page: OrgPage, body: HTMLElement, path: string, parse: (v: unknown) => T | null, show: (value: T) => void): Promise<void> {
  replaceChildren(body, loadingView());
  const res = await orgGet(path, page.signal);
  if (res.kind === 'aborted' || is401(res)) return;
  const value = res.kind === 'response' && res.ok ? parse(res.body) : null;
  if (value === null) {
    const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
    retry.addEventListener('click', () => void loadInto(page, body, path, parse, show));
    const text = res.kind === 'response' && res.status === 403 ? strings.org.forbidden : strings.loadFailed;
    replaceChildren(body, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, text), res.kind === 'response' && res.status === 403 ? null : retry));
    return;
  }
  show(value);
}

/**
 * The element a list is drawn into (lit-html) inside `body`, which loadInto fills with a loading line
 * or an error first: lit-html owns only its own container, and puts it back in `body` when needed.
 */
function listIn(body: HTMLElement): HTMLElement {
  let box = listBoxes.get(body);
  if (!box) listBoxes.set(body, (box = h('div', {})));
  if (box.parentNode !== body) replaceChildren(body, box);
  return box;
}
const listBoxes = new WeakMap<HTMLElement, HTMLElement>();

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

export function renderMembers(root: HTMLElement, ctx: ViewContext): Cleanup {
  const t = strings.org.members;
  return orgPage(root, ctx, 'members', (page) => {
    const { me, content, signal } = page;
    const isOwner = hasRole(me.role, 'owner');
    const heading = h('h1', { tabindex: -1 }, t.title);
    const body = h('div', {});
    const status = liveStatus();
    let members: Member[] = [];

    /** Per member: the error of its last change, a change in flight, the removal being confirmed. */
    const errors = new Map<string, string>();
    const pending = new Map<string, 'role' | 'remove'>();
    const renderList = (): void => void render(html`<ul class="admin-list">${repeat(members, (m) => m.id, memberRow)}</ul>`, listIn(body));
    const rowOf = (id: string): HTMLElement | null => body.querySelector(`[data-member="${CSS.escape(id)}"]`);
    const confirm = confirmState(renderList, rowOf);

    const memberRow = (m: Member): TemplateResult => {
      const isMe = m.email.toLowerCase() === me.email.toLowerCase();
      const who = html`<p class="admin-name">${m.email}${isMe ? html`<span class="muted">${` ${t.you}`}</span>` : nothing}</p>`;
      const meta = m.addedAt ? html`<p class="muted admin-meta">${fill(t.added, { date: formatShortDate(m.addedAt) })}</p>` : nothing;
      if (!isOwner) return html`<li class="admin-item">${who}<p>${roleLabels[m.role]}</p>${meta}</li>`;
      const error = errors.get(m.id);
      const busy = pending.get(m.id);
      const asking = confirm.asking(m.id);
      return html`<li class="admin-item" data-member=${m.id}>${who}${meta}<div class="admin-controls"><select aria-label=${fill(t.roleFor, { email: m.email })} ?disabled=${busy === 'role'} .value=${liveValue(m.role)} @change=${(e: Event) => changeRole(m, (e.target as HTMLSelectElement).value as Role)}>${ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${roleLabels[r]}</option>`)}</select><button type="button" class="button button-secondary button-small" data-trigger ?hidden=${asking} ?disabled=${busy === 'remove'} @click=${() => confirm.ask(m.id)}>${t.remove}</button>${asking ? confirmView(fill(t.removeConfirm, { email: m.email }), t.remove, () => remove(m), () => confirm.cancel(m.id)) : nothing}</div><p class="field-error" role="alert" ?hidden=${!error}>${error ?? ''}</p></li>`;
    };
    /** A change refused: say why on the row, and put focus back on what was used. */
    const refused = (m: Member, res: ApiResult, focus: string): void => {
      errors.set(m.id, res.kind === 'response' && res.status === 409 ? (serverMessage(res) ?? t.lastOwner) : failureMessage(res, serverMessage(res)));
      renderList();
      rowOf(m.id)?.querySelector<HTMLElement>(focus)?.focus();
    };
    const changeRole = (m: Member, role: Role): void => {
      void (async () => {
        errors.delete(m.id);
        pending.set(m.id, 'role');
        renderList();
        const res = await orgSend('PATCH', orgMemberApiPath(m.id), memberRoleBody(role), signal);
        if (res.kind === 'aborted' || is401(res)) return;
        pending.delete(m.id);
        const updated = res.kind === 'response' && res.ok ? readMember(res.body) : null;
        // Refused: the select goes back to the role the member still has.
        if (!updated) return refused(m, res, 'select');
        m.role = updated.role;
        renderList();
        status.say(fill(t.roleChanged, { email: m.email, role: roleLabels[updated.role] }));
        // Demoting yourself takes the owner's pages away: reload them with the new role.
        if (m.email.toLowerCase() === me.email.toLowerCase() && updated.role !== 'owner') location.reload();
      })();
    };
    const remove = (m: Member): void => {
      void (async () => {
        confirm.close();
        errors.delete(m.id);
        pending.set(m.id, 'remove');
        renderList();
        const res = await orgSend('DELETE', orgMemberApiPath(m.id), {}, signal);
        if (res.kind === 'aborted' || is401(res)) return;
        pending.delete(m.id);
        if (res.kind === 'response' && res.ok) {
          members = members.filter((x) => x.id !== m.id);
          renderList();
          status.say(fill(t.removed, { email: m.email }));
          heading.focus();
          return;
        }
        refused(m, res, '[data-trigger]');
      })();
    };

    replaceChildren(content, heading, h('p', { class: 'lede' }, t.intro), status.el, body, isOwner ? inviteForm() : null);
    ctx.ready(heading, t.title);
    void loadInto(page, body, '/api/org/members', readMembers, (list) => {
      members = list;
      renderList();
    });

    function inviteForm(): HTMLElement {
      const email = field('invite-email', t.inviteEmail, h('input', { type: 'email', required: true, maxlength: SIGN_LIMITS.email, autocomplete: 'off', spellcheck: 'false' }));
      const role = field('invite-role', t.role, select(ROLES, roleLabels, 'editor'));
      return actionForm({
        heading: h('h2', { id: 'invite-heading' }, t.inviteTitle),
        attrs: { class: 'org-form org-section', 'aria-labelledby': 'invite-heading' },
        submitLabel: t.invite,
        fields: { email, role },
        check: (): Record<string, string> => {
          const problem = addressProblem(email.control.value);
          return problem === undefined ? {} : { email: strings.org.validation[problem] };
        },
        send: () => orgSend('POST', '/api/org/members', inviteBody(email.control.value, role.control.value as Role), signal),
        parse: readInvited,
        done: ({ member, invitation }) => {
          members = [...members.filter((x) => x.id !== member.id), member];
          renderList();
          email.control.value = '';
          // Added in every case; whether the mail went is said as it is.
          const said = invitation === 'limited' ? t.invitedLimited : invitation === 'failed' ? t.invitedFailed : t.invited;
          status.say(fill(said, { email: member.email }));
          email.control.focus();
        },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// API tokens
// ---------------------------------------------------------------------------------------------

export function renderTokens(root: HTMLElement, ctx: ViewContext): Cleanup {
  const t = strings.org.tokens;
  return orgPage(root, ctx, 'tokens', (page) => {
    const { me, content, signal } = page;
    const heading = h('h1', { tabindex: -1 }, t.title);
    if (!hasRole(me.role, 'owner')) {
      replaceChildren(content, heading, h('p', { class: 'notice' }, t.ownersOnly));
      ctx.ready(heading, t.title);
      return;
    }
    const body = h('div', {});
    const status = liveStatus();
    const created = h('div', {});
    let tokens: ApiToken[] = [];

    /** Per token: the error of its last revocation, one in flight, the one being confirmed. */
    const errors = new Map<string, string>();
    const pending = new Set<string>();
    const renderList = (): void =>
      void render(tokens.length === 0 ? html`<p class="muted">${t.empty}</p>` : html`<ul class="admin-list">${repeat(tokens, (x) => x.id, tokenRow)}</ul>`, listIn(body));

    const rowOf = (id: string): HTMLElement | null => body.querySelector(`[data-token="${CSS.escape(id)}"]`);
    const confirm = confirmState(renderList, rowOf);
    const tokenRow = (token: ApiToken): TemplateResult => {
      const madeBy = token.madeBy ? fill(t.madeBy, { email: token.madeBy }) : t.madeByFormer;
      const error = errors.get(token.id);
      const asking = confirm.asking(token.id);
      // Its maker is no longer an owner: the server refuses it already; say so, so it gets revoked.
      return html`<li class="admin-item" data-token=${token.id}><p class="admin-name">${token.name}</p><p class="muted admin-meta">${roleLabels[token.role]}${token.createdAt ? ` · ${fill(t.created, { date: formatShortDate(token.createdAt) })}` : ''}${` · ${madeBy}`}</p>${token.active ? nothing : html`<p class="field-error">${t.inactive}</p>`}<div class="admin-controls"><button type="button" class="button button-secondary button-small" data-trigger ?hidden=${asking} ?disabled=${pending.has(token.id)} @click=${() => confirm.ask(token.id)}>${t.revoke}</button>${asking ? confirmView(fill(t.revokeConfirm, { name: token.name }), t.revoke, () => revoke(token), () => confirm.cancel(token.id)) : nothing}</div><p class="field-error" role="alert" ?hidden=${!error}>${error ?? ''}</p></li>`;
    };
    const revoke = (token: ApiToken): void => {
      void (async () => {
        confirm.close();
        errors.delete(token.id);
        pending.add(token.id);
        renderList();
        const res = await orgSend('DELETE', orgTokenApiPath(token.id), {}, signal);
        if (res.kind === 'aborted' || is401(res)) return;
        pending.delete(token.id);
        if (res.kind === 'response' && (res.ok || res.status === 404)) {
          tokens = tokens.filter((x) => x.id !== token.id);
          renderList();
          status.say(fill(t.revoked, { name: token.name }));
          heading.focus();
          return;
        }
        errors.set(token.id, failureMessage(res, serverMessage(res)));
        renderList();
        rowOf(token.id)?.querySelector<HTMLElement>('[data-trigger]')?.focus();
      })();
    };

    const name = field('token-name', t.name, h('input', { type: 'text', required: true, maxlength: TOKEN_NAME_MAX }), { hint: t.nameHint });
    const role = field('token-role', t.role, select(TOKEN_ROLES, roleLabels, 'viewer'));
    const form = actionForm({
      heading: h('h2', { id: 'token-form-heading' }, t.createTitle),
      attrs: { class: 'org-form org-section', 'aria-labelledby': 'token-form-heading' },
      submitLabel: t.create,
      fields: { name, role },
      check: () => problemMessages({ name: tokenNameProblem(name.control.value) }, strings.org.validation, { name: TOKEN_NAME_MAX }),
      send: () => orgSend('POST', '/api/org/tokens', tokenBody(name.control.value, role.control.value as (typeof TOKEN_ROLES)[number]), signal),
      parse: readCreatedToken,
      done: ({ token: secret, ...made }) => {
        // Newest first, as the server lists them.
        tokens = [made, ...tokens];
        renderList();
        name.control.value = '';
        showCreated(secret);
      },
    });

    /** The secret, once: with a copy button and a warning; gone from the page when dismissed. */
    const showCreated = (secret: string): void => {
      const title = h('h2', { tabindex: -1 }, t.createdTitle);
      const done = h('button', { type: 'button', class: 'button button-secondary' }, t.done);
      const panel = h(
        'section',
        { class: 'token-once notice notice-warning', 'aria-labelledby': 'token-once-title' },
        title,
        h('p', { class: 'token-warning' }, t.createdWarning),
        copyField('token-secret', t.tokenLabel, secret),
        done,
      );
      title.id = 'token-once-title';
      replaceChildren(created, panel);
      title.focus();
      done.addEventListener('click', () => {
        replaceChildren(created);
        name.control.focus();
      });
    };

    replaceChildren(content, heading, h('p', { class: 'lede' }, t.intro), status.el, created, body, form);
    ctx.ready(heading, t.title);
    void loadInto(page, body, '/api/org/tokens', readTokens, (list) => {
      tokens = list;
      renderList();
    });
  });
}
