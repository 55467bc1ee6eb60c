/**
 * A button busy on its own, outside a form controller (a list's action, a page's one button). Apart
 * from form.ts so the public sign page, which uses only the controller, does not carry it.
 */
export interface Busy {
  start(): void;
  stop(): void;
}

/** A button that shows what it is doing while a request runs, and cannot be pressed twice. */
export function busyButton(button: HTMLButtonElement, busyLabel: string): Busy {
  const label = button.textContent ?? '';
  return {
    start() {
      button.disabled = true;
      button.textContent = busyLabel;
      button.setAttribute('aria-busy', 'true');
    },
    stop() {
      button.disabled = false;
      button.textContent = label;
      button.removeAttribute('aria-busy');
    },
  };
}
