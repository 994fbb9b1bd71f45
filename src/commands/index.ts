import type { CommandSpec } from '../core/command.js';
import { CommandRegistry } from '../core/registry.js';
import { accountFamily } from './account.command.js';
import { guichetFamily } from './guichet.command.js';
import { runJobsCommand } from './jobs.command.js';
import { remindersFamily } from './reminders.command.js';
import { renewFamily } from './renew.command.js';

/** Operator subcommands that other families contribute to `/guichet admin …`. */
const ADMIN_COMMANDS: CommandSpec[] = [runJobsCommand];

/** Builds the explicit registry of every command family, in the order help lists them. */
export function buildRegistry(): CommandRegistry {
  const registry: CommandRegistry = new CommandRegistry([
    accountFamily,
    renewFamily,
    remindersFamily,
    guichetFamily(() => registry, ADMIN_COMMANDS),
  ]);
  return registry;
}
