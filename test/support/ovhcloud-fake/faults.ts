/** Which requests a fault applies to (every field given must match). */
export interface FaultMatch {
  readonly method?: string;
  /** The operation's path template, e.g. `/cloud/project/{serviceName}/credit`. */
  readonly operation?: string;
  /** The concrete path without base path or query. */
  readonly path?: string;
}

/** What happens to the next matching request. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly errorCode?: string; readonly message?: string; readonly afterHandling?: boolean; readonly headers?: Record<string, string> }
  | { readonly kind: 'drop'; readonly afterHandling?: boolean }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'hold'; readonly released: Promise<void>; readonly reached: () => void };

/** Faults queued for the next matching requests, each used once, in order. */
export class FaultQueue {
  readonly #queue: { match: FaultMatch; fault: Fault }[] = [];

  /** Queues a fault. */
  add(match: FaultMatch, fault: Fault): void {
    this.#queue.push({ match, fault });
  }

  /** Takes the first fault matching a request, if any. */
  take(method: string, operation: string, path: string): Fault | undefined {
    const i = this.#queue.findIndex(({ match: m }) =>
      (m.method === undefined || m.method === method) && (m.operation === undefined || m.operation === operation) && (m.path === undefined || m.path === path));
    if (i < 0) return undefined;
    return this.#queue.splice(i, 1)[0]!.fault;
  }

  /** How many faults are still queued. */
  get pending(): number {
    return this.#queue.length;
  }
}
