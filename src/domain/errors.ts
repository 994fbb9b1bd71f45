import type { Localized } from './i18n.js';

/**
 * An expected failure of a domain rule, as a value: a stable code (e.g. `VOUCHER.NOT_AVAILABLE`) and a message in
 * both languages for the caller. The core shows it as a refusal (its `Refusal` extends this type).
 */
export interface DomainError {
  readonly refused: true;
  readonly code: string;
  readonly message: Localized;
  /** A refusal of rights (not an operator, not the right contact): recorded in the audit log as refused. */
  readonly rights?: true;
}

/** Builds a domain error. */
export function fail(code: string, message: Localized): DomainError {
  return { refused: true, code, message };
}

/** Tells a domain error (or a refusal) from any other value. */
export function isFailure(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && (value as DomainError).refused === true;
}
