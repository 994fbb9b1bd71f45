import { createHash } from 'node:crypto';

/** What a request signature covers (see the README of the API descriptions). */
export interface SignatureInput {
  readonly applicationSecret: string;
  readonly consumerKey: string;
  readonly method: string;
  /** The full URL as sent, with scheme, host, port (if any), path and query. */
  readonly url: string;
  /** The exact body sent, or '' when there is none. */
  readonly body: string;
  /** Server time in seconds since the epoch. */
  readonly timestamp: number;
}

/** `$1$` + hex(SHA1(secret+ck+METHOD+url+body+timestamp)), the value of `X-Ovh-Signature`. */
export function signRequest(input: SignatureInput): string {
  const parts = [input.applicationSecret, input.consumerKey, input.method.toUpperCase(), input.url, input.body, String(input.timestamp)];
  return `$1$${createHash('sha1').update(parts.join('+'), 'utf8').digest('hex')}`;
}
