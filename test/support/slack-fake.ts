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

/** A reply to a command: posted to its response_url (received by the fake), or carried by its acknowledgement (noted). */
export interface ResponsePost {
  /** The response_url's id (its last path segment). */
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly via: 'response_url' | 'ack';
}

/** A scripted answer for the next call of a method (or response_url post). */
export interface Scripted {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Record<string, unknown>;
}

/** The workspace the fake bot token belongs to. */
export const FAKE_TEAM = 'T0TEAM';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The file bytes of a post to an upload URL: the raw body, or the one file part of a multipart/form-data body. */
async function uploadedBytes(body: Buffer, type: string | undefined): Promise<Buffer> {
  if (!type?.startsWith('multipart/form-data')) return body;
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  const files = [...form.values()].filter((v): v is File => typeof v !== 'string');
  if (files.length !== 1) return Buffer.alloc(0);
  return Buffer.from(await files[0]!.arrayBuffer());
}

/** A file uploaded through `files.getUploadURLExternal`, the upload URL and `files.completeUploadExternal`. */
export interface UploadedFile {
  readonly id: string;
  readonly filename: string;
  readonly length: number;
  readonly altText: string | undefined;
  /** The bytes posted to the upload URL (undefined until posted). */
  bytes: Buffer | undefined;
  /** Set by `files.completeUploadExternal`. */
  title?: string;
  channel?: string;
  completed: boolean;
}

/** Decodes a Web API request body (form-encoded with JSON fields, or JSON). */
function decode(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = ['blocks', 'attachments', 'view', 'files'].includes(k) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/**
 * A fake Slack Web API on 127.0.0.1: answers `auth.test`, `conversations.open`, `chat.postMessage`,
 * `chat.postEphemeral`, `apps.connections.open`, `views.publish` (refusing a Home view that breaks Block Kit's
 * rules, kept in `refusedViews`) and the file upload of `files.uploadV2` (`files.getUploadURLExternal`, the upload
 * URL, `files.completeUploadExternal`, each checked), records every call, and serves response URLs.
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  /** Files asked for, uploaded and completed, in order. */
  readonly files: UploadedFile[] = [];
  /** Posts received on response URLs. */
  readonly responses: ResponsePost[] = [];
  /** Replies carried by the acknowledgement of a slash command, as noted by whoever sent it (`noteAck`). */
  readonly acks: ResponsePost[] = [];
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

  /**
   * Notes the HTTP answer to a slash command sent with `responseUrl`: a message in it (Slack shows it as the reply)
   * is kept in `acks`; an empty answer is a bare acknowledgement. Returns the message, if any.
   */
  noteAck(responseUrl: string, answer: string): Record<string, unknown> | undefined {
    if (!answer) return undefined;
    const body = JSON.parse(answer) as Record<string, unknown>;
    this.acks.push({ id: responseUrl.split('/').pop()!, body, via: 'ack' });
    this.#events.emit('request');
    return body;
  }

  /**
   * Every reply to the command(s) sent with `responseUrl`, in order: those carried by acknowledgements first (the
   * first message of a reply rides its ack, what follows is posted later), then the posts to the URL.
   */
  repliesTo(responseUrl: string): ResponsePost[] {
    const id = responseUrl.split('/').pop()!;
    return [...this.acks.filter((r) => r.id === id), ...this.responses.filter((r) => r.id === id)];
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
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const path = new URL(req.url ?? '/', this.url).pathname;
    const respond = (key: string, fallback: Record<string, unknown>) => {
      const scripted = this.#scripts.get(key)?.shift();
      setImmediate(() => this.#events.emit('request'));
      return { status: scripted?.status ?? 200, headers: scripted?.headers ?? {}, body: scripted?.body ?? fallback };
    };
    if (path.startsWith('/response/')) {
      const body = decode(raw, req.headers['content-type']);
      const answer = respond('response', { ok: true });
      if (answer.status === 200) this.responses.push({ id: path.slice('/response/'.length), body, via: 'response_url' });
      return answer;
    }
    if (path.startsWith('/upload/')) {
      const upload = this.#upload(path.slice('/upload/'.length), await uploadedBytes(bytes, req.headers['content-type']));
      const answer = respond('upload', upload);
      return upload.ok ? answer : { ...answer, status: 400 };
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
    if (method === 'files.getUploadURLExternal') defaults[method] = this.#uploadUrl(args);
    if (method === 'files.completeUploadExternal') defaults[method] = this.#complete(args);
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

  /** `files.getUploadURLExternal`: a file name and its length in bytes are required; the alt text is at most 1,000 characters. */
  #uploadUrl(args: Record<string, unknown>): Record<string, unknown> {
    const length = Number(args.length);
    if (typeof args.filename !== 'string' || !args.filename) return { ok: false, error: 'invalid_arguments', detail: 'filename is required' };
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments', detail: 'length must be a positive integer' };
    const alt = typeof args.alt_text === 'string' ? args.alt_text : typeof args.alt_txt === 'string' ? args.alt_txt : undefined;
    if (alt !== undefined && alt.length > 1000) return { ok: false, error: 'invalid_arguments', detail: 'alt_text is longer than 1000 characters' };
    const id = `F${String(this.files.length + 1).padStart(6, '0')}`;
    this.files.push({ id, filename: args.filename, length, altText: alt, bytes: undefined, completed: false });
    return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
  }

  /** The upload URL: takes the bytes once, of the length announced. */
  #upload(id: string, bytes: Buffer): Record<string, unknown> {
    const file = this.files.find((f) => f.id === id);
    if (!file || file.bytes) return { ok: false, error: 'invalid_upload' };
    if (bytes.length !== file.length) return { ok: false, error: 'length_mismatch' };
    file.bytes = bytes;
    return { ok: true };
  }

  /** `files.completeUploadExternal`: every file must have been uploaded, once; shares them into `channel_id`. */
  #complete(args: Record<string, unknown>): Record<string, unknown> {
    const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
    if (list.length === 0) return { ok: false, error: 'invalid_arguments', detail: 'files is required' };
    const found = list.map((f) => this.files.find((x) => x.id === f.id));
    if (found.some((f) => !f || !f.bytes || f.completed)) return { ok: false, error: 'file_not_found' };
    found.forEach((f, i) => {
      f!.completed = true;
      f!.title = list[i]!.title ?? f!.filename;
      if (typeof args.channel_id === 'string') f!.channel = args.channel_id;
    });
    return { ok: true, files: found.map((f) => ({ id: f!.id, name: f!.filename, title: f!.title })) };
  }
}
