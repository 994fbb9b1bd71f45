import type { CommandFamily } from './command.js';
import { didYouMean } from './suggest.js';
import { NEUTRAL_TEXTS, type CoreTexts } from './texts.js';
import { NEUTRAL_VIEWS, type CoreViews } from './views.js';

/** The explicit list of command families, looked up by name, with the texts the core says about them. */
export class CommandRegistry {
  readonly #families = new Map<string, CommandFamily>();
  /** Registers families (a name used twice is a bug), the texts that point to them and the views shown outside commands. */
  constructor(
    families: readonly CommandFamily[],
    readonly texts: CoreTexts = NEUTRAL_TEXTS,
    readonly views: CoreViews = NEUTRAL_VIEWS,
  ) {
    for (const f of families) {
      if (this.#families.has(f.name)) throw new Error(`command family ${f.name} registered twice`);
      this.#families.set(f.name, f);
    }
  }
  /** Every family, in registration order. */
  get families(): CommandFamily[] {
    return [...this.#families.values()];
  }
  /** The family of a top-level command (with or without its slash). */
  find(name: string): CommandFamily | undefined {
    return this.#families.get(name.replace(/^\//, '').toLowerCase());
  }
  /** The closest family name to a typo. */
  suggest(name: string): string | undefined {
    return didYouMean(name.replace(/^\//, ''), [...this.#families.keys()]);
  }
}
