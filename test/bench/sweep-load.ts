/**
 * Child process of the sweep benchmark: `tsx test/bench/sweep-load.ts FILE SERVICES DUE` writes a
 * store of SERVICES services (100 per account, automatic renewal, nothing due) of which DUE have
 * something due now: half a manual-renewal reminder, half an expiry. Run apart so the measuring
 * process opens the file fresh, as the scheduler of a long-running process would.
 */
import type { Service } from '../../src/domain/service.js';
import { putService } from '../../src/flows/schedule.js';
import { KeyvSqliteEngine } from '../../adapters/store/keyv-sqlite.engine.js';
import { DocumentUnitOfWork } from '../../adapters/store/unit-of-work.js';
import { BENCH_START } from './bench-store.js';

const [file, servicesArg, dueArg] = process.argv.slice(2);
const total = Number(servicesArg);
const due = Number(dueArg);
const now = new Date(BENCH_START).getTime();
const DAY = 86_400_000;
const PER_ACCOUNT = 100;
const engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
const uow = new DocumentUnitOfWork(engine);

function service(k: number): Service {
  const owner = `sweep-${Math.floor(k / PER_ACCOUNT)}`;
  const contacts = { admin: owner, billing: owner, tech: owner };
  // Every (total / due)-th service has something due: odd ones a manual-renewal reminder, even ones an expiry.
  const step = Math.floor(total / due);
  const isDue = k % step === 0 && k / step < due;
  const manual = isDue && (k / step) % 2 === 1;
  const days = isDue ? (manual ? 10 : -1) : 30 + (k % 700);
  return {
    id: `sw-${k}`, kind: 'vps', displayName: '', owner, contacts, state: 'active', createdAt: new Date(now - 400 * DAY).toISOString(), deletedAt: null,
    renewal: { expiresAt: new Date(now + days * DAY).toISOString(), periodMonths: 1, mode: manual ? 'manual' : 'automatic', cancelReason: null, priceMinor: 500 },
  };
}

for (let start = 0; start < total; start += 2000) {
  const end = Math.min(total, start + 2000);
  await uow.run(async (tx) => {
    for (let k = start; k < end; k++) {
      if (k % PER_ACCOUNT === 0) {
        tx.accounts.put({
          id: `sweep-${k / PER_ACCOUNT}`, name: '', subsidiary: 'FR', currency: 'EUR', locale: 'en', email: null, backupEmail: null, twoFactor: false, closedAt: null,
          paymentMethods: [{ id: 'pm-sweep', kind: 'card', label: 'Visa •••• 4242', default: true }],
        });
      }
      await putService(tx, service(k));
    }
    return { commit: true, result: undefined };
  });
}
await uow.close();
