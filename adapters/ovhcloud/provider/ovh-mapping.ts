import type { Account, PaymentMethod } from '../../../src/domain/account.js';
import type { Order, OrderState } from '../../../src/domain/order.js';
import type { RenewalMode, Service, ServiceKind } from '../../../src/domain/service.js';
import type { WalletEntry } from '../../../src/domain/wallet.js';
import type { ContactChange } from '../../../src/ports/provider.js';
import type { Nichandle, PaymentMethod as OvhPaymentMethod } from '../operations/account.ops.js';
import { toMinorUnits } from '../operations/common.js';
import type { ContactChangeTask } from '../operations/contacts.ops.js';
import type { Credit } from '../operations/credit.ops.js';
import type { BillingOrder, FollowUp, OrderDetail, OrderStatus } from '../operations/orders.ops.js';
import type { Service as OvhService } from '../operations/services.ops.js';

const KIND_BY_ROUTE: readonly [RegExp, ServiceKind][] = [
  [/^\/cloud\/project\//, 'public-cloud-project'],
  [/^\/domain\//, 'domain'],
  [/^\/vps\//, 'vps'],
  [/^\/dedicated\/server\//, 'dedicated-server'],
  [/^\/hosting\/web\//, 'web-hosting'],
  [/^\/email\//, 'email'],
];

/** The kind of a service from its API route (`/vps/{serviceName}` …). */
export function kindOfRoute(path: string | null | undefined): ServiceKind {
  return KIND_BY_ROUTE.find(([re]) => path && re.test(path))?.[1] ?? 'other';
}

/** Months of an ISO 8601 period such as `P1M` or `P1Y` (1 when absent). */
export function periodMonths(period: string | null | undefined): number {
  const m = /^P(\d+)([YMD])$/.exec(period ?? '');
  if (!m) return 1;
  const n = Number(m[1]);
  return m[2] === 'Y' ? n * 12 : m[2] === 'M' ? n : Math.max(1, Math.round(n / 30));
}

/** A service of the provider as Guichet's domain sees it. */
export function serviceOf(s: OvhService): Service {
  const contact = (type: 'administrator' | 'billing' | 'technical') =>
    (s.customer.contacts.find((c) => c.type === type)?.customerCode ?? '').toLowerCase();
  const kind = kindOfRoute(s.route?.path);
  const lifecycle = s.billing.lifecycle?.current;
  const terminating = lifecycle?.pendingActions.some((a) => a === 'terminateAtExpirationDate' || a === 'terminateAtEngagementDate') ?? false;
  const mode: RenewalMode = terminating ? 'cancel' : s.billing.renew?.current.mode === 'automatic' ? 'automatic' : 'manual';
  const expired = lifecycle?.state === 'unpaid' || lifecycle?.state === 'unrenewed' || s.resource.state === 'suspended';
  const deleted = s.resource.state === 'deleted' || lifecycle?.state === 'terminated';
  const admin = contact('administrator');
  return {
    id: s.resource.name.toLowerCase(),
    kind,
    displayName: s.resource.displayName === s.resource.name ? '' : s.resource.displayName,
    owner: admin,
    contacts: { admin, billing: contact('billing') || admin, tech: contact('technical') || admin },
    state: deleted ? 'deleted' : expired ? 'expired' : 'active',
    renewal: kind === 'public-cloud-project' || !s.billing.expirationDate
      ? null
      : { expiresAt: new Date(s.billing.expirationDate).toISOString(), periodMonths: periodMonths(s.billing.renew?.current.period), mode, cancelReason: null, priceMinor: 0 },
    createdAt: lifecycle?.creationDate ? new Date(lifecycle.creationDate).toISOString() : new Date(0).toISOString(),
    deletedAt: deleted && lifecycle?.terminationDate ? new Date(lifecycle.terminationDate).toISOString() : null,
  };
}

const PAYMENT_KINDS: Record<string, PaymentMethod['kind']> = {
  CREDIT_CARD: 'card', SEPA_DIRECT_DEBIT: 'sepa-debit', PAYPAL: 'paypal', BANK_ACCOUNT: 'bank-account',
};

/** A payment method as Guichet shows it (its state said when it is not valid). */
export function paymentMethodOf(m: OvhPaymentMethod): PaymentMethod {
  const label = m.label ?? m.description ?? m.paymentType;
  return {
    id: String(m.paymentMethodId),
    kind: PAYMENT_KINDS[m.paymentType] ?? 'card',
    label: m.status === 'VALID' ? label : `${label} (${m.status.toLowerCase()})`,
    default: m.default,
    usable: m.status === 'VALID',
  };
}

/** The account as Guichet's domain sees it. */
export function accountOf(me: Nichandle, methods: readonly OvhPaymentMethod[], twoFactor: boolean): Account {
  return {
    id: me.nichandle.toLowerCase(),
    name: [me.firstname, me.name].filter(Boolean).join(' ') || me.organisation || '',
    subsidiary: me.ovhSubsidiary.toUpperCase().slice(0, 2),
    currency: me.currency.code,
    locale: me.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en',
    email: me.email || null,
    backupEmail: me.spareEmail || null,
    twoFactor,
    paymentMethods: methods.map(paymentMethodOf),
    closedAt: null,
  };
}

/** A credit entry (credit bought or voucher) as a wallet entry. */
export function walletEntryOf(c: Credit, now: Date): WalletEntry {
  const balance = toMinorUnits(c.available_credit);
  const initial = Math.max(1, toMinorUnits(c.total_credit));
  const expiresAt = c.validity?.to ? new Date(c.validity.to).toISOString() : new Date(8.64e15).toISOString();
  const expired = new Date(expiresAt) <= now;
  const state = balance > 0 && !expired ? 'active' : expired && balance > 0 ? 'expired' : 'used-up';
  return {
    id: `C-${c.id}`,
    kind: c.voucher ? 'voucher' : 'credit',
    initialMinor: initial,
    balanceMinor: state === 'active' ? balance : 0,
    currency: c.total_credit.currencyCode,
    createdAt: c.validity?.from ? new Date(c.validity.from).toISOString() : new Date(0).toISOString(),
    expiresAt,
    state,
    orderId: c.bill,
    voucherCode: c.voucher,
    expiredMinor: state === 'expired' ? balance : 0,
    finishedAt: state === 'active' ? null : expiresAt,
  };
}

const STATE_OF_STATUS: Record<OrderStatus, OrderState> = {
  notPaid: 'awaiting-payment', checking: 'payment-received', documentsRequested: 'payment-received',
  delivering: 'processing', delivered: 'delivered', cancelled: 'cancelled', cancelling: 'cancelled', unknown: 'processing',
};

const STATE_OF_STEP: Record<FollowUp['step'], OrderState> = {
  VALIDATING: 'payment-received', VALIDATED: 'payment-received', DELIVERING: 'processing', AVAILABLE: 'delivered',
};

/** An order with its lines and follow-up, as Guichet's domain sees it. */
export function orderOf(o: BillingOrder, account: string, status: OrderStatus, details: readonly OrderDetail[], followUp: readonly FollowUp[]): Order {
  const createdAt = new Date(o.date ?? 0).toISOString();
  const excl = toMinorUnits(o.priceWithoutTax);
  const tax = toMinorUnits(o.tax);
  const steps: Order['steps'] = [{ state: 'awaiting-payment', at: createdAt }];
  for (const f of followUp) {
    const at = f.history.at(-1)?.date;
    if (f.status === 'DONE' && at) steps.push({ state: STATE_OF_STEP[f.step], at: new Date(at).toISOString() });
  }
  const state = STATE_OF_STATUS[status];
  if (steps.at(-1)?.state !== state && state !== 'awaiting-payment') steps.push({ state, at: steps.at(-1)!.at });
  const lines = details.filter((d) => !d.cancelled).map((d) => ({
    kind: /credit/i.test(d.description) ? 'cloud-credit' as const : 'renewal' as const,
    description: d.description,
    serviceId: d.domain.toLowerCase(),
    amountMinor: toMinorUnits(d.totalPrice),
  }));
  return {
    id: String(o.orderId),
    account,
    createdAt,
    currency: o.priceWithTax.currencyCode,
    lines: lines.length ? lines : [{ kind: 'renewal', description: `Order ${o.orderId}`, serviceId: '', amountMinor: excl }],
    taxRateBp: excl > 0 ? Math.round((tax * 10_000) / excl) : 0,
    totalExclMinor: excl,
    taxMinor: tax,
    totalInclMinor: toMinorUnits(o.priceWithTax),
    state,
    steps,
    paidWith: null,
  };
}

/** A contact-change task as a provider-neutral change (one per contact type it changes). */
export function changeOf(t: ContactChangeTask): ContactChange {
  const role = t.contactTypes.includes('contactAdmin') ? 'admin' : 'billing';
  const state: ContactChange['state'] = t.state === 'done' ? 'applied' : t.state === 'refused' ? 'refused' : t.state === 'expired' ? 'expired'
    : t.state === 'validatingByCustomers' || t.state === 'checkValidity' || t.state === 'todo' || t.state === 'doing' ? 'pending' : 'cancelled';
  return {
    id: String(t.id), serviceId: (t.serviceDomain ?? '').toLowerCase(), role,
    from: t.fromAccount.toLowerCase(), to: t.toAccount.toLowerCase(), state,
    acceptedBy: [], expiresAt: null, pairedWith: null,
  };
}
