import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homeViewProblems } from './home-view-rules.js';

/** A Web API call the fake received: the method and its decoded arguments. */
export interface ApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly auth: string | undefined;
}

/** A post the fake received on a response_url. */
export interface ResponsePost {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/** A scripted answer for the next call of a method (or response_url post). */
export interface Scripted {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Record<string, unknown>;
}

/** The workspace the fake bot token belongs to. */
export const FAKE_TEAM = 'T0TEAM';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Decodes a Web API request body (form-encoded with JSON fields, or JSON). */
function decode(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = ['blocks', 'attachments', 'view'].includes(k) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/**
 * A fake Slack Web API on 127.0.0.1: answers `auth.test`, `conversations.open`, `chat.postMessage`,
 * `chat.postEphemeral`, `apps.connections.open` and `views.publish` (refusing a Home view that breaks Block Kit's
 * rules, kept in `refusedViews`), records every call, and serves response URLs.
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  /** Home views refused by `views.publish`, with what was wrong. */
  readonly refusedViews: { view: unknown; problems: string[] }[] = [];
  readonly #events = new EventEmitter();
  readonly #scripts = new Map<string, Scripted[]>();
  #responseCount = 0;
  /** The WebSocket URL `apps.connections.open` hands out (Socket Mode tests set it). */
  socketUrl = '';

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Starts the fake on a free port. */
  static async start(): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      void fake!.#handle(req).then(({ status, headers, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    fake = new FakeSlack(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** The Web API base URL to give as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url served by the fake. */
  newResponseUrl(): string {
    this.#responseCount += 1;
    return `${this.url}/response/R${this.#responseCount}`;
  }

  /** Makes the next calls of a method (or `response` for response URLs) answer as scripted, in order. */
  script(method: string, ...answers: Scripted[]): void {
    this.#scripts.set(method, [...(this.#scripts.get(method) ?? []), ...answers]);
  }

  /** Calls of one method. */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once the predicate holds over what the fake received (checked after each request). */
  async until<T>(check: () => T | undefined | false): Promise<T> {
    const now = check();
    if (now) return now;
    return new Promise<T>((resolve) => {
      const listener = () => {
        const value = check();
        if (value) {
          this.#events.off('request', listener);
          resolve(value);
        }
      };
      this.#events.on('request', listener);
    });
  }

  /** Stops the server. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  async #handle(req: IncomingMessage): Promise<Scripted & { headers: Record<string, string>; body: Record<string, unknown> }> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.url).pathname;
    const respond = (key: string, fallback: Record<string, unknown>) => {
      const scripted = this.#scripts.get(key)?.shift();
      setImmediate(() => this.#events.emit('request'));
      return { status: scripted?.status ?? 200, headers: scripted?.headers ?? {}, body: scripted?.body ?? fallback };
    };
    if (path.startsWith('/response/')) {
      const body = decode(raw, req.headers['content-type']);
      const answer = respond('response', { ok: true });
      if (answer.status === 200) this.responses.push({ id: path.slice('/response/'.length), body });
      return answer;
    }
    const method = path.replace(/^\/api\//, '');
    const args = decode(raw, req.headers['content-type']);
    this.calls.push({ method, args, auth: req.headers.authorization });
    const defaults: Record<string, Record<string, unknown>> = {
      'auth.test': { ok: true, team_id: FAKE_TEAM, user_id: 'U0BOT', bot_id: 'B0BOT', team: 'Fake team' },
      'conversations.open': { ok: true, channel: { id: `D${String(args.users ?? 'X')}` } },
      'chat.postMessage': { ok: true, channel: args.channel, ts: `${Date.now() / 1000}` },
      'chat.postEphemeral': { ok: true, message_ts: `${Date.now() / 1000}` },
      'apps.connections.open': { ok: true, url: this.socketUrl },
    };
    if (method === 'views.publish') {
      const problems = typeof args.user_id === 'string' && args.user_id ? homeViewProblems(args.view) : ['user_id missing'];
      if (problems.length) {
        this.refusedViews.push({ view: args.view, problems });
        return respond(method, { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } });
      }
      return respond(method, { ok: true, view: { id: `V${this.calls.length}`, type: 'home' } });
    }
    return respond(method, defaults[method] ?? { ok: false, error: 'unknown_method' });
  }
}
