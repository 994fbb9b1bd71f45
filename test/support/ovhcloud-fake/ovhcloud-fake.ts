import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { systemClock, type Clock } from '../../../src/ports/clock.js';
import { seeded } from '../prng.js';
import { ApiDescriptions } from './descriptions.js';
import { FakeApiError } from './fake-error.js';
import { FaultQueue, type FaultMatch } from './faults.js';
import type { HandlerContext, HandlerTable } from './handler.js';
import { authHandlers } from './handlers/auth.handlers.js';
import { cloudHandlers } from './handlers/cloud.handlers.js';
import { contactHandlers } from './handlers/contacts.handlers.js';
import { meHandlers } from './handlers/me.handlers.js';
import { orderHandlers } from './handlers/orders.handlers.js';
import { serviceHandlers } from './handlers/services.handlers.js';
import { advance, DEFAULT_TIMINGS, type FakeTimings } from './lifecycle.js';
import { answer, type Mismatch, type PipelineHost } from './pipeline.js';
import { FakeRateLimiter } from './rate-limit.js';
import { applySeed, demoSeed, type FakeSeed } from './seed.js';
import { FakeState } from './state.js';
import { openValidationUrl } from './validation-page.js';
import { Views } from './views.js';
import { handleFault, recordOf, type FakeRequestRecord } from './requests.js';

/** The folder of the fake's test-only TLS material. */
export const FAKE_TLS_DIR = resolve(import.meta.dirname, 'tls');
/** The CA certificate to trust (through `NODE_EXTRA_CA_CERTS`) to reach the fake. */
export const FAKE_CA_CERT = resolve(FAKE_TLS_DIR, 'ca.crt');

/** How the fake starts. Everything is optional. */
export interface FakeOptions {
  readonly seed?: FakeSeed;
  readonly clock?: Clock;
  /** Seeds the tokens, keys and random 429s (same seed, same run). */
  readonly randomSeed?: number;
  readonly applicationKey?: string;
  readonly applicationSecret?: string;
  /** Share of requests answered 429 at random (deterministic by `randomSeed`); 0 by default. */
  readonly tooManyRequestsRate?: number;
  /** At most this many requests a minute per consumer key, else 429 with Retry-After (off by default). */
  readonly limitPerMinute?: number;
  readonly timings?: Partial<FakeTimings>;
  /** The account a validation URL validates for when it does not say (as if logged in in the browser). */
  readonly browserAccount?: string;
  readonly port?: number;
  /** False: ignore `X-Pagination-Mode` and answer IDs, as an API without paging would (default true). */
  readonly paging?: boolean;
  /** Called with each request once answered (the CLI prints them). */
  readonly onRequest?: (record: FakeRequestRecord) => void;
}

/** A faithful fake of the OVHcloud API over HTTPS on 127.0.0.1 (see the README, "The OVHcloud fake"). */
export class FakeOvhCloud implements PipelineHost {
  readonly api = new ApiDescriptions();
  readonly views = new Views(this.api);
  readonly state: FakeState;
  readonly handlers: HandlerTable = { ...authHandlers, ...meHandlers, ...contactHandlers, ...cloudHandlers, ...orderHandlers, ...serviceHandlers };
  readonly requests: FakeRequestRecord[] = [];
  readonly mismatches: Mismatch[] = [];
  readonly unimplemented: string[] = [];
  readonly applications: Map<string, string>;
  readonly faults = new FaultQueue();
  readonly clock: Clock;
  readonly timings: FakeTimings;
  browserAccount: string;
  #server: Server | undefined;
  #origin = '';
  readonly #limiter: FakeRateLimiter;
  #seq = 0;
  readonly #sockets = new Set<Socket>();

  private constructor(readonly options: FakeOptions) {
    this.clock = options.clock ?? systemClock;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.state = new FakeState(options.randomSeed ?? 1);
    this.#limiter = new FakeRateLimiter(options.limitPerMinute, options.tooManyRequestsRate ?? 0, seeded((options.randomSeed ?? 1) + 7919));
    this.applications = new Map([[this.applicationKey, options.applicationSecret ?? 'fake-application-secret-0123456789']]);
    const seed = options.seed ?? demoSeed();
    applySeed(this.state, seed, this.clock.now());
    this.browserAccount = options.browserAccount ?? seed.accounts[0]?.nichandle ?? '';
  }

  /** Starts a fake on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: FakeOptions = {}): Promise<FakeOvhCloud> {
    const fake = new FakeOvhCloud(options);
    const server = createServer({ key: readFileSync(resolve(FAKE_TLS_DIR, 'server.key')), cert: readFileSync(resolve(FAKE_TLS_DIR, 'server.crt')) }, (req, res) => {
      void fake.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
    server.on('connection', (socket: Socket) => {
      fake.#sockets.add(socket);
      socket.once('close', () => fake.#sockets.delete(socket));
    });
    await new Promise<void>((ok, ko) => server.once('error', ko).listen(options.port ?? 0, '127.0.0.1', ok));
    fake.#server = server;
    fake.#origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The application key the fake knows. */
  get applicationKey(): string {
    return this.options.applicationKey ?? 'fake-application-key';
  }
  /** Its secret. */
  get applicationSecret(): string {
    return this.applications.get(this.applicationKey)!;
  }
  /** The API base URL to give as `OVH_ENDPOINT`. */
  get url(): string {
    return `${this.#origin}/1.0`;
  }
  /** `https://127.0.0.1:PORT`. */
  get origin(): string {
    return this.#origin;
  }

  /** The current time of the fake. */
  now(): Date {
    return this.clock.now();
  }

  /** Runs every time-driven transition up to now (each request does it first). */
  tick(): void {
    advance(this.state, this.now(), this.timings);
  }

  /** A validated consumer key of an account with the given rules (default: everything), skipping the browser. */
  issueConsumerKey(nichandle: string, rules: { method: string; path: string }[] = ['GET', 'POST', 'PUT', 'DELETE'].map((method) => ({ method, path: '/*' }))): string {
    const key = this.state.token(32);
    this.state.consumerKeys.set(key, {
      key, credentialId: this.state.nextId('credential'), applicationKey: this.applicationKey, validationToken: this.state.token(24), rules,
      redirection: null, creation: this.now(), state: 'validated', nichandle, expiration: null, lastUse: null,
    });
    return key;
  }

  /** Queues a failure for the next matching request: before handling (nothing done) or after (done, but answered an error). */
  failNext(match: FaultMatch, failure: { status: number; errorCode?: string; message?: string; afterHandling?: boolean; headers?: Record<string, string> }): void {
    this.faults.add(match, { kind: 'status', ...failure });
  }
  /** Closes the connection of the next matching request without answering (after handling it, if asked). */
  dropNext(match: FaultMatch, options: { afterHandling?: boolean } = {}): void {
    this.faults.add(match, { kind: 'drop', ...options });
  }
  /** Delays the answer of the next matching request (real time). */
  delayNext(match: FaultMatch, ms: number): void {
    this.faults.add(match, { kind: 'delay', ms });
  }
  /** Holds the next matching request before handling it until `release()`; `reached` resolves when it arrives. */
  holdNext(match: FaultMatch): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const arrived = new Promise<void>((r) => (reached = r));
    this.faults.add(match, { kind: 'hold', released, reached });
    return { reached: arrived, release };
  }

  /** How many requests reached an operation (all answers, errors included), optionally with one status. */
  count(method: string, operation: string, status?: number): number {
    return this.requests.filter((r) => r.method === method && r.operation === operation && (status === undefined || r.status === status)).length;
  }

  /** The mails of an account, oldest first. */
  emailsOf(nichandle: string) {
    return this.state.emails.filter((m) => m.nichandle === nichandle);
  }

  /** Stops the fake; throws if it answered something that does not match the descriptions. */
  async close(): Promise<void> {
    const server = this.#server;
    if (server) {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const socket of this.#sockets) socket.destroy();
      await closed;
    }
    if (this.mismatches.length > 0) {
      throw new Error(`the OVHcloud fake answered ${this.mismatches.length} response(s) that do not match the descriptions: ${JSON.stringify(this.mismatches.slice(0, 3))}`);
    }
  }

  /** @internal Builds a handler context. */
  context(base: Pick<HandlerContext, 'account' | 'credential' | 'path' | 'query' | 'body'>, applicationKey: string): HandlerContext {
    return { ...base, state: this.state, views: this.views, now: this.now(), clock: this.clock, timings: this.timings, applicationKey, origin: this.#origin };
  }

  /** @internal A 429 when the caller is over the per-minute limit, or at random. */
  rateLimit(key: string): FakeApiError | undefined {
    return this.#limiter.check(key, this.now().getTime());
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const arrivedAt = this.now();
    const url = new URL(req.url ?? '/', this.#origin);
    this.tick();
    if (url.pathname === '/auth/' || url.pathname === '/auth') {
      const outcome = openValidationUrl(this.state, url.searchParams, this.browserAccount, this.now());
      res.writeHead(outcome.status, { 'content-type': 'text/html; charset=utf-8' }).end(outcome.html);
      return;
    }
    const seq = ++this.#seq;
    const queryId = `FAKE-EU.ext-1.${seq.toString(16).padStart(8, '0')}.${(seq * 2654435761 >>> 0).toString(16)}`;
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith('/1.0/') ? url.pathname.slice(4) : url.pathname;
    const match = url.pathname.startsWith('/1.0/') ? this.api.find(method, path) : 'unknownPath';
    const operation = typeof match === 'string' ? undefined : match.template;
    const fault = operation ? this.faults.take(method, operation, path) : undefined;
    const run = () => answer(this, req, match, url.searchParams, rawBody, `https://${req.headers.host}${req.url}`);
    const handled = await handleFault(fault, run, res);
    if (handled === 'dropped') {
      this.requests.push(recordOf(seq, arrivedAt, method, path, operation, 0, queryId, undefined));
      return;
    }
    const reply = handled;
    const record = recordOf(seq, arrivedAt, method, path, operation, reply.status, queryId, reply);
    this.requests.push(record);
    this.options.onRequest?.(record);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'X-Ovh-QueryID': queryId, ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }
}
