import type Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { ABSENT } from '../adapters/store/engine.js';
import { type BatchRead, type BatchResult, type BatchWrite, SqlEngine, type StoredRow } from '../adapters/store/sql-engine.js';

/** A promise that settles when `open` is called. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A SQL engine over a fake database of absent keys: commits wait for `commits`, validations for `checks`, fetches for `fetches`; `log` records what reached it. */
class FakeSqlEngine extends SqlEngine {
  readonly keyv = undefined as unknown as Keyv;
  readonly location = 'fake';
  readonly log: string[] = [];
  readonly commits = gate();
  readonly checks = gate();
  readonly fetches = gate();
  constructor() {
    super(10);
  }
  protected async fetch(): Promise<StoredRow> {
    await this.fetches.opened;
    return { raw: null, version: ABSENT };
  }
  protected async fetchMany(): Promise<Map<string, StoredRow>> {
    return new Map();
  }
  protected async scan(): Promise<{ key: string; raw: string }[]> {
    return [];
  }
  protected async currentVersions(keys: readonly string[]): Promise<Map<string, number>> {
    await this.checks.opened;
    this.log.push(`check ${keys.join(' ')}`);
    return new Map();
  }
  protected async apply(_reads: readonly BatchRead[], writes: readonly BatchWrite[]): Promise<BatchResult> {
    await this.commits.opened;
    this.log.push(`apply ${writes.map((w) => w.key).join(' ')}`);
    return { version: 1, failed: new Set(), statements: 1 };
  }
  protected async release(): Promise<void> {
    this.log.push('release');
  }
}

/** Lets every pending callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SQL engine wiring of its queues', () => {
  it('GIVEN a commit and a read-only validation in flight WHEN the engine closes THEN it releases the connections only once both are answered, and refuses later commits', async () => {
    const e = new FakeSqlEngine();
    const written = e.commit({ reads: new Map(), writes: new Map([['k:w', null]]) });
    const validated = e.commit({ reads: new Map([['k:r', ABSENT]]), writes: new Map() });
    const closed = e.close();
    await expect(e.commit({ reads: new Map(), writes: new Map([['k:x', null]]) })).rejects.toThrow(/store closed/);
    e.checks.open();
    await settle();
    expect(e.log).toEqual(['check guichet:k:r']);
    e.commits.open();
    await closed;
    expect(e.log).toEqual(['check guichet:k:r', 'apply guichet:k:w', 'release']);
    expect(await Promise.all([written, validated])).toEqual([true, true]);
  });

  it('GIVEN a read-only validation in flight WHEN the engine closes THEN it releases the connections only once it is answered', async () => {
    const e = new FakeSqlEngine();
    const validated = e.commit({ reads: new Map([['k:r', ABSENT]]), writes: new Map() });
    const closed = e.close();
    await settle();
    expect(e.log).toEqual([]);
    e.checks.open();
    await closed;
    expect(e.log).toEqual(['check guichet:k:r', 'release']);
    expect(await validated).toBe(true);
  });

  it('GIVEN a fetch started before a commit is answered WHEN its row arrives after THEN it is not cached (it may be older than the commit): the next read fetches again', async () => {
    const e = new FakeSqlEngine();
    e.commits.open();
    const before = e.read('k:a');
    await settle();
    expect(await e.commit({ reads: new Map(), writes: new Map([['k:a', null]]) })).toBe(true);
    e.fetches.open();
    await before;
    await e.read('k:a');
    expect(e.stats.fetches).toBe(2);
    await e.read('k:a');
    expect(e.stats.fetches).toBe(2);
  });
});
