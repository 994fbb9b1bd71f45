import type { AccountCheck, AccountFinding } from '../domain/account-checks.js';
import type { Localized } from '../core/i18n.js';
import { calendarDaysBetween, relativeDays } from '../domain/time.js';
import { rolesOf, type Service } from '../domain/service.js';
import { paymentBlock, type PaymentBlock } from '../domain/account.js';
import { ADD_PAYMENT_METHOD_STEPS, MAKE_DEFAULT_STEPS } from '../flows/cannot-pay.js';
import { expiringCreditCheck, ordersAwaitingPaymentCheck, ordersInProgressBlocker, unpaidBillsCheck } from './wallet.checks.js';
import { expiredServicesCheck, terminationCheck } from './renew.checks.js';

/** A finding whose label says what is there when ok, and what is missing when not. */
const stated = (ok: boolean, present: Localized, missing: Localized, advice: Localized): AccountFinding => ({ ok, label: ok ? present : missing, advice });

/** Profile checks from the best-practice guide: e-mails and two-factor authentication. */
export const profileCheck: AccountCheck = ({ account }) => [
  stated(
    Boolean(account.email),
    { en: 'Primary e-mail address present', fr: 'Adresse e-mail principale renseignée' },
    { en: 'No primary e-mail address', fr: 'Aucune adresse e-mail principale' },
    { en: 'Add a primary e-mail address in your profile.', fr: 'Renseignez une adresse e-mail principale dans votre profil.' },
  ),
  stated(
    Boolean(account.backupEmail),
    { en: 'Backup e-mail address set', fr: 'Adresse e-mail de secours renseignée' },
    { en: 'No backup e-mail address', fr: 'Aucune adresse e-mail de secours' },
    { en: 'Add a backup e-mail so you never lose access to your account.', fr: 'Ajoutez une adresse e-mail de secours pour ne jamais perdre l’accès à votre compte.' },
  ),
  stated(
    account.twoFactor,
    { en: 'Two-factor authentication enabled', fr: 'Double authentification activée' },
    { en: 'Two-factor authentication not enabled', fr: 'Double authentification non activée' },
    { en: 'Enable two-factor authentication on your account.', fr: 'Activez la double authentification sur votre compte.' },
  ),
];

/** Days ahead a manual renewal is due (its /renew pay to do), as the overview's horizon. */
const MANUAL_DUE_DAYS = 30;

/** The active services renewing manually whose expiry is within `MANUAL_DUE_DAYS` calendar days (past ones included). */
function manualDueSoon(services: readonly Service[], now: Date, timeZone: string): Service[] {
  return services.filter((s) => s.state === 'active' && s.renewal?.mode === 'manual' && calendarDaysBetween(now, new Date(s.renewal.expiresAt), timeZone) <= MANUAL_DUE_DAYS);
}

/** The payment-method finding when nothing billed to the account renews automatically and nothing it pays is due. */
const NO_AUTOMATIC_RENEWAL: AccountFinding = { ok: true, label: { en: 'No service billed to this account renews automatically, so no payment method is required', fr: 'Aucun service facturé à ce compte n’est en renouvellement automatique : aucun moyen de paiement n’est requis' } };

/**
 * The account's default payment method must be able to pay what it pays: the automatic renewals of the services it is
 * the billing contact of (or they will fail), the manual renewals due within 30 days that it may pay (admin or billing
 * contact: `/renew pay` charges the caller's account) and its orders awaiting payment. Methods of which none is flagged
 * the default cannot pay either (OVHcloud renews and pays with the default only). The method itself is not named, only
 * the methods counted: findings go to channels (weekly digest).
 */
export const paymentMethodCheck: AccountCheck = ({ account, billed, openOrders }, now, config) => {
  const n = billed.filter((s) => s.contacts.billing === account.id && s.renewal?.mode === 'automatic').length;
  const block = paymentBlock(account);
  if (!block) {
    return n === 0
      ? [NO_AUTOMATIC_RENEWAL]
      : [{ ok: true, label: { en: `Payment method registered (${n} service(s) renew automatically)`, fr: `Moyen de paiement enregistré (${n} service(s) en renouvellement automatique)` } }];
  }
  const manual = manualDueSoon(billed, now, config.timeZone).filter((s) => rolesOf(s, account.id).some((r) => r === 'admin' || r === 'billing')).length;
  const orders = openOrders.filter((o) => o.state === 'awaiting-payment' && o.account === account.id).length;
  const fails: Localized[] = [
    ...(n > 0 ? [{ en: `the automatic renewal of ${n} service(s) will fail`, fr: `le renouvellement automatique de ${n} service(s) échouera` }] : []),
    ...(manual > 0 ? [{ en: `${manual} manual renewal(s) due within ${MANUAL_DUE_DAYS} days cannot be paid`, fr: `${manual} renouvellement(s) manuel(s) à faire dans les ${MANUAL_DUE_DAYS} jours ne peu(ven)t pas être payé(s)` }] : []),
    ...(orders > 0 ? [{ en: `${orders} order(s) awaiting payment cannot be paid`, fr: `${orders} commande(s) en attente de paiement ne peu(ven)t pas être payée(s)` }] : []),
  ];
  if (fails.length === 0) {
    return [NO_AUTOMATIC_RENEWAL];
  }
  const count = account.paymentMethods.length;
  const why: Record<PaymentBlock, Localized> = {
    closed: { en: 'The account is closed', fr: 'Le compte est fermé' },
    none: { en: 'No payment method', fr: 'Aucun moyen de paiement' },
    'no-default': { en: `None of the ${count} payment method(s) is the default`, fr: `Aucun des ${count} moyen(s) de paiement n’est défini par défaut` },
    unusable: { en: 'The default payment method cannot pay (its state is shown by /account)', fr: 'Le moyen de paiement par défaut ne peut pas payer (son état est indiqué par /account)' },
  };
  const steps = block === 'no-default' ? MAKE_DEFAULT_STEPS : ADD_PAYMENT_METHOD_STEPS;
  const switchAuto = n === 0 ? { en: '', fr: '' } : fails.length === 1
    ? { en: ', or switch those services to manual renewal', fr: ', ou passez ces services en renouvellement manuel' }
    : { en: ', or switch the services that renew automatically to manual renewal', fr: ', ou passez les services en renouvellement automatique en renouvellement manuel' };
  return [
    {
      ok: false,
      label: { en: `${why[block].en}: ${fails.map((f) => f.en).join('; ')}`, fr: `${why[block].fr} : ${fails.map((f) => f.fr).join(' ; ')}` },
      advice: { en: `${steps.en}${switchAuto.en}.`, fr: `${steps.fr}${switchAuto.fr}.` },
    },
  ];
};

/** Manual-renewal services expiring within 30 days. */
export const manualExpiryCheck: AccountCheck = ({ billed }, now, config) => {
  const daysTo = (s: Service) => calendarDaysBetween(now, new Date(s.renewal!.expiresAt), config.timeZone);
  const soon = manualDueSoon(billed, now, config.timeZone);
  if (soon.length === 0) {
    return [{ ok: true, label: { en: `No manual renewal due within ${MANUAL_DUE_DAYS} days`, fr: `Aucun renouvellement manuel à faire dans les ${MANUAL_DUE_DAYS} jours` } }];
  }
  return soon.map((s) => {
    const when = relativeDays(daysTo(s));
    return {
      ok: false,
      label: { en: `${s.id} (manual renewal) expires ${when.en}`, fr: `${s.id} (renouvellement manuel) expire ${when.fr}` },
      advice: { en: `Renew it with /renew pay ${s.id}, or switch to /renew auto ${s.id}.`, fr: `Renouvelez-le avec /renew pay ${s.id}, ou passez en /renew auto ${s.id}.` },
    };
  });
};

/** Closure is blocked by any active service the account owns. */
export const activeServicesBlocker: AccountCheck = ({ account, billed }) => {
  const active = billed.filter((s) => s.owner === account.id && s.state === 'active');
  return [
    {
      ok: active.length === 0,
      label: { en: `No active service (${active.length} active)`, fr: `Aucun service actif (${active.length} actif(s))` },
      advice: {
        en: `Terminate or transfer them first: ${active.slice(0, 8).map((s) => s.id).join(', ')}.`,
        fr: `Résiliez-les ou transférez-les d’abord : ${active.slice(0, 8).map((s) => s.id).join(', ')}.`,
      },
    },
  ];
};

/** Checks of `/account audit`, in the order shown; families add theirs here. */
export const AUDIT_CHECKS: AccountCheck[] = [profileCheck, paymentMethodCheck, manualExpiryCheck, expiredServicesCheck, terminationCheck, ordersAwaitingPaymentCheck, expiringCreditCheck, unpaidBillsCheck];

/** Checks of `/account close`; families add theirs here. */
export const CLOSURE_CHECKS: AccountCheck[] = [activeServicesBlocker, unpaidBillsCheck, ordersInProgressBlocker];

/** Checks of `/account overview`'s warnings: the audit's, less those its own sections already show (expiries, orders, credit). */
export const OVERVIEW_CHECKS: AccountCheck[] = AUDIT_CHECKS.filter((c) => ![manualExpiryCheck, terminationCheck, ordersAwaitingPaymentCheck, expiringCreditCheck].includes(c));
