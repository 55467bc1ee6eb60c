/**
 * runAction (organiser/shell/common.ts): how every organiser button that sends something ends — its
 * answer, a failure on the form's fields, a failure in its message box, or quietly (page left, 401).
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../app/api.ts';
import type { FormField } from '../../ui/field.ts';

const { runAction } = await import('./common.ts');
const { strings } = await import('../../app/strings.ts');

function harness() {
  const log: string[] = [];
  const busy = { start: () => log.push('start'), stop: () => log.push('stop') };
  const shown: string[][] = [];
  const errors = { show: (...messages: string[]) => shown.push(messages) };
  const field = (name: string) => {
    const state = { error: undefined as string | undefined, focused: false };
    const f = { setError: (m?: string) => (state.error = m), control: { focus: () => (state.focused = true) } } as unknown as FormField;
    return { f, state, name };
  };
  return { log, busy, shown, errors, field };
}
const answer = (status: number, body: unknown): ApiResult => ({ kind: 'response', status, ok: status < 300, body }) as ApiResult;
const parse = (body: unknown) => ((body as { id?: string })?.id ? (body as { id: string }) : null);

describe('runAction', () => {
  it('a success: busy while sending, then the parsed answer', async () => {
    const { log, busy, errors, shown } = harness();
    const outcome = await runAction(busy, errors, async () => answer(201, { id: 'm1' }), parse);
    expect(outcome).toEqual({ ok: true, value: { id: 'm1' } });
    expect(log).toEqual(['start', 'stop']);
    expect(shown).toEqual([]);
  });

  it('the page left (aborted) or a 401: nothing shown, the button left busy for the page that goes', async () => {
    for (const res of [{ kind: 'aborted' } as ApiResult, answer(401, {})]) {
      const { log, busy, errors, shown } = harness();
      expect(await runAction(busy, errors, async () => res, parse)).toBeUndefined();
      expect(log).toEqual(['start']);
      expect(shown).toEqual([]);
    }
  });

  it('a 400 naming a field: the message on that field, focus there, onFields', async () => {
    const { busy, errors, field } = harness();
    const email = field('email');
    const role = field('role');
    const outcome = await runAction(busy, errors, async () => answer(400, { error: { code: 'validation_failed', message: 'Check', fields: { email: 'Not an address.' } } }), parse, {
      email: email.f,
      role: role.f,
    });
    expect(outcome).toEqual({ ok: false, onFields: true });
    expect(email.state).toEqual({ error: 'Not an address.', focused: true });
    expect(role.state.error).toBeUndefined();
  });

  it('anything else: one sentence in the message box, not onFields', async () => {
    const { busy, errors, shown } = harness();
    expect(await runAction(busy, errors, async () => answer(503, { error: { code: 'unavailable', message: 'Busy' } }), parse)).toEqual({ ok: false, onFields: false });
    expect(shown.at(-1)).toEqual([strings.org.busy]);
    // A 2xx whose body does not parse is a failure too, never a silent success.
    expect(await runAction(busy, errors, async () => answer(200, { nothing: true }), parse)).toEqual({ ok: false, onFields: false });
  });
});
