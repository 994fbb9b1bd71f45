/** One thing `/readyz` checks: a name and a probe that resolves true when it is fine. */
export interface Probe {
  readonly name: string;
  readonly check: () => boolean | Promise<boolean>;
}

/** The answer of `/readyz`: ready when every probe passed and the process is not shutting down. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, 'ok' | 'failing' | 'timeout'>;
}

/**
 * What `/readyz` reports: the store answers, each configured platform is connected, and the process is not
 * shutting down (a load balancer then stops sending it requests before it closes its port).
 */
export class Readiness {
  readonly #probes: Probe[] = [];
  #stopping = false;

  /** Probes time out after `timeoutMs` (a store that hangs is not ready). */
  constructor(private readonly timeoutMs = 2_000) {}

  /** Adds a probe. */
  add(probe: Probe): void {
    this.#probes.push(probe);
  }

  /** From now on, not ready (shutdown started). */
  stopping(): void {
    this.#stopping = true;
  }

  /** Runs every probe (in parallel, bounded in time). */
  async check(): Promise<ReadinessReport> {
    const checks: ReadinessReport['checks'] = { shutdown: this.#stopping ? 'failing' : 'ok' };
    await Promise.all(this.#probes.map(async (p) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), this.timeoutMs)));
      const result = await Promise.race([Promise.resolve().then(p.check).then((ok) => (ok ? 'ok' as const : 'failing' as const), () => 'failing' as const), timeout]);
      clearTimeout(timer);
      checks[p.name] = result;
    }));
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  }
}
