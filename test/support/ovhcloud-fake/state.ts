import { seeded } from '../prng.js';

/** A second factor of an account. */
export interface FakeSecondFactor {
  readonly id: number;
  readonly description: string;
  readonly phoneNumber?: string;
  status: 'enabled' | 'disabled';
  readonly creationDate: Date;
}

/** An OVHcloud account (a nichandle). */
export interface FakeAccount {
  readonly nichandle: string;
  readonly email: string;
  spareEmail: string | null;
  readonly firstname: string;
  readonly country: string;
  readonly subsidiary: string;
  readonly currency: string;
  readonly customerCode: string;
  readonly twoFactor: { sms: FakeSecondFactor[]; totp: FakeSecondFactor[]; u2f: FakeSecondFactor[]; backupCodes: { remaining: number; creationDate: Date } | null };
  debtCents: number;
}

/** A registered payment method. */
export interface FakePaymentMethod {
  readonly id: number;
  readonly nichandle: string;
  readonly paymentType: string;
  readonly label: string;
  status: 'VALID' | 'EXPIRED' | 'FAILED' | 'CANCELED';
  isDefault: boolean;
  readonly expirationDate: Date | null;
  readonly creationDate: Date;
}

/** The products the fake serves, with their API route. */
export const PRODUCT_ROUTES = {
  cloud: '/cloud/project/{serviceName}',
  vps: '/vps/{serviceName}',
  domain: '/domain/{serviceName}',
  webHosting: '/hosting/web/{serviceName}',
  dedicatedServer: '/dedicated/server/{serviceName}',
} as const;
/** A product of the fake. */
export type FakeProduct = keyof typeof PRODUCT_ROUTES;

/** A service (a Public Cloud project or another product). */
export interface FakeService {
  readonly serviceId: number;
  readonly name: string;
  readonly product: FakeProduct;
  displayName: string;
  contacts: { contactAdmin: string; contactBilling: string; contactTech: string };
  readonly creation: Date;
  expiration: Date;
  renewMode: 'automatic' | 'manual';
  renewPeriod: string;
  terminationPolicy: 'empty' | 'terminateAtExpirationDate';
  readonly monthlyPriceCents: number;
  state: 'active' | 'expired' | 'terminated';
  terminatedAt: Date | null;
  terminationTokens: { token: string; expiresAt: Date }[];
}

/** A credit entry of a project. */
export interface FakeCredit {
  readonly id: number;
  readonly serviceName: string;
  readonly description: string;
  readonly voucher: string | null;
  readonly bill: string | null;
  readonly currency: string;
  readonly totalCents: number;
  availableCents: number;
  readonly from: Date;
  readonly to: Date | null;
}

/** A credit balance of an account (`/me/credit/balance/{name}`); its amount is the sum of its movements. */
export interface FakeBalance {
  readonly name: string;
  readonly nichandle: string;
  readonly type: 'BONUS' | 'DEPOSIT' | 'PREPAID_ACCOUNT' | 'VOUCHER';
  readonly currency: string;
  readonly creation: Date;
}

/** A movement of a credit balance: credit ordered, a voucher, a use by a service, an expiry … (`amountCents` unsigned). */
export interface FakeMovement {
  readonly id: number;
  readonly balanceName: string;
  readonly nichandle: string;
  readonly type: 'BONUS' | 'CANCEL' | 'CREDIT_NOTE' | 'EXPIRE' | 'GIFT' | 'MANUAL' | 'ORDER' | 'REFUND' | 'UNPAID' | 'USE' | 'VOUCHER';
  readonly amountCents: number;
  readonly date: Date;
  readonly expiration: Date | null;
  readonly orderId: number | null;
  /** Where the amount came from (an order, a voucher code, the balance itself for a use). */
  readonly source: { readonly id: string; readonly name: string };
  /** Where it went (the project that used or received it), if anywhere. */
  readonly destination: { readonly id: string; readonly name: string } | null;
}

/** Movement types that take from a balance. */
export const DEBIT_MOVEMENTS: ReadonlySet<FakeMovement['type']> = new Set(['USE', 'EXPIRE', 'CANCEL', 'UNPAID']);

/** A voucher code that can be activated on a project. */
export interface FakeVoucher {
  readonly code: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly subsidiaries: readonly string[];
  readonly validityDays: number;
  readonly expiresAt: Date | null;
  usedBy: string | null;
}

/** What delivering an order does. */
export type FakeDelivery = { kind: 'credit'; serviceName: string; amountCents: number } | { kind: 'renew'; serviceIds: number[]; months: number };

/** An order. */
export interface FakeOrder {
  readonly orderId: number;
  readonly nichandle: string;
  readonly date: Date;
  readonly expirationDate: Date;
  status: 'notPaid' | 'checking' | 'delivered' | 'cancelled';
  paidAt: Date | null;
  deliveredAt: Date | null;
  readonly lines: { id: number; description: string; domain: string; quantity: number; unitCents: number; detailType: string }[];
  readonly currency: string;
  readonly withoutTaxCents: number;
  readonly taxCents: number;
  readonly delivery: FakeDelivery;
}

/** A contact-change task. */
export interface FakeContactTask {
  readonly id: number;
  readonly serviceId: number;
  readonly serviceDomain: string;
  readonly contactType: 'contactAdmin' | 'contactBilling' | 'contactTech';
  readonly fromAccount: string;
  readonly toAccount: string;
  readonly askingAccount: string;
  readonly dateRequest: Date;
  dateDone: Date | null;
  state: 'validatingByCustomers' | 'done' | 'refused' | 'expired' | 'aborted';
  readonly tokens: Record<string, string>;
  readonly accepted: Set<string>;
}

/** A mail the provider sent an account. */
export interface FakeEmail {
  readonly id: number;
  readonly nichandle: string;
  readonly date: Date;
  readonly subject: string;
  readonly body: string;
}

/** A consumer key. */
export interface FakeConsumerKey {
  readonly key: string;
  readonly credentialId: number;
  readonly applicationKey: string;
  readonly validationToken: string;
  readonly rules: { method: string; path: string }[];
  readonly redirection: string | null;
  readonly creation: Date;
  state: 'pendingValidation' | 'validated' | 'refused' | 'expired';
  nichandle: string | null;
  expiration: Date | null;
  lastUse: Date | null;
}

/** The whole state of the fake: accounts and everything they own. */
export class FakeState {
  readonly accounts = new Map<string, FakeAccount>();
  readonly paymentMethods: FakePaymentMethod[] = [];
  readonly services: FakeService[] = [];
  readonly credits: FakeCredit[] = [];
  readonly vouchers = new Map<string, FakeVoucher>();
  readonly balances: FakeBalance[] = [];
  readonly movements: FakeMovement[] = [];
  readonly orders: FakeOrder[] = [];
  readonly tasks: FakeContactTask[] = [];
  readonly emails: FakeEmail[] = [];
  readonly consumerKeys = new Map<string, FakeConsumerKey>();
  readonly #ids = new Map<string, number>();
  readonly #random: () => number;

  /** State whose tokens and keys are drawn from a seeded generator (reproducible runs). */
  constructor(seed: number) {
    this.#random = seeded(seed);
  }

  /** The next ID of a kind (each kind has its own range, so IDs look different). */
  nextId(kind: 'service' | 'credit' | 'movement' | 'order' | 'task' | 'email' | 'payment' | 'credential' | 'factor' | 'line'): number {
    const base = { service: 100_000, credit: 1_000, movement: 600_000, order: 50_000_000, task: 7_000, email: 900_000, payment: 300, credential: 4_000_000, factor: 10, line: 80_000 }[kind];
    const next = (this.#ids.get(kind) ?? base) + 1;
    this.#ids.set(kind, next);
    return next;
  }

  /** The account's balance of a type, opened (named like the API's, e.g. `VOUCHER-1`) on first use. */
  balanceOf(nichandle: string, type: FakeBalance['type'], currency: string, at: Date): FakeBalance {
    const found = this.balances.find((b) => b.nichandle === nichandle && b.type === type);
    if (found) return found;
    const b: FakeBalance = { name: `${type}-${this.balances.filter((x) => x.nichandle === nichandle).length + 1}`, nichandle, type, currency, creation: at };
    this.balances.push(b);
    return b;
  }

  /** Records a movement on the account's balance of `type`. */
  move(nichandle: string, type: FakeBalance['type'], currency: string, m: Omit<FakeMovement, 'id' | 'balanceName' | 'nichandle'>): FakeMovement {
    const balance = this.balanceOf(nichandle, type, currency, m.date);
    const movement: FakeMovement = { ...m, id: this.nextId('movement'), balanceName: balance.name, nichandle };
    this.movements.push(movement);
    return movement;
  }

  /** A random token of `length` characters from [A-Za-z0-9]. */
  token(length = 32): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.#random() * alphabet.length)];
    return out;
  }

  /** A number in [0, 1) from the seeded generator. */
  random(): number {
    return this.#random();
  }

  /** An account, or undefined. */
  account(nichandle: string): FakeAccount | undefined {
    return this.accounts.get(nichandle);
  }

  /** The service with this name (any product). */
  serviceByName(name: string, product?: FakeProduct): FakeService | undefined {
    return this.services.find((s) => s.name === name && (product === undefined || s.product === product));
  }

  /** Whether an account is one of the service's contacts. */
  isContact(service: FakeService, nichandle: string): boolean {
    return Object.values(service.contacts).includes(nichandle);
  }

  /** Sends a mail to an account (it lands in `/me/notification/email/history`). */
  mail(nichandle: string, date: Date, subject: string, body: string): FakeEmail {
    const mail = { id: this.nextId('email'), nichandle, date, subject, body };
    this.emails.push(mail);
    return mail;
  }
}
