import type { Locale, Localized } from '../core/i18n.js';
import { reply, text, type Reply } from '../core/reply.js';
import type { ReminderMessage } from './job-registry.js';

const MAX_LINES = 60;

/** Accumulates a run's report. */
export class ReportBuilder {
  readonly counts: Record<string, number> = {};
  readonly lines: Localized[] = [];
  readonly #accounts = new Set<string>();
  /** Records accounts whose state the run changed. */
  touched(accounts: readonly string[] | undefined) {
    for (const a of accounts ?? []) if (a) this.#accounts.add(a);
  }
  /** The accounts changed so far, sorted. */
  get accounts(): string[] {
    return [...this.#accounts].sort();
  }
  /** Counts an outcome. */
  count(outcome: string, n = 1) {
    this.counts[outcome] = (this.counts[outcome] ?? 0) + n;
  }
  /** Adds a report line (the first 60 only). */
  line(l: Localized) {
    if (this.lines.length < MAX_LINES) this.lines.push(l);
  }
}

/** The channel post of a reminder. */
export function render(message: ReminderMessage, locale: Locale): Reply {
  return reply([text(message.body[locale])], { title: message.subject[locale], tone: 'warning', visibility: 'public' });
}
