import { ledgerProvider } from '../../src/ledger/ledger.provider.js';
import { ResvgImageRenderer } from '../../adapters/images/resvg.renderer.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRegistry } from '../../src/commands/index.js';
import { DEFAULT_CORE_CONFIG, type CoreConfig } from '../../src/core/config.js';
import { Guichet } from '../../src/core/guichet.js';
import { buildJobRunner } from '../../src/jobs/index.js';
import type { JobRunner } from '../../src/jobs/job-runner.js';
import type { ChatUser } from '../../src/core/identity.js';
import { replyToPlainText, type Reply } from '../../src/core/reply.js';
import { seedDemo } from '../../src/demo/demo-data.js';
import { showcaseSeeder } from '../../src/demo/demo-showcase.js';
import { UNENCRYPTED_BOX } from '../../src/ports/secret-box.js';
import { ManualClock } from '../../src/ports/clock.js';
import type { CloudProvider } from '../../src/ports/provider.js';
import type { ImageRenderer } from '../../src/ports/images.js';
import type { AccountConnector } from '../../src/ports/account-connector.js';
import type { StorageEngine } from '../../adapters/store/engine.js';
import { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { MemoryEngine } from '../../adapters/store/memory.engine.js';
import { createSecretBox } from '../../adapters/crypto/aes-gcm.secret-box.js';
import { openEngine } from '../../adapters/store/open-store.js';
import { DocumentUnitOfWork } from '../../adapters/store/unit-of-work.js';
import { RecordingLogger, RecordingNotifier } from './recording.js';

/** The instant demo tests start at. */
export const DEMO_NOW = '2026-11-23T09:00:00.000Z';

/** Options of a test harness. */
export interface HarnessOptions {
  readonly engine?: 'memory' | 'sqlite';
  readonly now?: string;
  /** Demo data: SPEC §5 (default), none (`false`), or with the showcase that fills alice's overview (`'showcase'`). */
  readonly demo?: boolean | 'showcase';
  readonly config?: Partial<CoreConfig>;
  /** Wraps the engine (slow or failing stores). */
  readonly wrap?: (engine: StorageEngine) => StorageEngine;
  /** An existing SQLite file to open (a "restart" on the same store); it is not removed on close. */
  readonly file?: string;
  /** Seals kept tokens with AES-256-GCM under this key (64 hex digits), as `GUICHET_SECRET_KEY` does. */
  readonly secretKey?: string;
  /** The cloud provider (the ledger unless given), built on the harness's store and clock. */
  readonly provider?: (uow: DocumentUnitOfWork, clock: ManualClock) => CloudProvider;
  /** Provider and account connector built together (OVHcloud), on the harness's store, clock, notifier and logs. */
  readonly wire?: (deps: { uow: DocumentUnitOfWork; clock: ManualClock; notifier: RecordingNotifier; logs: RecordingLogger }) => {
    readonly provider: CloudProvider;
    readonly connector?: AccountConnector;
  };
  /** The image renderer of charts (resvg unless given); `null` wires none (charts refused, digests without them). */
  readonly images?: ImageRenderer | null;
  /** A store to open by its `GUICHET_STORE` URI (another "process" on a shared store); not removed on close. */
  readonly uri?: string;
}

/** A core wired to a real store (in memory or SQLite in a temp folder), a manual clock and recorders. */
export interface Harness {
  readonly core: Guichet;
  readonly clock: ManualClock;
  readonly notifier: RecordingNotifier;
  readonly logs: RecordingLogger;
  readonly uow: DocumentUnitOfWork;
  readonly engine: StorageEngine;
  readonly dir: string | undefined;
  /** The scheduled jobs, wired to the same store, notifier and config (also behind `/guichet admin run-jobs`). */
  readonly jobs: JobRunner;
  /** The SQLite file, for the sqlite engine. */
  readonly file: string | undefined;
  /** Runs `@user /command text` (user `alice` by default) and returns the reply. */
  run(line: string, options?: { id?: string; locale?: 'en' | 'fr' }): Promise<Reply>;
  /** Runs a line and returns the reply as plain text. */
  text(line: string): Promise<string>;
  /** Closes the store and removes the temp folder. */
  close(): Promise<void>;
}

/** Hands a job runner the core's overviews and account reads, and the core's image renderer (the weekly digest). */
export function wireJobViews(jobs: JobRunner, core: Guichet): void {
  jobs.useOverviews((account, locale) => core.overviewOfAccount(account, locale));
  jobs.useCharts((account, read) => core.readAccount(account, read), core.deps.images);
}

/** A console chat user for a name. */
export function consoleUser(name: string): ChatUser {
  return { platform: 'console', workspace: 'local', user: name };
}

/** Splits `@user /family rest` into its parts. */
export function splitLine(line: string): { user: string; command: string; text: string } {
  const m = /^(?:@(\S+)\s+)?\/?(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (!m) throw new Error(`bad test line ${line}`);
  return { user: m[1] ?? 'alice', command: m[2]!, text: m[3] ?? '' };
}

/** Builds a harness; the demo data is loaded unless `demo: false`. */
export async function makeHarness(options: HarnessOptions = {}): Promise<Harness> {
  let dir: string | undefined;
  let engine: StorageEngine;
  let file: string | undefined;
  if (options.uri) {
    engine = await openEngine(options.uri);
  } else if (options.file) {
    file = options.file;
    engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
  } else if (options.engine === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'guichet-test-'));
    file = join(dir, 'store.sqlite');
    engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
  } else {
    engine = new MemoryEngine();
  }
  if (options.wrap) engine = options.wrap(engine);
  const uow = new DocumentUnitOfWork(engine);
  const clock = new ManualClock(options.now ?? DEMO_NOW);
  const notifier = new RecordingNotifier();
  const logs = new RecordingLogger();
  const config: CoreConfig = { ...DEFAULT_CORE_CONFIG, ...options.config };
  const jobs = buildJobRunner({ store: uow, notifier, config, logger: logs });
  const wired = options.wire?.({ uow, clock, notifier, logs });
  const images = options.images === null ? undefined : (options.images ?? new ResvgImageRenderer());
  const secretBox = options.secretKey ? createSecretBox(options.secretKey) : undefined;
  const core = new Guichet({
    registry: buildRegistry(), store: uow, clock, config, notifier, logger: logs, jobs,
    provider: wired?.provider ?? options.provider?.(uow, clock) ?? ledgerProvider, ...(wired?.connector ? { connector: wired.connector } : {}),
    ...(secretBox ? { secretBox } : {}),
    ...(images ? { images } : {}),
  });
  wireJobViews(jobs, core);
  if (options.demo !== false) {
    await uow.run(async (tx) => {
      await seedDemo(tx, clock.now(), options.demo === 'showcase' ? [showcaseSeeder(config.timeZone, secretBox ?? UNENCRYPTED_BOX)] : []);
      return { commit: true, result: undefined };
    });
  }
  const run = (line: string, o: { id?: string; locale?: 'en' | 'fr' } = {}) => {
    const { user, command, text } = splitLine(line);
    return core.handle({
      id: o.id ?? randomUUID(),
      user: consoleUser(user),
      channel: 'console:local/general',
      command,
      input: { kind: 'text', text },
      ...(o.locale ? { locale: o.locale } : {}),
    });
  };
  return {
    core, clock, notifier, logs, uow, engine, dir, jobs, file, run,
    text: async (line) => replyToPlainText(await run(line)),
    close: async () => {
      await uow.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
