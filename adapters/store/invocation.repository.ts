import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvocationRecord } from '../../src/domain/records.js';
import type { InvocationRepository, LimitHit, LimitRepository, RepeatMapping } from '../../src/ports/store.js';
import { memoFormatter } from '../../src/domain/i18n.js';
import { DAY_MS } from '../../src/domain/time.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { ABSENT } from './engine.js';
import { decode, getDoc, getDocs, purgeTimed } from './repositories.js';

const Mapping = z.object({ id: z.string(), at: z.number(), recordedAt: z.string() });
const Hits = z.object({ hits: z.array(z.object({ at: z.number(), id: z.string() })) });

/** Prefix of the records filed by day: `invd:YYYY-MM-DD:ID`. */
const RECORDS = 'invd:';
/** Prefix of the records of earlier versions, `inv:ID` (each indexed under `inv-at:TIME:ID`): read and purged, no longer written. */
const LEGACY = 'inv:';

/** The key of a repeat mapping: a digest, since repeat keys hold what the user typed. */
function repeatDoc(repeatKey: string): string {
  return `repeat:${createHash('sha256').update(repeatKey).digest('base64url')}`;
}

/** UTC days (`YYYY-MM-DD`) by day number since 1970: every command names the same few days (today, the day before and after). */
const dayNames = new Map<string, string>();

/** The UTC day of an instant (milliseconds since 1970), `YYYY-MM-DD`. */
function dayAt(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  return memoFormatter(dayNames, String(n), () => new Date(n * DAY_MS).toISOString().slice(0, 10), 64);
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
function dayOf(t: Date): string {
  return dayAt(t.getTime());
}

/** The key of a record filed under a day. */
function recordDoc(day: string, id: string): string {
  return `${RECORDS}${day}:${id}`;
}

/** Where a record of this ID filed near `filed` may be: that day, the day before, the day after, then the legacy key. */
function claimKeys(id: string, filed: Date): string[] {
  const t = filed.getTime();
  return [recordDoc(dayAt(t), id), recordDoc(dayAt(t - DAY_MS), id), recordDoc(dayAt(t + DAY_MS), id), `${LEGACY}${id}`];
}

/**
 * Applied invocations under `invd:DAY:ID`, DAY the UTC day they are filed under (the day they were made, or a
 * button's expiry day): one document per command, and old ones are purged by scanning the days before the cutoff.
 * A retry is recognised on the day its record is filed under, the day before or the day after (so the platforms'
 * retries, seconds to minutes later, and the repeat window are covered, across midnight and a clock skew too), no
 * longer for the whole retention. Records of earlier versions (`inv:ID`, indexed under `inv-at:TIME:ID`) are still
 * found and purged. Repeat mappings under `repeat:DIGEST`, indexed under `repeat-at:TIME:DIGEST`.
 */
export class InvocationDocs implements InvocationRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The recorded outcome, if any, under any day or the legacy key: a scan of every record (tests and tools, not the hot path). */
  async get(id: string) {
    const legacy = await getDoc(this.tx, InvocationRecord, `${LEGACY}${id}`);
    if (legacy) return legacy;
    for await (const row of this.#records()) if (row.key.slice(RECORDS.length + 11) === id) return decode(InvocationRecord, row.key, row.value);
    return undefined;
  }
  async *#records() {
    for (let from = RECORDS; ;) {
      const rows = await this.tx.range(from, prefixEnd(RECORDS), { limit: 500 });
      yield* rows;
      if (rows.length < 500) return;
      from = `${rows[rows.length - 1]!.key}\u0000`;
    }
  }
  /** First attempt: no read, the commit requires no record near that day (nor a legacy one); re-run: those, read. */
  async claim(id: string, filed: Date) {
    const keys = claimKeys(id, filed);
    if (!this.tx.retry) {
      for (const key of keys) this.tx.require(key, ABSENT);
      return undefined;
    }
    const found = await getDocs(this.tx, InvocationRecord, keys);
    return found.find((r) => r !== undefined);
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
  /** Records an outcome under the day of `filed` (default: its own time), and maps its repeat key to it. */
  put(record: InvocationRecord, repeat?: { key: string; at: number }, filed = new Date(record.at)) {
    this.tx.put(recordDoc(dayOf(filed), record.id), InvocationRecord.parse(record));
    if (repeat) {
      const key = repeatDoc(repeat.key);
      this.tx.put(key, { id: record.id, at: repeat.at, recordedAt: record.at });
      this.tx.put(`repeat-at:${record.at}:${key.slice('repeat:'.length)}`, key);
    }
  }
  /**
   * Deletes records filed under days before the cutoff's day (those of that day wait for a later run: never one
   * made after the cutoff) and legacy records made before the cutoff, oldest first, then the repeat mappings made
   * before the cutoff; returns how many records.
   */
  async purgeBefore(cutoff: Date, limit: number) {
    const records = await purgeTimed(this.tx, { index: 'inv-at:', docKey: (id) => `${LEGACY}${id}` }, RECORDS, dayOf(cutoff), cutoff, limit);
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
