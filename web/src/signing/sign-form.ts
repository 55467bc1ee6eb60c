/**
 * The sign form: client-side checks, the anti-spam check, POST, field-level errors from the server,
 * and the "check your email" panel (a signature counts only once its email link is clicked).
 */
import { postJson, type ApiResult } from '../app/api.ts';
import { createAntiSpamCheck } from './anti-spam.ts';
import { h } from '../app/dom.ts';
import { groupError, type ErrorTarget } from '../ui/field.ts';
import { formController, type FormController } from '../ui/form.ts';
import { formatNumber } from '../app/format.ts';
import { buildSignPayload, classifySignStatus, firstInvalidField, mapErrorBody, signFailureMessage, validateSignInput, type SignInput } from './sign-rules.ts';
import { signFields } from './sign-fields.ts';
import { showCheckEmail } from '../ui/check-email.ts';
import { renderShareBlock } from '../sharing/share-view.ts';
import { campaignApiPath, PRIVACY_HASH } from '../app/routes.ts';
import type { PublicCampaign } from '../campaign/campaign-data.ts';
import { strings } from '../app/strings.ts';

/** What the embeddable widget (embed/embed.ts) changes: where signatures come from, and where links lead. */
export interface SignFormOptions {
  /** The embedding site and tag, sent with the signature (counted per source on the dashboard). */
  source?: { host: string; tag?: string } | undefined;
  /** The privacy page's address when it is not this page's `#/privacy` (in the widget: the main site's). */
  privacyHref?: string;
}

export function renderSignForm(
  campaign: PublicCampaign,
  pageSignal: AbortSignal,
  options: SignFormOptions = {},
): { el: HTMLElement; cleanup: () => void; focusFirstField(): void } {
  const headingId = 'sign-heading';
  const heading = h('h2', { id: headingId }, strings.form.heading[campaign.kind]);
  const { fields, showName, els } = signFields(campaign);
  const signerFields = campaign.signerFields;
  const honeypot = honeypotField();
  const antiSpam = createAntiSpamCheck();
  // Not a field to focus: the check solves itself, and pressing the button again retries it.
  const antiSpamError = groupError('sign-altcha', () => undefined, { role: 'alert' });

  const submit = h('button', { type: 'submit', class: 'button button-primary' }, strings.form.submit[campaign.kind]);
  // The fields register as they are made; the status line says what the form is doing while the
  // button is disabled, for those who cannot see the button change.
  const controls = formController({ submit, announce: true, busyOn: () => form });

  const form = h(
    'form',
    { class: 'sign-form', novalidate: true, 'aria-labelledby': headingId },
    ...els,
    honeypot.el,
    h('div', { class: 'field anti-spam' }, antiSpam.el, h('p', { class: 'hint' }, strings.form.antiSpamHint), antiSpamError.el),
    controls.message.el,
    h('div', { class: 'actions' }, submit),
    controls.status.el,
  );
  const intro = privacyNote(options.privacyHref ?? PRIVACY_HASH);
  const section = h('section', { class: 'sign', id: 'sign' }, heading, intro, form);

  for (const [name, made] of Object.entries(fields)) controls.fields.set(name, made);

  const request = new AbortController();
  const onPageAbort = (): void => request.abort();
  pageSignal.addEventListener('abort', onPageAbort, { once: true });

  const setBusy = (phase: 'checking' | 'sending' | null): void => {
    controls.setBusy(phase === 'checking' ? strings.form.checking : phase === 'sending' ? strings.form.sending : null);
  };

  const readInput = (): SignInput => {
    const input: SignInput = {
      name: fields.name?.control.value ?? '',
      email: fields.email?.control.value ?? '',
      country: fields.country?.control.value ?? '',
      comment: fields.comment?.control.value ?? '',
      website: honeypot.input.value,
    };
    if (showName) input.showName = (showName.control as HTMLInputElement).checked;
    return input;
  };

  controls.onSubmit(form, () => send());

  const send = async (): Promise<void> => {
    antiSpamError.setError(undefined);
    const input = readInput();
    const clientErrors = validateSignInput(input, strings.validation, formatNumber, signerFields);
    controls.showErrors(clientErrors);
    if (firstInvalidField(clientErrors)) return;

    const submitHadFocus = document.activeElement === submit;
    setBusy('checking');
    const pow = await antiSpam.solve();
    if (request.signal.aborted) return;
    if (!pow) {
      setBusy(null);
      antiSpamError.setError(strings.form.antiSpamFailed);
      if (submitHadFocus) submit.focus();
      return;
    }

    setBusy('sending');
    const res = await postJson(campaignApiPath(campaign.slug, '/signatures'), { ...buildSignPayload(input, pow, campaign.version), ...(options.source ? { source: options.source } : {}) }, request.signal);
    if (res.kind === 'aborted') return;
    setBusy(null);

    if (res.kind === 'response' && classifySignStatus(res.status) === 'received') {
      showSigned(section, [heading, intro, form], input.email.trim(), campaign, () => {
        // Back to the form as it was, to correct the address; the old solution has been used.
        antiSpam.renew();
        const email = fields.email?.control as HTMLInputElement | undefined;
        email?.focus();
        email?.select();
      });
      return;
    }
    // A solution is accepted once, and the server may have used this one before refusing the rest:
    // start on a fresh challenge now, so it is ready when the person sends again.
    antiSpam.renew();

    if (showFailure(res, controls, antiSpamError)) return;
    if (submitHadFocus) submit.focus();
  };

  return {
    el: section,
    cleanup: () => {
      pageSignal.removeEventListener('abort', onPageAbort);
      request.abort();
    },
    focusFirstField: () => {
      section.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'start' });
      const target = form.hidden ? section.querySelector<HTMLElement>('.check-email h2') : fields.name?.control;
      target?.focus({ preventScroll: true });
    },
  };
}

/**
 * What a refused or failed request shows: field errors on their fields (true: focus went to the
 * first), the anti-spam check's on its line, else one message, or a button to read the changed text.
 */
function showFailure(res: Exclude<ApiResult, { kind: 'aborted' }>, controls: FormController, antiSpamError: ErrorTarget): boolean {
  if (res.kind === 'network') controls.message.show(strings.signErrors.network);
  else if (res.kind === 'timeout') controls.message.show(strings.signErrors.timeout);
  else if (res.kind === 'response') {
    const outcome = classifySignStatus(res.status);
    const mapped = mapErrorBody(res.body);
    if (outcome === 'invalid') {
      antiSpamError.setError(mapped.altcha);
      const hasFieldErrors = firstInvalidField(mapped.fields) !== undefined || mapped.altcha !== undefined;
      const messages = [...mapped.otherFields];
      if (!hasFieldErrors && messages.length === 0) messages.push(mapped.message ?? strings.signErrors.invalid);
      controls.showErrors(mapped.fields, messages);
      if (firstInvalidField(mapped.fields)) return true;
    } else if (mapped.code === 'text_changed') {
      // The organisers edited the text while this person read it: show them the new one to read.
      controls.message.show(strings.signErrors.textChanged);
      const reread = h('button', { type: 'button', class: 'button button-secondary' }, strings.signErrors.showNewText);
      reread.addEventListener('click', () => location.reload());
      controls.message.el.append(reread);
    } else if (outcome !== 'received') {
      controls.message.show(signFailureMessage(outcome, mapped, strings.signErrors));
    }
  }
  return false;
}

/**
 * The honeypot: a field people never see or reach (off-screen rather than display:none, which many
 * bots skip; out of the tab order and hidden from assistive technology), so only a program that
 * fills in every field puts something in it.
 */
function honeypotField(): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'text', id: 'sign-website', name: 'website', tabindex: -1, autocomplete: 'off' });
  const el = h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: input.id }, strings.form.honeypot), input);
  return { el, input };
}

/** "How we protect your data", opening in a new tab so nothing typed into the form is lost. */
function privacyNote(href: string): HTMLElement {
  return h(
    'p',
    { class: 'form-privacy' },
    h('a', { href, target: '_blank', rel: 'noopener' }, strings.privacyLink, h('span', { class: 'visually-hidden' }, ` ${strings.opensInNewTab}`)),
  );
}

/** What happens next (the email link), in place of the form; the signature counts once confirmed. */
function showSigned(section: HTMLElement, formParts: HTMLElement[], email: string, campaign: PublicCampaign, onBack: () => void): void {
  const c = strings.checkEmail;
  showCheckEmail({
    into: section,
    hide: formParts,
    doneClass: 'sign-done',
    title: c.title,
    sentTo: c.sentTo,
    email,
    note: c.counts,
    items: [c.expires, c.spam, c.wrongAddress],
    back: c.useAnotherAddress,
    onBack,
    // Asking others names the campaign only, never this signer or their address.
    after: renderShareBlock(campaign, { prompt: true, level: 'h3' }),
  });
}
