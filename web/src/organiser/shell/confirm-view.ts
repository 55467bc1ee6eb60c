/**
 * Asking before a destructive or public action, in place, as a lit-html template for views drawn
 * from state: the state says which item is being confirmed; its button gives way to the question
 * while it is, the question's confirm button takes focus (`focusConfirm`), and cancel gives focus
 * back to the button.
 */
import { html, type TemplateResult } from 'lit-html';
import { live, strings } from '../../app/strings.ts';

const t = live(() => strings.org);

export function confirmView(question: string, confirmLabel: string, onYes: () => void, onNo: () => void, danger = true): TemplateResult {
  return html`<div class="confirm" role="group" aria-label=${question}><p>${question}</p><div class="button-row"><button type="button" class=${`button ${danger ? 'button-danger' : 'button-primary'}`} data-confirm-yes @click=${onYes}>${confirmLabel}</button><button type="button" class="button button-secondary" @click=${onNo}>${t.cancel}</button></div></div>`;
}

/** Focus on the open question's confirm button, once it is drawn. */
export function focusConfirm(within: HTMLElement): void {
  within.querySelector<HTMLElement>('[data-confirm-yes]')?.focus();
}

/**
 * Which item of a list is being confirmed, with the focus moves: asking focuses the question's
 * confirm button, cancelling gives focus back to the item's trigger (`[data-trigger]`). `draw` draws
 * the list again; `rowOf` finds an item's element.
 */
export function confirmState(draw: () => void, rowOf: (id: string) => HTMLElement | null): {
  asking(id: string): boolean;
  ask(id: string): void;
  cancel(id: string): void;
  close(): void;
} {
  let confirming: string | null = null;
  return {
    asking: (id) => confirming === id,
    ask(id) {
      confirming = id;
      draw();
      const row = rowOf(id);
      if (row) focusConfirm(row);
    },
    cancel(id) {
      confirming = null;
      draw();
      rowOf(id)?.querySelector<HTMLElement>('[data-trigger]')?.focus();
    },
    close() {
      confirming = null;
    },
  };
}
