/**
 * A translation's title and text: the server's limits (functions/rules/limits.ts), counted as it
 * counts them, and the body of PUT …/translations/{lang}. Pure.
 */
import { CAMPAIGN_LIMITS, storedLength } from '../../../../functions/rules/limits.ts';
import type { Body } from '../../app/contract.ts';

export function translationProblems(title: string, text: string): Partial<Record<'title' | 'text', 'required' | 'tooLong'>> {
  const e: Partial<Record<'title' | 'text', 'required' | 'tooLong'>> = {};
  if (title.trim() === '') e.title = 'required';
  else if (storedLength(title) > CAMPAIGN_LIMITS.title) e.title = 'tooLong';
  if (text.trim() === '') e.text = 'required';
  else if (storedLength(text, { multiline: true }) > CAMPAIGN_LIMITS.text) e.text = 'tooLong';
  return e;
}

/** Trimmed, line breaks as LF: what the server stores, so what it checks and counts is what was sent. */
export function translationBody(title: string, text: string): Body<'put-translation'> {
  return { title: title.trim(), text: text.replace(/\r\n?/g, '\n').trim() };
}
