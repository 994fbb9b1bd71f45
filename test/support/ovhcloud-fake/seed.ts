import type { FakeBalance, FakeProduct, FakeState } from './state.js';

const DAY = 86_400_000;

/** An account to seed. */
export interface AccountSeed {
  readonly nichandle: string;
  readonly subsidiary?: string;
  readonly country?: string;
  readonly currency?: string;
  readonly spareEmail?: string | null;
  readonly twoFactor?: { sms?: number; totp?: number; u2f?: number; backupCodes?: boolean };
  readonly debtCents?: number;
  readonly paymentMethods?: readonly { type?: string; status?: 'VALID' | 'EXPIRED' | 'FAILED'; default?: boolean }[];
}

/** A service to seed (contacts default to the owner). */
export interface ServiceSeed {
  readonly name: string;
  readonly product: FakeProduct;
  readonly owner: string;
  readonly displayName?: string;
  readonly contacts?: { admin?: string; billing?: string; tech?: string };
  readonly expiresInDays?: number;
  readonly renewMode?: 'automatic' | 'manual';
  readonly terminationPolicy?: 'empty' | 'terminateAtExpirationDate';
  readonly monthlyPriceCents?: number;
  readonly state?: 'active' | 'expired' | 'terminated';
}

/** A credit entry to seed on a project. */
export interface CreditSeed {
  readonly serviceName: string;
  readonly amountCents: number;
  readonly availableCents?: number;
  readonly description?: string;
  readonly voucher?: string;
  readonly validToDays?: number | null;
}

/** A movement of an account's credit balance to seed (`daysAgo` before now), naming a project. */
export interface MovementSeed {
  readonly nichandle: string;
  readonly balance: FakeBalance['type'];
  readonly type: 'ORDER' | 'VOUCHER' | 'USE' | 'EXPIRE' | 'GIFT';
  readonly amountCents: number;
  readonly daysAgo: number;
  readonly project: string;
}

/** A voucher code to seed. */
export interface VoucherSeed {
  readonly code: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly subsidiaries?: readonly string[];
  readonly validityDays?: number;
  readonly expired?: boolean;
  readonly usedBy?: string;
}

/** What the fake starts with. */
export interface FakeSeed {
  readonly accounts: readonly AccountSeed[];
  readonly services?: readonly ServiceSeed[];
  readonly credits?: readonly CreditSeed[];
  readonly vouchers?: readonly VoucherSeed[];
  readonly movements?: readonly MovementSeed[];
}

const CURRENCY_OF: Record<string, string> = { FR: 'EUR', DE: 'EUR', ES: 'EUR', IT: 'EUR', NL: 'EUR', IE: 'EUR', PT: 'EUR', GB: 'GBP', PL: 'PLN', CZ: 'CZK', CA: 'CAD', US: 'USD' };

/** Loads a seed into an empty state, dates relative to `now`. */
export function applySeed(state: FakeState, seed: FakeSeed, now: Date): void {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  for (const [i, a] of seed.accounts.entries()) {
    const subsidiary = a.subsidiary ?? 'FR';
    const factor = (n: number | undefined, kind: string) =>
      Array.from({ length: n ?? 0 }, (_, j) => ({ id: state.nextId('factor'), description: `${kind} ${j + 1}`, status: 'enabled' as const, creationDate: at(-100), phoneNumber: '+33.600000000' }));
    state.accounts.set(a.nichandle, {
      nichandle: a.nichandle,
      email: `${a.nichandle}@example.com`,
      spareEmail: a.spareEmail ?? null,
      firstname: a.nichandle.split('-')[0]!,
      country: a.country ?? subsidiary,
      subsidiary,
      currency: a.currency ?? CURRENCY_OF[subsidiary] ?? 'EUR',
      customerCode: `${String(1000 + i).padStart(4, '0')}-${String(2000 + i * 7).padStart(4, '0')}-${String(10 + i).padStart(2, '0')}`,
      twoFactor: {
        sms: factor(a.twoFactor?.sms, 'phone'),
        totp: factor(a.twoFactor?.totp, 'authenticator'),
        u2f: factor(a.twoFactor?.u2f, 'security key'),
        backupCodes: a.twoFactor?.backupCodes ? { remaining: 10, creationDate: at(-100) } : null,
      },
      debtCents: a.debtCents ?? 0,
    });
    for (const pm of a.paymentMethods ?? []) {
      state.paymentMethods.push({
        id: state.nextId('payment'), nichandle: a.nichandle, paymentType: pm.type ?? 'CREDIT_CARD', label: pm.type === 'SEPA_DIRECT_DEBIT' ? 'FR76 **** 1234' : '**** **** **** 4242',
        status: pm.status ?? 'VALID', isDefault: pm.default ?? true, expirationDate: at(400), creationDate: at(-200),
      });
    }
  }
  for (const s of seed.services ?? []) {
    const contacts = { contactAdmin: s.contacts?.admin ?? s.owner, contactBilling: s.contacts?.billing ?? s.owner, contactTech: s.contacts?.tech ?? s.owner };
    for (const nic of Object.values(contacts)) if (!state.accounts.has(nic)) throw new Error(`seed: service ${s.name} names unknown account ${nic}`);
    state.services.push({
      serviceId: state.nextId('service'), name: s.name, product: s.product, displayName: s.displayName ?? s.name, contacts,
      creation: at(-300), expiration: at(s.expiresInDays ?? 30), renewMode: s.renewMode ?? (s.product === 'cloud' ? 'automatic' : 'manual'),
      renewPeriod: 'P1M', terminationPolicy: s.terminationPolicy ?? 'empty', monthlyPriceCents: s.monthlyPriceCents ?? 1_000,
      state: s.state ?? 'active', terminatedAt: s.state === 'terminated' ? at(-1) : null, terminationTokens: [],
    });
  }
  for (const c of seed.credits ?? []) {
    const project = state.serviceByName(c.serviceName, 'cloud');
    if (!project) throw new Error(`seed: credit on unknown project ${c.serviceName}`);
    state.credits.push({
      id: state.nextId('credit'), serviceName: c.serviceName, description: c.description ?? (c.voucher ? `Voucher ${c.voucher}` : 'Cloud credit'),
      voucher: c.voucher ?? null, bill: null, currency: state.account(project.contacts.contactBilling)!.currency, totalCents: c.amountCents,
      availableCents: c.availableCents ?? c.amountCents, from: at(-10), to: c.validToDays === null ? null : at(c.validToDays ?? 90),
    });
  }
  for (const m of seed.movements ?? []) {
    const account = state.account(m.nichandle);
    if (!account) throw new Error(`seed: movement of unknown account ${m.nichandle}`);
    const project = { id: m.project, name: m.project };
    const into = m.type !== 'USE' && m.type !== 'EXPIRE';
    state.move(m.nichandle, m.balance, account.currency, {
      type: m.type, amountCents: m.amountCents, date: at(-m.daysAgo), expiration: into ? at(-m.daysAgo + 395) : null, orderId: null,
      source: into ? { id: `${m.type}-${m.daysAgo}`, name: m.type === 'VOUCHER' ? 'voucher' : 'order' } : { id: m.balance, name: m.balance },
      destination: project,
    });
  }
  for (const v of seed.vouchers ?? []) {
    state.vouchers.set(v.code, {
      code: v.code, amountCents: v.amountCents, currency: v.currency, subsidiaries: v.subsidiaries ?? [], validityDays: v.validityDays ?? 90,
      expiresAt: v.expired ? at(-1) : null, usedBy: v.usedBy ?? null,
    });
  }
}

/** The ledger's demo data (SPEC §5) as an OVHcloud account: what `npm run fake:ovhcloud` serves. */
export function demoSeed(): FakeSeed {
  return {
    accounts: [
      { nichandle: 'alice-ovh', subsidiary: 'FR', paymentMethods: [{ type: 'CREDIT_CARD' }] },
      { nichandle: 'bob-ovh', subsidiary: 'FR', spareEmail: 'bob.backup@example.com', twoFactor: { totp: 1, backupCodes: true } },
      { nichandle: 'carol-ovh', subsidiary: 'GB' },
      { nichandle: 'dave-ovh', subsidiary: 'FR', paymentMethods: [{ type: 'SEPA_DIRECT_DEBIT' }] },
    ],
    services: [
      { name: 'pc-demo', product: 'cloud', owner: 'alice-ovh', displayName: 'Demo project', expiresInDays: 20 },
      { name: 'vps-demo-1', product: 'vps', owner: 'alice-ovh', renewMode: 'manual', expiresInDays: 10, monthlyPriceCents: 700 },
      { name: 'example-demo.fr', product: 'domain', owner: 'alice-ovh', renewMode: 'automatic', expiresInDays: 45, monthlyPriceCents: 100 },
      { name: 'hosting-demo', product: 'webHosting', owner: 'alice-ovh', renewMode: 'manual', terminationPolicy: 'terminateAtExpirationDate', expiresInDays: 5, monthlyPriceCents: 400 },
      { name: 'ks-demo', product: 'dedicatedServer', owner: 'bob-ovh', renewMode: 'automatic', expiresInDays: 3, monthlyPriceCents: 2_000 },
    ],
    vouchers: [
      { code: 'WELCOME-50', amountCents: 5_000, currency: 'EUR', subsidiaries: ['FR'], validityDays: 90 },
      { code: 'UK-30', amountCents: 3_000, currency: 'GBP', subsidiaries: ['GB'] },
      { code: 'EXPIRED-10', amountCents: 1_000, currency: 'EUR', expired: true },
    ],
  };
}
