/**
 * The "Translations" section of an organiser's campaign page: the translations of title and text the
 * campaign has (saying when the original changed since), and a form to add, change or remove one.
 * Editors only change them; viewers read. Every save answers the whole campaign, passed to `onChange`.
 * The section is a template of the campaign (lit-html), drawn again on every change; the form's
 * fields keep what is being typed.
 */
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { h } from '../../app/dom.ts';
import { fill } from '../../app/text.ts';
import { failureMessage, is401, orgSend, serverMessage } from '../shell/common.ts';
import { field } from '../../ui/field.ts';
import { formController, liveStatus } from '../../ui/form.ts';
import { busyButton } from '../../ui/busy-button.ts';
import { CAMPAIGN_LIMITS } from '../editor/editor-rules.ts';
import { translationBody, translationProblems } from './translation-rules.ts';
import { problemMessages } from '../shell/org-errors.ts';
import { orgTranslationApiPath, readCampaign, type Campaign } from '../shell/campaign-data.ts';
import { LANGUAGES, live, strings } from '../../app/strings.ts';

const t = live(() => strings.org.translations);
const nameOf = (code: string) => (LANGUAGES as Record<string, string>)[code] ?? code;

export function renderTranslations(
  initial: Campaign,
  canEdit: boolean,
  signal: AbortSignal,
  onChange: (campaign: Campaign) => void,
): { el: HTMLElement; update(campaign: Campaign): void } {
  let campaign = initial;
  const status = liveStatus();

  const language = field('translation-language', t.language, h('select', {}) as HTMLSelectElement);
  const title = field('translation-title', t.titleField, h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.title }));
  const text = field('translation-text', t.textField, h('textarea', { rows: 10, required: true, maxlength: CAMPAIGN_LIMITS.text }));
  const select = language.control as HTMLSelectElement;
  const save = h('button', { type: 'submit', class: 'button button-primary' }, t.save);
  const remove = h('button', { type: 'button', class: 'button button-secondary' }, t.remove);
  const controls = formController({ submit: save, fields: { title, text } });
  const errors = controls.message;

  /** The form shows the chosen language's translation, or empty fields for a new one. */
  const fillForm = (): void => {
    const existing = campaign.translations[select.value];
    (title.control as HTMLInputElement).value = existing?.title ?? '';
    (text.control as HTMLTextAreaElement).value = existing?.text ?? '';
    remove.hidden = !existing;
    title.setError(undefined);
    text.setError(undefined);
  };
  select.addEventListener('change', fillForm);

  const send = (method: 'PUT' | 'DELETE', button: HTMLButtonElement, done: string): void => {
    const lang = select.value;
    const busy = button === save ? controls.busyAs(t.save) : busyButton(button, t.save);
    void (async () => {
      const [titleValue, textValue] = [(title.control as HTMLInputElement).value, (text.control as HTMLTextAreaElement).value];
      // A save is checked first by the rules the contract test holds to the server's; a removal has nothing to check.
      if (method === 'PUT' && controls.showErrors(problemMessages(translationProblems(titleValue, textValue), strings.org.validation, { title: CAMPAIGN_LIMITS.title, text: CAMPAIGN_LIMITS.text }))) return;
      errors.show();
      busy.start();
      const body = method === 'PUT' ? translationBody(titleValue, textValue) : undefined;
      const res = await orgSend(method, orgTranslationApiPath(campaign.slug, lang), body, signal);
      if (res.kind === 'aborted' || is401(res)) return;
      busy.stop();
      const next = res.kind === 'response' && res.ok ? readCampaign(res.body) : null;
      if (!next) {
        const fields = res.kind === 'response' && typeof res.body === 'object' && res.body ? (res.body as { error?: { fields?: Record<string, string> } }).error?.fields : undefined;
        title.setError(fields?.title);
        text.setError(fields?.text);
        errors.show(failureMessage(res, serverMessage(res)));
        return;
      }
      status.say(done);
      onChange(next);
    })();
  };

  const form = h(
    'form',
    { class: 'org-form', novalidate: true, 'aria-labelledby': 'translations-heading' },
    language.el,
    title.el,
    text.el,
    errors.el,
    h('div', { class: 'button-row' }, save, remove),
  );
  controls.onSubmit(form, () => send('PUT', save, t.saved));
  remove.addEventListener('click', () => send('DELETE', remove, t.removed));

  const showForm = canEdit && initial.status !== 'delivered';
  const el = h('section', { class: 'org-section', 'aria-labelledby': 'translations-heading' });
  const update = (next: Campaign): void => {
    campaign = next;
    render(
      html`<h2 id="translations-heading">${t.title}</h2><p class="hint">${t.intro}</p><p class="hint">${fill(t.original, { language: nameOf(next.language) })}</p><div>${translationList(next)}</div>${showForm ? form : nothing}${status.el}`,
      el,
    );
    // Every language but the original's; keep the choice across saves.
    const chosen = select.value;
    const choices = Object.keys(LANGUAGES).filter((code) => code !== next.language);
    render(html`${choices.map((code) => html`<option value=${code}>${nameOf(code)}</option>`)}`, select);
    select.value = choices.includes(chosen) ? chosen : (choices.find((c) => !next.translations[c]) ?? choices[0] ?? '');
    fillForm();
  };

  update(initial);
  return { el, update };
}

/** The campaign's translations, each saying when the original changed since it was made. */
function translationList(campaign: Campaign): TemplateResult {
  const langs = Object.keys(campaign.translations);
  if (langs.length === 0) return html`<p class="muted">${t.none}</p>`;
  return html`<ul>${langs.map((code) => {
    const tr = campaign.translations[code]!;
    return html`<li><strong>${nameOf(code)}</strong> — <span lang=${code}>${tr.title}</span>${tr.sourceVersion < campaign.version ? html`<p class="hint">${t.outdated}</p>` : nothing}</li>`;
  })}</ul>`;
}
