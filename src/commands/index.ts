import type { CommandSpec } from '../core/command.js';
import { CommandRegistry } from '../core/registry.js';
import { COMMAND_TEXTS } from './core-texts.js';
import { accountFamily } from './account.command.js';
import { ACCOUNT_VIEWS } from './account.overview.js';
import { creditFamily } from './credit.command.js';
import { contactsFamily } from './contacts.command.js';
import { guichetFamily } from './guichet.command.js';
import { ordersFamily } from './orders.command.js';
import { voucherFamily } from './voucher.command.js';
import { WALLET_ADMIN_COMMANDS } from './wallet-admin.command.js';
import { runJobsCommand } from './jobs.command.js';
import { remindersFamily } from './reminders.command.js';
import { renewFamily } from './renew.command.js';

/** Operator subcommands that other families contribute to `/guichet admin …`. */
const ADMIN_COMMANDS: CommandSpec[] = [...WALLET_ADMIN_COMMANDS, runJobsCommand];

/** Builds the explicit registry of every command family, in the order help lists them. */
export function buildRegistry(): CommandRegistry {
  const registry: CommandRegistry = new CommandRegistry([
    accountFamily,
    contactsFamily,
    voucherFamily,
    creditFamily,
    ordersFamily,
    renewFamily,
    remindersFamily,
    guichetFamily(() => registry, ADMIN_COMMANDS),
  ], COMMAND_TEXTS, ACCOUNT_VIEWS);
  return registry;
}
