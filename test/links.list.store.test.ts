import { describe, expect, it } from 'vitest';
import { DocumentUnitOfWork, bindRepositories } from '../adapters/store/unit-of-work.js';
import { DocumentTx } from '../adapters/store/document-tx.js';
import { MemoryEngine } from '../adapters/store/memory.engine.js';
import type { Tx } from '../src/ports/store.js';
import { ReadLog } from './support/engines.js';

const at = '2026-11-23T09:00:00.000Z';
const link = (user: string, account: string) => ({ chatUser: `console:local/${user}`, account, linkedBy: 'test', linkedAt: at });

/** A store as written before the per-account list existed: links and their index only. */
async function oldStore(): Promise<MemoryEngine> {
  const engine = new MemoryEngine();
  await engine.commit({
    reads: new Map(),
    writes: new Map<string, unknown>([
      ['link:console:local/ann', link('ann', 'acme')],
      ['link-by-acct:acme:console:local/ann', 1],
    ]),
  });
  return engine;
}

const read = <T>(uow: DocumentUnitOfWork, body: (tx: Tx) => Promise<T>) => uow.run(async (tx) => ({ commit: false, result: await body(tx) }));
const write = (uow: DocumentUnitOfWork, body: (tx: Tx) => Promise<void>) => uow.run(async (tx) => ({ commit: true, result: await body(tx) }));
const users = (links: { chatUser: string }[]) => links.map((l) => l.chatUser);

describe('the chat users of an account, listed in one document', () => {
  it('GIVEN a store with the link index only WHEN an account’s links are listed THEN they come from the index; once a link is added, the list document holds both and no scan is needed', async () => {
    const log = new ReadLog(await oldStore());
    const uow = new DocumentUnitOfWork(log);
    expect(users(await read(uow, (tx) => tx.links.listForAccount('acme')))).toEqual(['console:local/ann']);
    expect(log.scans).toEqual(['link-by-acct:acme:']);
    await write(uow, (tx) => tx.links.put(link('bob', 'acme')));
    log.scans.length = 0;
    expect(users(await read(uow, (tx) => tx.links.listForAccount('acme')))).toEqual(['console:local/ann', 'console:local/bob']);
    expect(log.scans).toEqual([]);
  });

  it('GIVEN a chat user linked to one account WHEN it is linked to another, then unlinked THEN each account’s list follows', async () => {
    const uow = new DocumentUnitOfWork(await oldStore());
    await write(uow, (tx) => tx.links.put(link('ann', 'beta')));
    expect(users(await read(uow, (tx) => tx.links.listForAccount('acme')))).toEqual([]);
    expect(users(await read(uow, (tx) => tx.links.listForAccount('beta')))).toEqual(['console:local/ann']);
    await write(uow, async (tx) => void (await tx.links.remove('console:local/ann')));
    expect(users(await read(uow, (tx) => tx.links.listForAccount('beta')))).toEqual([]);
  });

  it('GIVEN two links of one account made at the same moment WHEN both commit THEN the list holds both (the second re-runs on the first’s list)', async () => {
    const engine = await oldStore();
    const first = new DocumentTx(engine);
    const second = new DocumentTx(engine);
    await bindRepositories(first).links.put(link('cid', 'acme'));
    await bindRepositories(second).links.put(link('dan', 'acme'));
    expect(await engine.commit(first.request(true))).toBe(true);
    expect(await engine.commit(second.request(true))).toBe(false);
    const uow = new DocumentUnitOfWork(engine);
    await write(uow, (tx) => tx.links.put(link('dan', 'acme')));
    expect(users(await read(uow, (tx) => tx.links.listForAccount('acme')))).toEqual(['console:local/ann', 'console:local/cid', 'console:local/dan']);
  });
});
