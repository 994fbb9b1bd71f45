import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Block types a Home view may hold (Block Kit), and their limits. */
const HOME_BLOCK_TYPES = new Set(['section', 'header', 'divider', 'actions', 'context', 'image', 'input', 'rich_text', 'video', 'file']);

/**
 * What is wrong with a Home tab view under Block Kit's rules (empty when nothing): type `home`, at most 100 blocks of
 * known types, texts within their limits (section 3,000, field 2,000 and 10 fields, header 150, button 75, context 10
 * elements), action ids unique across the view, at most 25 elements per actions block, callback_id ≤ 255.
 */
export function homeViewProblems(view: unknown): string[] {
  const out: string[] = [];
  if (!isObj(view)) return ['view is not an object'];
  if (view.type !== 'home') out.push(`view type ${String(view.type)} is not home`);
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) out.push('callback_id over 255 characters');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) out.push('private_metadata over 3000 characters');
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return [...out, 'blocks is not an array'];
  if (blocks.length > 100) out.push(`${blocks.length} blocks (at most 100)`);
  const actionIds = new Set<string>();
  const textOf = (t: unknown, max: number, where: string, plain = false) => {
    if (!isObj(t) || typeof t.text !== 'string' || !['plain_text', 'mrkdwn'].includes(String(t.type))) return out.push(`${where}: not a text object`);
    if (plain && t.type !== 'plain_text') out.push(`${where}: must be plain_text`);
    if (t.text.length === 0) out.push(`${where}: empty text`);
    if (t.text.length > max) out.push(`${where}: ${t.text.length} characters (at most ${max})`);
    return 0;
  };
  blocks.forEach((b: unknown, i) => {
    const where = `block ${i}`;
    if (!isObj(b) || !HOME_BLOCK_TYPES.has(String(b.type))) return out.push(`${where}: unknown block type ${isObj(b) ? String(b.type) : typeof b}`);
    if (typeof b.block_id === 'string' && b.block_id.length > 255) out.push(`${where}: block_id over 255 characters`);
    if (b.type === 'header') textOf(b.text, 150, `${where} header`, true);
    if (b.type === 'section') {
      if (b.text === undefined && b.fields === undefined) out.push(`${where}: section without text or fields`);
      if (b.text !== undefined) textOf(b.text, 3000, `${where} text`);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10) out.push(`${where}: more than 10 fields`);
        else b.fields.forEach((f: unknown, j) => textOf(f, 2000, `${where} field ${j}`));
      }
    }
    if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) out.push(`${where}: context needs 1 to 10 elements`);
      else b.elements.forEach((e: unknown, j) => textOf(e, 3000, `${where} element ${j}`));
    }
    if (b.type === 'actions') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) out.push(`${where}: actions needs 1 to 25 elements`);
      else {
        b.elements.forEach((e: unknown, j) => {
          if (!isObj(e) || e.type !== 'button') return out.push(`${where} element ${j}: not a button`);
          textOf(e.text, 75, `${where} button ${j}`, true);
          const id = String(e.action_id ?? '');
          if (!id || id.length > 255) out.push(`${where} button ${j}: action_id missing or over 255 characters`);
          if (actionIds.has(id)) out.push(`${where} button ${j}: action_id ${id} used twice`);
          actionIds.add(id);
          if (typeof e.value === 'string' && e.value.length > 2000) out.push(`${where} button ${j}: value over 2000 characters`);
          return 0;
        });
      }
    }
    return 0;
  });
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
