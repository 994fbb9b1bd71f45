import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One REST call the bot made to the fake Discord. */
export interface RecordedRequest {
  readonly method: string;
  /** Decoded path after `/api/v10`, e.g. `/webhooks/APP/TOKEN/messages/@original`. */
  readonly path: string;
  readonly query: string;
  readonly auth: string | undefined;
  readonly body: any;
  /** Files of a multipart/form-data request (`files[N]` parts), with the bytes received. */
  readonly files: readonly SentFile[];
  readonly status: number;
}

/** A file part of a multipart request (an attachment). */
export interface SentFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** Discord's limit on the files of one message (bytes, for bots without boosts). */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Reads a multipart/form-data body as Discord does: `payload_json` holds the message, `files[N]` parts the attachments. */
async function readMultipart(raw: Buffer, type: string): Promise<{ body: any; files: SentFile[] } | { error: string }> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  const payload = form.get('payload_json');
  if (typeof payload !== 'string') return { error: 'payload_json is missing' };
  const files: SentFile[] = [];
  for (const [field, value] of form.entries()) {
    if (field === 'payload_json') continue;
    if (typeof value === 'string' || !/^files\[\d+\]$/.test(field)) return { error: `unexpected form field ${field}` };
    if (!value.name) return { error: `${field} has no file name` };
    files.push({ field, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  const body = JSON.parse(payload);
  if (files.reduce((n, f) => n + f.bytes.length, 0) > MAX_UPLOAD_BYTES) return { error: 'Request entity too large' };
  // A message's attachments; an interaction callback (a reply at once) carries its message under `data`.
  for (const a of (body.attachments ?? body.data?.attachments ?? []) as { id: number | string; filename?: string; description?: string }[]) {
    const part = files.find((f) => f.field === `files[${a.id}]`);
    if (!part) return { error: `attachments[${a.id}] has no files[${a.id}] part` };
    if (a.description !== undefined && a.description.length > 1024) return { error: `attachments[${a.id}].description is longer than 1024` };
  }
  return { body, files };
}

/** The bot user and application the fake Discord answers READY with. */
export const FAKE_BOT = { id: '100000000000000001', username: 'guichet', discriminator: '0', global_name: null, avatar: null, bot: true };
/** Application ID of the fake bot. */
export const FAKE_APP_ID = '100000000000000002';

/** How the fake loses its answer to a create: the connection closed, or an HTTP 500 (the message exists either way). */
export type LostAnswer = 'reset' | 500;
type Reply = { status: number; body?: unknown; lose?: LostAnswer };
/** How long a nonce sent with `enforce_nonce` is remembered (Discord says "the past few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10` and a JSON WebSocket gateway on the same HTTP server.
 * It records what the bot sends and behaves like Discord where the bot depends on it (one callback per
 * interaction, 204 without a content type, error 50007 for users who do not accept DMs, `enforce_nonce` on creates).
 */
export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly gatewayFrames: any[] = [];
  /** User IDs whose DMs are closed (sending answers 403 / 50007). */
  readonly closedDms = new Set<string>();
  /** Channel IDs the bot may not post to (403 / 50001). */
  readonly forbiddenChannels = new Set<string>();
  /** Bot tokens Discord answers 401 for (a reset or mistyped token). */
  readonly refusedTokens = new Set<string>();
  readonly #sockets = new Set<WebSocket>();
  /** Messages created per channel ID, in order. */
  readonly #channels = new Map<string, any[]>();
  /** Messages created with `enforce_nonce`, by author token and nonce. */
  readonly #nonces = new Map<string, { message: any; at: number }>();
  /** Channels whose next create loses its answer, and how. */
  readonly #lose = new Map<string, LostAnswer>();
  readonly #acknowledged = new Set<string>();
  readonly #dmRecipients = new Map<string, string>();
  #seq = 0;
  #ids = 1;
  private constructor(private readonly server: Server, private readonly wss: WebSocketServer, private readonly heartbeatMs: number, private readonly now: () => number) {
    super();
  }

  /** Starts the fake on a free port of 127.0.0.1; `heartbeatMs` is the interval announced in HELLO, `now` measures the nonce window. */
  static async start(options: { heartbeatMs?: number; now?: () => number } = {}): Promise<FakeDiscord> {
    const wss = new WebSocketServer({ noServer: true });
    const server = createServer();
    const fake = new FakeDiscord(server, wss, options.heartbeatMs ?? 45_000, options.now ?? Date.now);
    server.on('request', (req, res) => void fake.#rest(req, res));
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => fake.#gateway(ws, req)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Base URL to give the client as `rest.api` (DISCORD_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  /** Sends a gateway dispatch (op 0) to every connected client. */
  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.#seq, d });
    for (const ws of this.#sockets) ws.send(frame);
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean, what = 'request'): Promise<RecordedRequest> {
    const found = this.requests.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.off('request', on); reject(new Error(`fake Discord: no ${what} arrived`)); }, 10_000);
      const on = (r: RecordedRequest) => {
        if (!match(r)) return;
        clearTimeout(timer);
        this.off('request', on);
        resolve(r);
      };
      this.on('request', on);
    });
  }

  /**
   * What answered an interaction: its accepted callback and, when that was a deferral (type 5), the edit that
   * followed; `message` and `files` are the reply's, wherever they came (a public deferral answered privately
   * has no edit: wait for its follow-up instead).
   */
  async answerTo(i: { id: string; token: string }): Promise<{ callback: RecordedRequest; edit?: RecordedRequest; message: any; files: readonly SentFile[] }> {
    const callback = await this.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback` && r.status === 204, `callback of interaction ${i.id}`);
    if (callback.body?.type === 4) return { callback, message: callback.body.data, files: callback.files };
    const edit = await this.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APP_ID}/${i.token}/messages/@original`, `edit of interaction ${i.id}`);
    return { callback, edit, message: edit.body, files: edit.files };
  }

  /** Marks an interaction as answered by someone else (another process): the bot's callback then gets 40060. */
  answeredElsewhere(interactionId: string): void {
    this.#acknowledged.add(interactionId);
  }

  /** The user a DM channel opened by the bot leads to. */
  recipientOf(channelId: string): string | undefined {
    return this.#dmRecipients.get(channelId);
  }

  /** The messages that exist in a channel (created once each, whatever the retries). */
  messagesIn(channelId: string): readonly any[] {
    return this.#channels.get(channelId) ?? [];
  }

  /** The next message created in the channel is created, then its answer is lost: the connection closes, or 500. */
  loseNextAnswer(channelId: string, how: LostAnswer): void {
    this.#lose.set(channelId, how);
  }

  /** Stops the server and closes every gateway connection. */
  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #gateway(ws: WebSocket, req: IncomingMessage): void {
    this.#sockets.add(ws);
    ws.on('close', () => this.#sockets.delete(ws));
    this.gatewayFrames.push({ connected: req.url });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatMs }, s: null, t: null }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      this.gatewayFrames.push(frame);
      this.emit('frame', frame);
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        const port = (this.server.address() as AddressInfo).port;
        ws.send(JSON.stringify({
          op: 0, t: 'READY', s: ++this.#seq,
          d: { v: 10, user: FAKE_BOT, guilds: [], session_id: 'fake-session', resume_gateway_url: `ws://127.0.0.1:${port}/gateway`, application: { id: FAKE_APP_ID, flags: 0 }, shard: [0, 1] },
        }));
      }
    });
  }

  async #rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const type = String(req.headers['content-type']);
    const multipart = type.startsWith('multipart/form-data') ? await readMultipart(raw, type) : undefined;
    const body = multipart ? ('body' in multipart ? multipart.body : undefined) : text && type.includes('json') ? JSON.parse(text) : text;
    const files = multipart && 'files' in multipart ? multipart.files : [];
    const token = req.headers.authorization?.replace(/^Bot /, '');
    const reply: Reply = token && this.refusedTokens.has(token)
      ? { status: 401, body: { message: '401: Unauthorized', code: 0 } }
      : multipart && 'error' in multipart
        ? { status: 400, body: { code: 50035, message: `Invalid Form Body: ${multipart.error}` } }
        : this.#route(req.method ?? 'GET', path, body, files, token ?? '');
    const lost = reply.lose === 500 ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : reply;
    // A reset is recorded with status 0: the client got no answer at all.
    const record: RecordedRequest = { method: req.method ?? 'GET', path, query: url.search, auth: req.headers.authorization, body, files, status: reply.lose === 'reset' ? 0 : lost.status };
    if (reply.lose === 'reset') req.socket.destroy();
    else if (lost.status === 204) res.writeHead(204).end();
    else res.writeHead(lost.status, { 'content-type': 'application/json' }).end(JSON.stringify(lost.body ?? {}));
    this.requests.push(record);
    this.emit('request', record);
  }

  /** A unique snowflake-like ID (BigInt: these exceed Number precision). */
  #snowflake(kind: bigint): string {
    return String(kind * 100000000000000000n + BigInt(this.#ids++));
  }

  #message(channelId: string, body: any, files: readonly SentFile[] = []): Reply {
    const attachments = files.map((f, i) => ({
      id: this.#snowflake(4n), filename: f.name, size: f.bytes.length, content_type: f.contentType,
      url: `https://cdn.discordapp.invalid/attachments/${channelId}/${i}/${f.name}`, proxy_url: `https://media.discordapp.invalid/${f.name}`,
      ...(body?.attachments?.[i]?.description ? { description: body.attachments[i].description } : {}),
    }));
    return {
      status: 200,
      body: {
        id: this.#snowflake(2n), channel_id: channelId, author: FAKE_BOT, content: body?.content ?? '',
        timestamp: new Date(0).toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [],
        mention_roles: [], attachments, embeds: body?.embeds ?? [], components: body?.components ?? [], pinned: false, type: 0, flags: body?.flags ?? 0,
        ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
      },
    };
  }

  /**
   * Creates a channel message as Discord does with `enforce_nonce`: a nonce the same author used within the window
   * returns that message and creates nothing (Discord scopes it to the author, so this holds across channels too).
   */
  #create(channelId: string, body: any, files: readonly SentFile[], author: string): Reply {
    const now = this.now();
    const nonceKey = body?.enforce_nonce === true && body?.nonce !== undefined ? `${author}|${String(body.nonce)}` : undefined;
    if (nonceKey !== undefined && String(body.nonce).length > 25) return { status: 400, body: { code: 50035, message: 'Invalid Form Body: nonce is longer than 25' } };
    const earlier = nonceKey === undefined ? undefined : this.#nonces.get(nonceKey);
    if (earlier && now - earlier.at <= NONCE_WINDOW_MS) return { status: 200, body: earlier.message };
    const created = this.#message(channelId, body, files);
    this.#channels.set(channelId, [...this.messagesIn(channelId), created.body]);
    if (nonceKey !== undefined) this.#nonces.set(nonceKey, { message: created.body, at: now });
    const lose = this.#lose.get(channelId);
    this.#lose.delete(channelId);
    return lose ? { ...created, lose } : created;
  }

  #route(method: string, path: string, body: any, files: readonly SentFile[], author: string): Reply {
    const port = (this.server.address() as AddressInfo).port;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    if (method === 'GET' && path === '/applications/@me') {
      return { status: 200, body: { id: FAKE_APP_ID, name: 'Guichet', description: '', bot_public: false, bot_require_code_grant: false, verify_key: '0', flags: 0, bot: FAKE_BOT } };
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path))) {
      if (this.#acknowledged.has(m[1]!)) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
      this.#acknowledged.add(m[1]!);
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.exec(path))) {
      return method === 'DELETE' ? { status: 204 } : this.#message('0', body, files);
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return this.#message('0', body, files);
    if (method === 'POST' && path === '/users/@me/channels') {
      const id = this.#snowflake(3n);
      this.#dmRecipients.set(id, String(body.recipient_id));
      return { status: 200, body: { id, type: 1, last_message_id: null, recipients: [{ id: String(body.recipient_id), username: 'user', discriminator: '0', avatar: null }] } };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const recipient = this.#dmRecipients.get(m[1]!);
      if (recipient && this.closedDms.has(recipient)) return { status: 403, body: { code: 50007, message: 'Cannot send messages to this user' } };
      if (this.forbiddenChannels.has(m[1]!)) return { status: 403, body: { code: 50001, message: 'Missing Access' } };
      return this.#create(m[1]!, body, files, author);
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return { status: 200, body: (body as any[]).map((c, i) => ({ ...c, id: String(400000000000000000n + BigInt(i)), application_id: FAKE_APP_ID, version: '1' })) };
    }
    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }
}
