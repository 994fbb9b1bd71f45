import type { ActionOffer, CommandContext } from '../core/command.js';
import type { Localized } from '../core/i18n.js';
import { reply, text, type Reply } from '../core/reply.js';

/** A consequential action waiting for the caller's confirmation: what to say, and the button that confirms it. */
export interface ConfirmStep {
  /** What will happen and how to confirm (the warning shown). */
  readonly ask: Localized;
  /** Extra sections before the warning (e.g. the price). */
  readonly before?: Reply['sections'];
  /** The confirming button: its command runs as the clicker, bound to the caller's account, for `ttlMinutes`. */
  readonly button: Pick<ActionOffer, 'label' | 'command' | 'typed' | 'style' | 'confirm'> & { readonly ttlMinutes: number };
}

/**
 * The reply that asks the caller to confirm an action (`/renew delete-now`, `/renew pay`): the warning and a button that
 * runs the confirming command (a button another account clicks does nothing); the text says what to type instead.
 */
export function askConfirmation(ctx: CommandContext, step: ConfirmStep): Reply {
  const button = ctx.offer(step.button);
  return reply([...(step.before ?? []), text(ctx.t(step.ask))], { tone: 'warning', actions: [button] });
}
