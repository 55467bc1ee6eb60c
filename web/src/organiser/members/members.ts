/**
 * `#/org/members` and `#/org/tokens`: who may sign in for the organisation, and the API tokens of
 * the programs that act for it. Owners change them; others see the member list only.
 */
import { loadingView } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { formatShortDate } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { confirmInline, copyField, failureMessage, is401, orgGet, orgPage, type OrgPage, orgSend, serverMessage } from '../shell/common.ts';
import { field, select } from '../../ui/field.ts';
import { liveStatus } from '../../ui/form.ts';
import { actionForm } from '../shell/action-form.ts';
import { hasRole, ROLES, type Role } from '../shell/roles.ts';
import { orgMemberApiPath, orgTokenApiPath } from '../shell/api-paths.ts';
import { parseCreatedToken, parseInvited, parseMember, parseMembers, parseTokens, TOKEN_ROLES, type ApiToken, type Member } from './member-rules.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

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

    const renderList = (): void => {
      replaceChildren(body, h('ul', { class: 'admin-list' }, ...members.map(memberRow)));
    };

    const memberRow = (m: Member): HTMLElement => {
      const isMe = m.email.toLowerCase() === me.email.toLowerCase();
      const who = h('p', { class: 'admin-name' }, m.email, isMe ? h('span', { class: 'muted' }, ` ${t.you}`) : null);
      const meta = m.addedAt ? h('p', { class: 'muted admin-meta' }, fill(t.added, { date: formatShortDate(m.addedAt) })) : null;
      const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
      if (!isOwner) return h('li', { class: 'admin-item' }, who, h('p', {}, roleLabels[m.role]), meta);

      const roleSelect = select(ROLES, roleLabels, m.role, { 'aria-label': fill(t.roleFor, { email: m.email }) });
      roleSelect.addEventListener('change', () => {
        const role = roleSelect.value as Role;
        void (async () => {
          error.hidden = true;
          roleSelect.disabled = true;
          const res = await orgSend('PATCH', orgMemberApiPath(m.id), { role }, signal);
          if (res.kind === 'aborted' || is401(res)) return;
          roleSelect.disabled = false;
          const updated = res.kind === 'response' && res.ok ? parseMember(res.body) : null;
          if (!updated) {
            roleSelect.value = m.role;
            error.textContent = res.kind === 'response' && res.status === 409 ? (serverMessage(res) ?? t.lastOwner) : failureMessage(res, serverMessage(res));
            error.hidden = false;
            roleSelect.focus();
            return;
          }
          m.role = updated.role;
          status.say(fill(t.roleChanged, { email: m.email, role: roleLabels[updated.role] }));
          // Demoting yourself takes the owner's pages away: reload them with the new role.
          if (isMe && updated.role !== 'owner') location.reload();
        })();
      });
      const remove = h('button', { type: 'button', class: 'button button-secondary button-small' }, t.remove);
      const item = h('li', { class: 'admin-item' }, who, meta, h('div', { class: 'admin-controls' }, roleSelect, remove), error);
      confirmInline(remove, fill(t.removeConfirm, { email: m.email }), t.remove, () => {
        void (async () => {
          error.hidden = true;
          remove.disabled = true;
          const res = await orgSend('DELETE', orgMemberApiPath(m.id), {}, signal);
          if (res.kind === 'aborted' || is401(res)) return;
          remove.disabled = false;
          if (res.kind === 'response' && res.ok) {
            members = members.filter((x) => x.id !== m.id);
            renderList();
            status.say(fill(t.removed, { email: m.email }));
            heading.focus();
            return;
          }
          error.textContent = res.kind === 'response' && res.status === 409 ? (serverMessage(res) ?? t.lastOwner) : failureMessage(res, serverMessage(res));
          error.hidden = false;
          remove.focus();
        })();
      });
      return item;
    };

    replaceChildren(content, heading, h('p', { class: 'lede' }, t.intro), status.el, body, isOwner ? inviteForm() : null);
    ctx.ready(heading, t.title);
    void loadInto(page, body, '/api/org/members', parseMembers, (list) => {
      members = list;
      renderList();
    });

    function inviteForm(): HTMLElement {
      const email = field('invite-email', t.inviteEmail, h('input', { type: 'email', required: true, maxlength: 254, autocomplete: 'off', spellcheck: 'false' }));
      const role = field('invite-role', t.role, select(ROLES, roleLabels, 'editor'));
      const address = (): string => email.control.value.trim();
      return actionForm({
        heading: h('h2', { id: 'invite-heading' }, t.inviteTitle),
        attrs: { class: 'org-form org-section', 'aria-labelledby': 'invite-heading' },
        submitLabel: t.invite,
        fields: { email, role },
        check: (): Record<string, string> => (/^[^\s@]+@[^\s@]+$/.test(address()) ? {} : { email: address() === '' ? strings.org.validation.required : strings.org.validation.email }),
        send: () => orgSend('POST', '/api/org/members', { email: address(), role: role.control.value }, signal),
        parse: parseInvited,
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

    const renderList = (): void => {
      replaceChildren(body, tokens.length === 0 ? h('p', { class: 'muted' }, t.empty) : h('ul', { class: 'admin-list' }, ...tokens.map(tokenRow)));
    };

    const tokenRow = (token: ApiToken): HTMLElement => {
      const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
      const revoke = h('button', { type: 'button', class: 'button button-secondary button-small' }, t.revoke);
      confirmInline(revoke, fill(t.revokeConfirm, { name: token.name }), t.revoke, () => {
        void (async () => {
          error.hidden = true;
          revoke.disabled = true;
          const res = await orgSend('DELETE', orgTokenApiPath(token.id), {}, signal);
          if (res.kind === 'aborted' || is401(res)) return;
          revoke.disabled = false;
          if (res.kind === 'response' && (res.ok || res.status === 404)) {
            tokens = tokens.filter((x) => x.id !== token.id);
            renderList();
            status.say(fill(t.revoked, { name: token.name }));
            heading.focus();
            return;
          }
          error.textContent = failureMessage(res, serverMessage(res));
          error.hidden = false;
          revoke.focus();
        })();
      });
      const madeBy = token.madeBy ? fill(t.madeBy, { email: token.madeBy }) : t.madeByFormer;
      return h(
        'li',
        { class: 'admin-item' },
        h('p', { class: 'admin-name' }, token.name),
        h(
          'p',
          { class: 'muted admin-meta' },
          roleLabels[token.role],
          token.createdAt ? ` · ${fill(t.created, { date: formatShortDate(token.createdAt) })}` : '',
          ` · ${madeBy}`,
        ),
        // Its maker is no longer an owner: the server refuses it already; say so, so it gets revoked.
        token.active ? null : h('p', { class: 'field-error' }, t.inactive),
        h('div', { class: 'admin-controls' }, revoke),
        error,
      );
    };

    const name = field('token-name', t.name, h('input', { type: 'text', required: true, maxlength: 100 }), { hint: t.nameHint });
    const role = field('token-role', t.role, select(TOKEN_ROLES, roleLabels, 'viewer'));
    const form = actionForm({
      heading: h('h2', { id: 'token-form-heading' }, t.createTitle),
      attrs: { class: 'org-form org-section', 'aria-labelledby': 'token-form-heading' },
      submitLabel: t.create,
      fields: { name, role },
      check: (): Record<string, string> => (name.control.value.trim() === '' ? { name: strings.org.validation.required } : {}),
      send: () => orgSend('POST', '/api/org/tokens', { name: name.control.value.trim(), role: role.control.value }, signal),
      parse: parseCreatedToken,
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
    void loadInto(page, body, '/api/org/tokens', parseTokens, (list) => {
      tokens = list;
      renderList();
    });
  });
}
