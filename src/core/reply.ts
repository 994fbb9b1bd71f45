import type { Locale, Localized } from './i18n.js';
import type { DomainError } from '../domain/errors.js';
import type { ReplyCode } from '../domain/reply-codes.js';
import type { ImageFile } from '../ports/images.js';

/** Who may see a reply: only the user who typed, or the whole channel. */
export type Visibility = 'private' | 'public';
/** The overall tone of a reply, which adapters map to colours or emoji. */
export type Tone = 'info' | 'success' | 'warning' | 'error';

/** One label/value pair shown side by side; a `personal` one (e-mail, payment method) never goes to a channel. */
export interface Field { readonly label: string; readonly value: string; readonly personal?: boolean }

/** A block of a reply; a `personal` block is shown to the caller only, even in a public reply. */
export type Section =
  | { readonly kind: 'text'; readonly text: string; readonly heading?: string; readonly personal?: boolean }
  | { readonly kind: 'fields'; readonly fields: readonly Field[]; readonly personal?: boolean }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly personal?: boolean };

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
  readonly code?: ReplyCode;
  /** Reference of an unexpected error, to quote to an operator. */
  readonly ref?: string;
  /**
   * Sections for the caller's eyes only, sent privately beside a public reply: its personal details and
   * warnings that name other chat users. Adapters deliver them as a separate private message.
   */
  readonly aside?: readonly Section[];
  /** The language of the texts, for renderers' typography (French puts a space before a colon). */
  readonly locale?: Locale;
  /** Images sent with the reply (a file on Slack, an attachment on Discord, a written file in the console). */
  readonly files?: readonly ImageFile[];
}

/** An image a reply carries (see `Reply.files`). */
export type ReplyFile = ImageFile;

/** Builds a text section. */
export const text = (value: string): Section => ({ kind: 'text', text: value });
/** Builds a fields section. */
export const fields = (list: readonly Field[]): Section => ({ kind: 'fields', fields: list });
/** Builds a text section under a heading, which each platform emphasises its own way (no markup in the text). */
export const headed = (heading: string, value: string): Section => ({ kind: 'text', text: value, heading });
/** Builds a text section shown to the caller only (personal details, other chat users' IDs). */
export const personalText = (value: string): Section => ({ kind: 'text', text: value, personal: true });
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

/**
 * The reply as posted to a channel: personal sections and fields move to `aside` (sent privately to the
 * caller), and `note` says they were left out; a reply with nothing personal is only made public.
 */
export function forChannel(r: Reply, note: string): Reply {
  const { shown, personal } = splitPersonal(r.sections);
  if (personal.length === 0) return { ...r, visibility: 'public' };
  return { ...r, visibility: 'public', sections: [...shown, text(note)], aside: [...(r.aside ?? []), ...personal] };
}

/** Splits sections into what may go to a channel and what is personal (personal sections, and personal fields apart). */
export function splitPersonal(sections: readonly Section[]): { shown: Section[]; personal: Section[] } {
  const shown: Section[] = [];
  const personal: Section[] = [];
  for (const s of sections) {
    if (s.personal) personal.push(s);
    else if (s.kind === 'fields' && s.fields.some((f) => f.personal)) {
      shown.push({ ...s, fields: s.fields.filter((f) => !f.personal) });
      personal.push({ kind: 'fields', fields: s.fields.filter((f) => f.personal) });
    } else shown.push(s);
  }
  return { shown, personal };
}

/** The private follow-up that carries a public reply's `aside` sections to the caller; undefined when there is none. */
export function asideReply(r: Reply): Reply | undefined {
  return r.visibility === 'public' && r.aside?.length ? { visibility: 'private', tone: 'info', sections: r.aside } : undefined;
}

/** Adds sections for the caller only: inline in a private reply, aside a public one. */
export function withPrivateSections(r: Reply, sections: readonly Section[]): Reply {
  if (sections.length === 0) return r;
  return r.visibility === 'public' ? { ...r, aside: [...(r.aside ?? []), ...sections] } : { ...r, sections: [...r.sections, ...sections] };
}

/** An expected failure: a stable code and a message for the user who typed (the domain's error value). */
export type Refusal = DomainError;

/** Builds a refusal value. */
export function refuse(code: ReplyCode, message: Localized): Refusal {
  return { refused: true, code, message };
}

/** Builds a refusal of rights, which the core records in the audit log as refused (nothing else is written). */
export function deny(code: ReplyCode, message: Localized): Refusal {
  return { refused: true, code, message, rights: true };
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
    if (s.kind === 'text') out.push(s.heading ? `${s.heading}\n${s.text}` : s.text);
    else if (s.kind === 'fields') out.push(...s.fields.map((f) => `${f.label}${r.locale === 'fr' ? ' : ' : ': '}${f.value}`));
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
