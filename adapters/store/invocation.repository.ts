import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvocationRecord } from '../../src/domain/records.js';
import type { InvocationRepository, LimitHit, LimitRepository, RepeatMapping } from '../../src/ports/store.js';
import type { DocumentTx } from './document-tx.js';
import { ABSENT } from './engine.js';
import { decode, getDoc, purgeIndexed } from './repositories.js';

const Mapping = z.object({ id: z.string(), at: z.number(), recordedAt: z.string() });
const Hits = z.object({ hits: z.array(z.object({ at: z.number(), id: z.string() })) });

/** The key of a repeat mapping: a digest, since repeat keys hold what the user typed. */
function repeatDoc(repeatKey: string): string {
  return `repeat:${createHash('sha256').update(repeatKey).digest('base64url')}`;
}

/**
 * Applied invocations under `inv:ID`, indexed by time under `inv-at:TIME:ID` so old ones can be purged;
 * repeat mappings under `repeat:DIGEST`, indexed under `repeat-at:TIME:DIGEST`.
 */
export class InvocationDocs implements InvocationRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The recorded outcome, if any. */
  get(id: string) {
    return getDoc(this.tx, InvocationRecord, `inv:${id}`);
  }
  /** First attempt: no read, the commit requires no record; re-run: the record, read. */
  async claim(id: string) {
    if (this.tx.retry) return this.get(id);
    this.tx.require(`inv:${id}`, ABSENT);
    return undefined;
  }
  /** First attempt: no read, the commit requires no mapping; re-run: the mapping, read. */
  async repeatOf(repeatKey: string): Promise<RepeatMapping | undefined> {
    const key = repeatDoc(repeatKey);
    if (!this.tx.retry) {
      this.tx.require(key, ABSENT);
      return undefined;
    }
    const v = await this.tx.get(key);
    if (v === undefined) return undefined;
    const { id, at } = decode(Mapping, key, v);
    return { id, at };
  }
  /** Records an outcome, and maps its repeat key to it. */
  put(record: InvocationRecord, repeat?: { key: string; at: number }) {
    this.tx.put(`inv:${record.id}`, InvocationRecord.parse(record));
    this.tx.put(`inv-at:${record.at}:${record.id}`, record.id);
    if (repeat) {
      const key = repeatDoc(repeat.key);
      this.tx.put(key, { id: record.id, at: repeat.at, recordedAt: record.at });
      this.tx.put(`repeat-at:${record.at}:${key.slice('repeat:'.length)}`, key);
    }
  }
  /** Deletes records (and repeat mappings) made before the cutoff, oldest first; returns how many records. */
  async purgeBefore(cutoff: Date, limit: number) {
    const records = await purgeIndexed(this.tx, 'inv-at:', (id) => `inv:${id}`, cutoff, limit);
    const mappings = await this.tx.range('repeat-at:', `repeat-at:${cutoff.toISOString()}`, { limit });
    for (const row of mappings) {
      this.tx.delete(row.key);
      const key = String(row.value);
      const mapping = await this.tx.get(key);
      // A newer invocation may have taken the same repeat key since: keep its mapping.
      if (mapping !== undefined && decode(Mapping, key, mapping).recordedAt < cutoff.toISOString()) this.tx.delete(key);
    }
    return records;
  }
}

/** Sliding-window counters under `limit:KEY`, written as counters (kept even when the unit does not commit). */
export class LimitDocs implements LimitRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The hits of a key, oldest first. */
  async hits(key: string): Promise<LimitHit[]> {
    const doc = `limit:${key}`;
    const v = await this.tx.get(doc);
    return v === undefined ? [] : decode(Hits, doc, v).hits;
  }
  /** Replaces the hits of a key (deletes the document when none are left). */
  record(key: string, hits: readonly LimitHit[]) {
    this.tx.putSide(`limit:${key}`, hits.length === 0 ? null : { hits });
  }
}
