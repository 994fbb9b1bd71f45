import type { Tx } from '../../src/ports/store.js';
import type { Service } from '../../src/domain/service.js';
import { FAKE_TEAM } from './slack-fake.js';
import type { Sent } from './crash-bot.js';
import { seeded } from './prng.js';

/** The Slack operator of the crash test. */
export const OPERATOR = 'U0ROOT';
/** The services whose billing contact the crash test moves (one request each), all alice-ovh's to start with. */
export const CONTACT_SERVICES = Array.from({ length: 60 }, (_, i) => `svc-c${String(i + 1).padStart(2, '0')}`);
/** Slack users of the crash test and their accounts; each client types as its own user. */
export const CRASH_USERS: Readonly<Record<string, string>> = {
  U0ALICE: 'alice-ovh', U0ALICE2: 'alice-ovh', U0ALICE3: 'alice-ovh',
  U0DAVE: 'dave-ovh', U0DAVE2: 'dave-ovh', U0DAVE3: 'dave-ovh', U0BOB: 'bob-ovh',
};


/** Adds what the crash test needs to the demo data: Slack links, two more projects and the contact-change services. */
export async function seedCrashData(tx: Tx, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const [user, account] of Object.entries(CRASH_USERS)) {
    await tx.links.put({ chatUser: `slack:${FAKE_TEAM}/${user}`, account, linkedBy: 'crash-test', linkedAt: at });
  }
  const base = { state: 'active' as const, renewal: null, createdAt: at, deletedAt: null };
  const all = (a: string) => ({ admin: a, billing: a, tech: a });
  const services: Service[] = [
    { ...base, id: 'pc-two', kind: 'public-cloud-project', displayName: 'Second project', owner: 'dave-ovh', contacts: all('dave-ovh') },
    { ...base, id: 'pc-bob', kind: 'public-cloud-project', displayName: 'Bob project', owner: 'bob-ovh', contacts: all('bob-ovh') },
    ...CONTACT_SERVICES.map((id) => ({ ...base, id, kind: 'other' as const, displayName: id, owner: 'alice-ovh', contacts: all('alice-ovh') })),
  ];
  for (const s of services) await tx.services.put(s);
}

/** Slack users typing commands at one or several Guichet processes (`SlackClients`, `FleetClients`). */
export interface CommandClients {
  /** True while the clients should go on typing. */
  readonly alive: boolean;
  /** Sends a slash command as a user; resolves with what became of it, undefined when no reply can come. */
  send(user: string, command: string, text: string, round: number, retryOf?: string): Promise<Sent | undefined>;
  /** The confirmation token a user received privately for a contact-change request. */
  tokenFor(user: string, requestId: string): Promise<string | undefined>;
}

/** State shared by the clients across rounds. */
export interface Workload {
  readonly clients: CommandClients;
  readonly seed: number;
  /** Voucher codes issued and not handed to an activator yet. */
  readonly codes: string[];
  issued: number;
  nextService: number;
}

type Rng = () => number;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** Buys credit on a project and pays most orders, until the bot dies. */
async function buyer(w: Workload, rng: Rng, round: number, user: string, project: string): Promise<void> {
  while (w.clients.alive) {
    const bought = await w.clients.send(user, '/credit', `buy ${int(rng, 1, 60)} ${project}`, round);
    const order = bought?.answer?.match(/ORD-[A-Z0-9]{8}/)?.[0];
    if (order && rng() < 0.85) await w.clients.send(user, '/orders', `pay ${order}`, round);
  }
}

/** The operator: issues voucher codes and records consumption on the projects. */
async function operator(w: Workload, rng: Rng, round: number): Promise<void> {
  while (w.clients.alive) {
    if (rng() < 0.4) {
      w.issued += 1;
      const code = `CRASH-${w.seed}-${w.issued}`;
      const done = await w.clients.send(OPERATOR, '/guichet', `admin voucher issue ${code} ${int(rng, 1, 20)} EUR`, round);
      if (done && !done.failed) w.codes.push(code);
    } else {
      const project = ['pc-demo', 'pc-two', 'pc-bob'][int(rng, 0, 2)]!;
      await w.clients.send(OPERATOR, '/guichet', `admin charge ${project} ${int(rng, 1, 40)}`, round);
    }
  }
}

/** Activates issued voucher codes on a project. */
async function activator(w: Workload, round: number, user: string, project: string): Promise<void> {
  while (w.clients.alive) {
    const code = w.codes.shift();
    if (code) await w.clients.send(user, '/voucher', `activate ${code} ${project}`, round);
    else await new Promise((r) => setTimeout(r, 5));
  }
}

/** Asks to move a service's billing contact from alice-ovh to dave-ovh, then both sides accept at once with their private tokens. */
async function contactMover(w: Workload, round: number): Promise<void> {
  while (w.clients.alive && w.nextService < CONTACT_SERVICES.length) {
    const service = CONTACT_SERVICES[w.nextService++]!;
    const asked = await w.clients.send('U0ALICE3', '/contacts', `change ${service} billing=dave-ovh`, round);
    const id = asked?.answer?.match(/CR-[A-Z0-9]{6}/)?.[0];
    if (!id) continue;
    await Promise.all(['U0ALICE3', 'U0DAVE3'].map(async (user) => {
      const token = await w.clients.tokenFor(user, id);
      if (token) await w.clients.send(user, '/contacts', `accept ${id} ${token}`, round);
    }));
  }
}

/** Runs every client concurrently until the bot dies. */
export async function burst(w: Workload, round: number): Promise<void> {
  const rng = (client: number) => seeded(w.seed * 7919 + round * 131 + client);
  await Promise.all([
    buyer(w, rng(1), round, 'U0ALICE', 'pc-demo'),
    buyer(w, rng(2), round, 'U0DAVE', 'pc-two'),
    buyer(w, rng(3), round, 'U0BOB', 'pc-bob'),
    operator(w, rng(4), round),
    activator(w, round, 'U0ALICE2', 'pc-demo'),
    activator(w, round, 'U0DAVE2', 'pc-two'),
    contactMover(w, round),
  ]);
}
