import type { FakeOrder, FakeService, FakeState } from './state.js';
import { monthsOf } from './views.js';

const DAY = 86_400_000;

/** Durations of the fake's state machines (all on the injected clock). */
export interface FakeTimings {
  /** A consumer key not validated within this is `expired`. */
  readonly pendingCredentialMs: number;
  /** A contact-change task not settled within this is `expired`. */
  readonly contactChangeMs: number;
  /** A paid order is `checking` this long, then `delivered`. */
  readonly checkingMs: number;
  /** An unpaid order is `cancelled` after this. */
  readonly unpaidOrderMs: number;
  /** An e-mailed termination token is valid this long. */
  readonly terminationTokenMs: number;
  /** An expired service is terminated after this grace period. */
  readonly expiredGraceMs: number;
}

/** 1 h to validate a key, 7 days for a contact change, 1 min checking, 14 days unpaid, 72 h termination token, 30 days grace. */
export const DEFAULT_TIMINGS: FakeTimings = {
  pendingCredentialMs: 3_600_000, contactChangeMs: 7 * DAY, checkingMs: 60_000, unpaidOrderMs: 14 * DAY, terminationTokenMs: 72 * 3_600_000, expiredGraceMs: 30 * DAY,
};

/** Adds months to a date. */
export function addMonths(d: Date, months: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** Applies what an order delivers (credit on a project, or one more period of services). */
export function deliver(state: FakeState, order: FakeOrder, at: Date): void {
  order.status = 'delivered';
  order.deliveredAt = at;
  const d = order.delivery;
  if (d.kind === 'credit') {
    state.credits.push({
      id: state.nextId('credit'), serviceName: d.serviceName, description: 'Cloud credit', voucher: null, bill: `FR${order.orderId}`,
      currency: order.currency, totalCents: d.amountCents, availableCents: d.amountCents, from: at, to: addMonths(at, 12),
    });
    state.move(order.nichandle, 'PREPAID_ACCOUNT', order.currency, {
      type: 'ORDER', amountCents: d.amountCents, date: at, expiration: addMonths(at, 12), orderId: order.orderId,
      source: { id: String(order.orderId), name: 'order' }, destination: { id: d.serviceName, name: d.serviceName },
    });
    return;
  }
  for (const id of d.serviceIds) {
    const s = state.services.find((x) => x.serviceId === id);
    if (!s || s.state === 'terminated') continue;
    s.expiration = addMonths(s.state === 'expired' ? at : s.expiration, d.months);
    s.state = 'active';
  }
}

function expireService(state: FakeState, s: FakeService, now: Date, timings: FakeTimings): void {
  while (s.state === 'active' && s.expiration.getTime() <= now.getTime()) {
    if (s.terminationPolicy === 'terminateAtExpirationDate') {
      s.state = 'terminated';
      s.terminatedAt = s.expiration;
      return;
    }
    const payer = state.paymentMethods.find((p) => p.nichandle === s.contacts.contactBilling && p.isDefault && p.status === 'VALID');
    if (s.renewMode !== 'automatic' || !payer) {
      s.state = 'expired';
      state.mail(s.contacts.contactBilling, s.expiration, `Your service ${s.name} has expired`, `The service ${s.name} expired on ${s.expiration.toISOString()}. Renew it to keep it.`);
      break;
    }
    s.expiration = addMonths(s.expiration, monthsOf(s.renewPeriod));
  }
  if (s.state === 'expired' && s.expiration.getTime() + timings.expiredGraceMs <= now.getTime()) {
    s.state = 'terminated';
    s.terminatedAt = new Date(s.expiration.getTime() + timings.expiredGraceMs);
  }
}

/** Moves every state machine to `now`: keys, tasks, orders and services whose time has come. */
export function advance(state: FakeState, now: Date, timings: FakeTimings): void {
  const t = now.getTime();
  for (const k of state.consumerKeys.values()) {
    if (k.state === 'pendingValidation' && k.creation.getTime() + timings.pendingCredentialMs <= t) k.state = 'expired';
    if (k.state === 'validated' && k.expiration && k.expiration.getTime() <= t) k.state = 'expired';
  }
  for (const task of state.tasks) {
    if (task.state === 'validatingByCustomers' && task.dateRequest.getTime() + timings.contactChangeMs <= t) task.state = 'expired';
  }
  for (const o of state.orders) {
    if (o.status === 'notPaid' && o.expirationDate.getTime() <= t) o.status = 'cancelled';
    if (o.status === 'checking' && o.paidAt && o.paidAt.getTime() + timings.checkingMs <= t) deliver(state, o, new Date(o.paidAt.getTime() + timings.checkingMs));
  }
  for (const s of state.services) expireService(state, s, now, timings);
}
