/** Apart from field.ts so the public sign page, which has no such select, does not carry it. */
import { h } from '../app/dom.ts';

/** A select with the given values and labels. */
export function select<V extends string>(values: readonly V[], labels: Record<V, string>, value: V, attrs: Record<string, string> = {}): HTMLSelectElement {
  const el = h('select', attrs, ...values.map((v) => h('option', { value: v }, labels[v])));
  el.value = value;
  return el;
}
