import type { Guichet } from '../../src/core/guichet.js';
import type { Reply } from '../../src/core/reply.js';
import type { Logger } from '../../src/ports/logger.js';
import type { SlashAck } from './slack.ack.js';
import type { ReplyDelivery, ReplyTarget, ResponseUrlBudget } from './slack.delivery.js';
import type { RunGate } from './slack.gate.js';
import type { SlackHome } from './slack.home.js';

/** What the slash-command and button listeners share: the core, the runner, the response URLs' budget, the Home, the log. */
export interface SlackListenerContext {
  readonly core: Guichet;
  readonly runner: SlackRunner;
  readonly budget: ResponseUrlBudget;
  readonly home: SlackHome;
  readonly log: Logger;
}

/** Runs each delivery of an invocation once, under the run gate, and delivers its reply; `settle` waits for those under way. */
export class SlackRunner {
  readonly #inFlight = new Map<string, Promise<void>>();

  /** Runs under `gate` and delivers through `delivery`. */
  constructor(
    private readonly gate: RunGate,
    private readonly delivery: ReplyDelivery,
  ) {}

  /**
   * Runs one delivery of an invocation (once the gate lets it: new requests are acknowledged first under load);
   * a copy arriving while the first is still running or waiting is dropped (the first answers), and a slash
   * command's copy is acknowledged empty at once. A slash command's `ack` is sent exactly once: with the reply
   * when it is ready in time, else empty (at the budget, or at the end whatever happened).
   */
  async once(id: string, log: Logger, run: () => Promise<Reply>, target: ReplyTarget, ack?: SlashAck): Promise<void> {
    if (this.#inFlight.has(id)) {
      await ack?.empty();
      log.info({ req: id }, 'duplicate delivery while the first is running; answered once');
      return;
    }
    const work = (async () => {
      await this.gate.enter();
      try {
        const reply = await run();
        const by = await this.delivery.deliver(reply, target, ack?.take());
        // The usual ways (the acknowledgement, its response_url) add nothing to the core's "handled" line; a fallback is worth a line.
        if (by === 'ack' || by === 'response_url') log.debug({ req: id, by }, 'slack reply delivered');
        else log.info({ req: id, by }, 'slack reply delivered');
      } finally {
        this.gate.leave();
        await ack?.empty();
      }
    })();
    this.#inFlight.set(id, work);
    try {
      await work;
    } finally {
      this.#inFlight.delete(id);
    }
  }

  /** Resolves once every run under way now has finished, or after `limitMs`, whichever comes first. */
  async settle(limitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((r) => { timer = setTimeout(r, limitMs); });
    await Promise.race([Promise.allSettled([...this.#inFlight.values()]), limit]);
    clearTimeout(timer);
  }
}
