import type { CommandContext } from '../../src/core/command.js';
import type { CloudAccount, CloudProvider } from '../../src/ports/provider.js';
import { OvhAccountDesk } from './provider/ovh-account.desk.js';
import { OvhContactDesk } from './provider/ovh-contact.desk.js';
import { OvhOrderDesk } from './provider/ovh-order.desk.js';
import { OvhServiceDesk } from './provider/ovh-service.desk.js';
import { OvhSession, type OvhProviderDeps } from './provider/ovh-session.js';
import { OvhWalletDesk } from './provider/ovh-wallet.desk.js';

export type { OvhProviderDeps } from './provider/ovh-session.js';

/** The OVHcloud provider: every command acts on the caller's real account through the API. */
export function createOvhcloudProvider(deps: OvhProviderDeps): CloudProvider {
  return {
    name: 'ovhcloud',
    open(ctx: CommandContext): CloudAccount {
      const session = new OvhSession(ctx, deps);
      const orders = new OvhOrderDesk(session);
      const account = new OvhAccountDesk(session);
      return {
        keepsBooks: false,
        account,
        services: new OvhServiceDesk(session, orders, account),
        wallet: new OvhWalletDesk(session, orders),
        orders,
        contacts: new OvhContactDesk(session),
      };
    },
  };
}
