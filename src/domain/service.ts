import { z } from 'zod';
import { Instant } from './instant.js';
import { AccountId } from './account.js';

/** Kinds of services; Public Cloud projects are billed on consumption and have a wallet. */
export const ServiceKind = z.enum([
  'public-cloud-project',
  'domain',
  'vps',
  'dedicated-server',
  'web-hosting',
  'email',
  'other',
]);
/** A kind of service. */
export type ServiceKind = z.infer<typeof ServiceKind>;

/** Contact roles on a service. */
export const CONTACT_ROLES = ['admin', 'billing', 'tech'] as const;
/** A contact role on a service. */
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** How a service renews at expiry. */
export const RenewalMode = z.enum(['automatic', 'manual', 'cancel']);
/** How a service renews at expiry. */
export type RenewalMode = z.infer<typeof RenewalMode>;

/** The renewal terms of a service billed by period (everything but Public Cloud projects). */
export const Renewal = z.object({
  expiresAt: Instant,
  periodMonths: z.number().int().positive(),
  mode: RenewalMode,
  cancelReason: z.string().nullable().default(null),
  /** Price of one period excl. tax, in minor units of the owner's currency. */
  priceMinor: z.number().int().nonnegative().default(0),
});
/** The renewal terms of a service. */
export type Renewal = z.infer<typeof Renewal>;

/** A service (Public Cloud project, domain, VPS …). */
export const Service = z.object({
  id: z.string().min(1).max(128),
  kind: ServiceKind,
  displayName: z.string().default(''),
  owner: AccountId,
  contacts: z.object({ admin: AccountId, billing: AccountId, tech: AccountId }),
  state: z.enum(['active', 'expired', 'deleted']),
  renewal: Renewal.nullable(),
  createdAt: Instant,
  deletedAt: Instant.nullable().default(null),
});
/** A service. */
export type Service = z.infer<typeof Service>;

/** A service as a list of services shows it: its state and how it renews (mode and expiry), nothing else. */
export interface ServiceSummary {
  readonly id: string;
  readonly state: Service['state'];
  readonly renewal: { readonly expiresAt: string; readonly mode: RenewalMode } | null;
}

/** The summary of a service (see `ServiceSummary`). */
export function summaryOf(service: Service): ServiceSummary {
  const r = service.renewal;
  return { id: service.id, state: service.state, renewal: r && { expiresAt: r.expiresAt, mode: r.mode } };
}

/** The roles an account holds on a service. */
export function rolesOf(service: Service, accountId: string): ContactRole[] {
  return (['admin', 'billing', 'tech'] as const).filter((r) => service.contacts[r] === accountId);
}

/** The accounts that are contacts of a service (deduplicated). */
export function contactAccounts(service: Service): string[] {
  return [...new Set(Object.values(service.contacts))];
}

/** Every account concerned by a service: its owner and its contacts (deduplicated). */
export function concernedAccounts(service: Service): string[] {
  return [...new Set([service.owner, ...contactAccounts(service)])];
}
