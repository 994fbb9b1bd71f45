import type { ApiDescriptions } from './descriptions.js';
import type { FakeBalance, FakeMovement, FakeAccount, FakeConsumerKey, FakeContactTask, FakeCredit, FakeEmail, FakeOrder, FakePaymentMethod, FakeSecondFactor, FakeService } from './state.js';
import { DEBIT_MOVEMENTS, PRODUCT_ROUTES } from './state.js';

const SYMBOLS: Record<string, string> = { EUR: '€', GBP: '£', USD: '$', CAD: '$', PLN: 'zł', CZK: 'Kč' };
const PRODUCT_NAMES = { cloud: 'publicCloudProject', vps: 'vps', domain: 'domain', webHosting: 'webHosting', dedicatedServer: 'dedicatedServer' };

/** A datetime as the API writes it. */
export const datetime = (d: Date): string => d.toISOString();
/** A date as the API writes it. */
export const date = (d: Date): string => d.toISOString().slice(0, 10);
const orNull = <T, R>(v: T | null, f: (v: T) => R): R | null => (v === null ? null : f(v));

/** Renders state as the API's models, in the file each operation belongs to. */
export class Views {
  /** Views on the descriptions (to know each file's models). */
  constructor(private readonly api: ApiDescriptions) {}

  /** Fills the nullable fields a partial object leaves out with null; a missing non-null field is a bug of the fake. */
  fill(file: string, model: string, partial: Record<string, unknown>): Record<string, unknown> {
    const props = this.api.files.get(file)?.models[model]?.properties;
    if (!props) throw new Error(`fake: no model ${model} in ${file}.json`);
    const out: Record<string, unknown> = { ...partial };
    for (const [k, p] of Object.entries(props)) {
      if (out[k] !== undefined) continue;
      if (!p.canBeNull) throw new Error(`fake: ${model}.${k} cannot be null and was not given`);
      out[k] = null;
    }
    return out;
  }

  /** `order.Price` of the file (with `priceInUcents` only where the file's model has it). */
  price(file: string, cents: number, currency: string): Record<string, unknown> {
    const withUcents = Boolean(this.api.files.get(file)?.models['order.Price']?.properties?.priceInUcents);
    const value = cents / 100;
    const base = { currencyCode: currency, text: `${value.toFixed(2)} ${SYMBOLS[currency] ?? currency}`, value };
    return withUcents ? { ...base, priceInUcents: cents * 1_000_000 } : base;
  }

  /** `nichandle.Nichandle`. */
  nichandle(a: FakeAccount): Record<string, unknown> {
    return this.fill('me', 'nichandle.Nichandle', {
      nichandle: a.nichandle, email: a.email, spareEmail: a.spareEmail, firstname: a.firstname, name: 'Demo', country: a.country,
      currency: { code: a.currency, symbol: SYMBOLS[a.currency] ?? a.currency }, customerCode: a.customerCode, language: a.country === 'GB' ? 'en_GB' : 'fr_FR',
      legalform: 'individual', ovhCompany: 'ovh', ovhSubsidiary: a.subsidiary, state: 'complete', kycValidated: true,
    });
  }

  /** A second factor (`SmsAccount`, `TOTPAccount` or `U2FAccount`). */
  secondFactor(kind: 'Sms' | 'TOTP' | 'U2F', f: FakeSecondFactor): Record<string, unknown> {
    const base = { id: f.id, description: f.description, status: f.status, creationDate: datetime(f.creationDate) };
    return this.fill('me', `nichandle.accessRestriction.${kind}Account`, kind === 'Sms' ? { ...base, phoneNumber: f.phoneNumber } : base);
  }

  /** `nichandle.accessRestriction.SOTPAccount`. */
  backupCodes(b: { remaining: number; creationDate: Date }): Record<string, unknown> {
    return this.fill('me', 'nichandle.accessRestriction.SOTPAccount', { status: 'enabled', remaining: b.remaining, creationDate: datetime(b.creationDate) });
  }

  /** `me.payment.PaymentMethod`. */
  paymentMethod(p: FakePaymentMethod): Record<string, unknown> {
    return this.fill('me', 'me.payment.PaymentMethod', {
      paymentMethodId: p.id, paymentType: p.paymentType, status: p.status, default: p.isDefault, label: p.label,
      creationDate: datetime(p.creationDate), lastUpdate: datetime(p.creationDate), expirationDate: orNull(p.expirationDate, datetime),
      icon: this.fill('me', 'me.payment.Icon', { name: p.paymentType }),
    });
  }

  /** `debt.Balance`. */
  debt(a: FakeAccount): Record<string, unknown> {
    const p = (cents: number) => this.price('me', cents, a.currency);
    return { active: a.debtCents > 0, dueAmount: p(a.debtCents), pendingAmount: p(0), todoAmount: p(a.debtCents), unmaturedAmount: p(0) };
  }

  /** `nichandle.EmailNotification`. */
  email(m: FakeEmail): Record<string, unknown> {
    return { id: m.id, date: datetime(m.date), subject: m.subject, body: m.body };
  }

  /** `auth.ApiCredential`. */
  credential(k: FakeConsumerKey): Record<string, unknown> {
    return this.fill('auth', 'auth.ApiCredential', {
      credentialId: k.credentialId, applicationId: 1, creation: datetime(k.creation), expiration: orNull(k.expiration, datetime),
      lastUse: orNull(k.lastUse, datetime), ovhSupport: false, rules: k.rules.map((r) => ({ method: r.method, path: r.path })), status: k.state,
    });
  }

  /** `services.Service` of `serviceInfos` (cloud.json). */
  serviceInfos(s: FakeService): Record<string, unknown> {
    const automatic = s.renewMode === 'automatic';
    return this.fill('cloud', 'services.Service', {
      serviceId: s.serviceId, domain: s.name, status: s.state === 'active' ? 'ok' : 'expired', creation: date(s.creation), expiration: date(s.expiration),
      ...s.contacts, renewalType: automatic ? 'automaticV2016' : 'manual', canDeleteAtExpiration: true, possibleRenewPeriod: [1, 3, 6, 12],
      renew: { automatic, deleteAtExpiration: s.terminationPolicy === 'terminateAtExpirationDate', forced: s.product === 'cloud', manualPayment: !automatic, period: monthsOf(s.renewPeriod) },
    });
  }

  /** `services.expanded.Service`. */
  service(s: FakeService, customerCodes: (nichandle: string) => string): Record<string, unknown> {
    const route = PRODUCT_ROUTES[s.product];
    const lifecycle = { active: 'active', expired: 'unrenewed', terminated: 'terminated' }[s.state];
    const pending = s.state === 'active' && s.terminationPolicy === 'terminateAtExpirationDate' ? ['terminateAtExpirationDate'] : [];
    return this.fill('services', 'services.expanded.Service', {
      serviceId: s.serviceId, tags: [],
      resource: this.fill('services', 'services.expanded.Resource', {
        name: s.name, displayName: s.displayName, state: s.state === 'terminated' ? 'deleted' : s.state === 'expired' ? 'suspended' : 'active',
        product: { name: PRODUCT_NAMES[s.product], description: PRODUCT_NAMES[s.product] },
      }),
      route: { path: route, url: route.replace('{serviceName}', s.name), vars: [{ key: 'serviceName', value: s.name }] },
      customer: { contacts: [['contactAdmin', 'administrator'], ['contactBilling', 'billing'], ['contactTech', 'technical']].map(([k, type]) => ({ customerCode: customerCodes(s.contacts[k as 'contactAdmin']), type })) },
      billing: this.fill('services', 'services.expanded.Billing', {
        expirationDate: datetime(s.expiration), nextBillingDate: datetime(s.expiration),
        plan: { code: `${PRODUCT_NAMES[s.product]}-plan`, invoiceName: s.displayName },
        renew: { capacities: { mode: ['automatic', 'manual'] }, current: { mode: s.renewMode, nextDate: datetime(s.expiration), period: s.renewPeriod } },
        lifecycle: {
          capacities: { actions: s.state === 'terminated' ? [] : ['terminate', 'terminateAtExpirationDate', 'earlyRenewal'] },
          current: { state: lifecycle, pendingActions: pending, creationDate: datetime(s.creation), terminationDate: orNull(s.terminatedAt, datetime) },
        },
      }),
    });
  }

  /** `me.credit.Balance`: its amount is the sum of its movements (debits subtract). */
  balance(b: FakeBalance, movements: readonly FakeMovement[]): Record<string, unknown> {
    const mine = movements.filter((m) => m.balanceName === b.name && m.nichandle === b.nichandle);
    const cents = mine.reduce((n, m) => n + (DEBIT_MOVEMENTS.has(m.type) ? -m.amountCents : m.amountCents), 0);
    const last = mine.reduce((d, m) => (m.date > d ? m.date : d), b.creation);
    return {
      balanceName: b.name, type: b.type, amount: this.price('me', cents, b.currency), balanceDetails: [], booked: [], expiring: [],
      creationDate: datetime(b.creation), lastUpdate: datetime(last),
    };
  }

  /** `me.credit.balance.Movement`. */
  movement(m: FakeMovement, currency: string): Record<string, unknown> {
    return {
      movementId: m.id, balanceName: m.balanceName, type: m.type, amount: this.price('me', m.amountCents, currency),
      creationDate: datetime(m.date), lastUpdate: datetime(m.date), expirationDate: orNull(m.expiration, datetime), orderId: m.orderId,
      sourceObject: m.source, destinationObject: m.destination,
    };
  }

  /** `cloud.Credit`. */
  credit(c: FakeCredit): Record<string, unknown> {
    const p = (cents: number) => this.price('cloud', cents, c.currency);
    return {
      id: c.id, description: c.description, voucher: c.voucher, bill: c.bill, products: null,
      total_credit: p(c.totalCents), available_credit: p(c.availableCents), used_credit: p(c.totalCents - c.availableCents),
      validity: { from: datetime(c.from), to: orNull(c.to, datetime) },
    };
  }

  /** `order.Order` (order.json): a quote when `orderId` is null. */
  quote(o: Pick<FakeOrder, 'lines' | 'currency' | 'withoutTaxCents' | 'taxCents'>, orderId: number | null, url: string | null): Record<string, unknown> {
    const p = (cents: number) => this.price('order', cents, o.currency);
    return {
      orderId, url,
      contracts: [{ name: 'General terms and conditions', url: 'https://example.com/terms.pdf', content: 'Fake terms.' }],
      details: o.lines.map((l) => this.fill('order', 'order.OrderDetail', {
        description: l.description, domain: l.domain, quantity: l.quantity, detailType: l.detailType,
        unitPrice: p(l.unitCents), totalPrice: p(l.unitCents * l.quantity), originalTotalPrice: p(l.unitCents * l.quantity), reductionTotalPrice: p(0), reductions: [],
      })),
      prices: this.fill('order', 'order.OrderPrices', { withoutTax: p(o.withoutTaxCents), tax: p(o.taxCents), withTax: p(o.withoutTaxCents + o.taxCents) }),
    };
  }

  /** `billing.Order` (me.json) or `service.renew.RenewOrder` (service.json): the same fields. */
  order(o: FakeOrder, baseUrl: string, file: 'me' | 'service' = 'me'): Record<string, unknown> {
    const p = (cents: number) => this.price(file, cents, o.currency);
    return {
      orderId: o.orderId, date: datetime(o.date), expirationDate: datetime(o.expirationDate), retractionDate: null, password: 'fake-order-password',
      url: `${baseUrl}/order/${o.orderId}`, pdfUrl: `${baseUrl}/order/${o.orderId}.pdf`,
      priceWithoutTax: p(o.withoutTaxCents), tax: p(o.taxCents), priceWithTax: p(o.withoutTaxCents + o.taxCents),
    };
  }

  /** `billing.OrderDetail`. */
  orderDetail(o: FakeOrder, line: FakeOrder['lines'][number]): Record<string, unknown> {
    const p = (cents: number) => this.price('me', cents, o.currency);
    return {
      orderDetailId: line.id, description: line.description, domain: line.domain, quantity: String(line.quantity), cancelled: o.status === 'cancelled',
      detailType: line.detailType, unitPrice: p(line.unitCents), totalPrice: p(line.unitCents * line.quantity),
    };
  }

  /** `nichandle.contactChange.Task`. */
  task(t: FakeContactTask): Record<string, unknown> {
    return {
      id: t.id, askingAccount: t.askingAccount, contactTypes: [t.contactType], dateRequest: datetime(t.dateRequest), dateDone: orNull(t.dateDone, datetime),
      fromAccount: t.fromAccount, toAccount: t.toAccount, serviceDomain: t.serviceDomain, state: t.state,
    };
  }
}

/** The number of months of an ISO duration `P{n}M` / `P{n}Y`. */
export function monthsOf(duration: string): number {
  const m = /^P(\d+)([YM])$/.exec(duration);
  if (!m) return 1;
  return Number(m[1]) * (m[2] === 'Y' ? 12 : 1);
}
