import type { Localized } from './i18n.js';

/** Who may see a reply: only the user who typed, or the whole channel. */
export type Visibility = 'private' | 'public';
/** The overall tone of a reply, which adapters map to colours or emoji. */
export type Tone = 'info' | 'success' | 'warning' | 'error';

/** One label/value pair shown side by side. */
export interface Field { readonly label: string; readonly value: string }

/** A block of a reply. */
export type Section =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fields'; readonly fields: readonly Field[] }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** A button offered with a reply; `id` is opaque and resolved by the core on click. */
export interface Action {
  readonly id: string;
  readonly label: string;
  readonly style: 'primary' | 'danger';
  /** The command a user could type instead of clicking (shown by the console). */
  readonly typed: string;
  readonly confirm?: { readonly title: string; readonly text: string; readonly yes: string; readonly no: string };
}

/** A platform-neutral reply that each adapter renders. */
export interface Reply {
  readonly visibility: Visibility;
  readonly tone: Tone;
  readonly title?: string;
  readonly sections: readonly Section[];
  readonly actions?: readonly Action[];
  /** Stable code of an expected failure, such as `VOUCHER.ALREADY_USED`. */
  readonly code?: string;
  /** Reference of an unexpected error, to quote to an operator. */
  readonly ref?: string;
}

/** Builds a text section. */
export const text = (value: string): Section => ({ kind: 'text', text: value });
/** Builds a fields section. */
export const fields = (list: readonly Field[]): Section => ({ kind: 'fields', fields: list });
/** Builds a table section. */
export const table = (columns: readonly string[], rows: readonly (readonly string[])[]): Section => ({
  kind: 'table',
  columns,
  rows,
});

/** Builds a reply; private and informative unless told otherwise. */
export function reply(sections: readonly Section[], options: Partial<Omit<Reply, 'sections'>> = {}): Reply {
  return { visibility: 'private', tone: 'info', ...options, sections };
}

/** An expected failure: a stable code and a message for the user who typed. */
export interface Refusal {
  readonly refused: true;
  readonly code: string;
  readonly message: Localized;
}

/** Builds a refusal value. */
export function refuse(code: string, message: Localized): Refusal {
  return { refused: true, code, message };
}

/**
 * A refusal raised from deep inside a provider read (an API that refused or could not be reached): the core
 * answers it like a returned refusal, and nothing the command wrote is committed.
 */
export class RefusalError extends Error {
  /** Carries the refusal to show. */
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
    this.name = 'RefusalError';
  }
}

/** Tells a refusal from any other value. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}

/** Renders a reply as plain text (console, logs of tests, Discord fallbacks). */
export function replyToPlainText(r: Reply): string {
  const out: string[] = [];
  if (r.title) out.push(r.title);
  for (const s of r.sections) {
    if (s.kind === 'text') out.push(s.text);
    else if (s.kind === 'fields') out.push(...s.fields.map((f) => `${f.label}: ${f.value}`));
    else out.push(renderTextTable(s.columns, s.rows));
  }
  for (const a of r.actions ?? []) out.push(`[${a.label}] → /${a.typed}`);
  return out.join('\n');
}

/** Renders a table with padded columns for monospace output. */
export function renderTextTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
