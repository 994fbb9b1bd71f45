import type { Tx } from '../../src/ports/store.js';
import type { Harness } from './harness.js';

/** The request IDs a reply names, in order of appearance. */
export function requestIds(text: string): string[] {
  return [...new Set([...text.matchAll(/\bCR-[A-Z0-9]{6}\b/g)].map((m) => m[0]))];
}

/** The token each console user received privately for a request, read from the recorded private messages. */
export function tokensFor(h: Harness, requestId: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = new RegExp(`/contacts accept ${requestId} ([A-Z0-9]{10})`);
  for (const d of h.notifier.directs) {
    const m = pattern.exec(d.text);
    if (m) out[d.to.replace('console:local/', '')] = m[1]!;
  }
  return out;
}

/** Asks for a change as alice and returns the single request ID and the tokens of the users told. */
export async function askChange(h: Harness, line: string): Promise<{ id: string; tokens: Record<string, string>; text: string }> {
  const text = await h.text(line);
  const [id] = requestIds(text);
  if (!id) throw new Error(`no request created: ${text}`);
  return { id, tokens: tokensFor(h, id), text };
}

/** Reads the store in a unit of work that writes nothing. */
export function read<T>(h: Harness, body: (tx: Tx) => Promise<T>): Promise<T> {
  return h.uow.run(async (tx) => ({ commit: false, result: await body(tx) }));
}
