import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** How long a post to a response_url may take before it counts as refused (the Web API is tried next). */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * Posts JSON messages to Slack response URLs over kept-alive connections (one pool per scheme), reading every
 * answer to its end so the connection goes back to the pool. Replaces Bolt's `respond` (a `fetch` per reply
 * whose answer is never read, which costs a stream per post and keeps the socket until the answer is collected).
 */
export class ResponseUrlPoster {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 });

  /** Posts `message` as JSON to `url`; rejects when the answer is not 2xx, on a network error or after the timeout. */
  post(url: string, message: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(message);
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<void>((resolve, reject) => {
      // Plain options rather than the URL object (which `request` converts field by field on every call), and the
      // JSON string written as is (no Buffer copy of it).
      const req = send({
        protocol: target.protocol, hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'), port: target.port, path: `${target.pathname}${target.search}`,
        ...(target.username ? { auth: `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` } : {}),
        method: 'POST', agent: secure ? this.#https : this.#http, timeout: RESPONSE_URL_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res: IncomingMessage) => {
        res.resume();
        res.once('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`Failed to respond to the response_url: ${status} ${res.statusMessage ?? ''}`.trim()));
        });
        res.once('error', reject);
      });
      req.once('timeout', () => req.destroy(new Error('response_url did not answer in time')));
      req.once('error', reject);
      req.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}
