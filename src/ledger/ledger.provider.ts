import type { CommandContext } from '../core/command.js';
import type { CloudAccount, CloudProvider } from '../ports/provider.js';
import { LedgerAccountDesk } from './account.desk.js';
import { LedgerContactDesk } from './contact.desk.js';
import { LedgerOrderDesk } from './order.desk.js';
import { LedgerServiceDesk } from './service.desk.js';
import { LedgerWalletDesk } from './wallet.desk.js';

/** Guichet's own embedded ledger: accounts, services, orders and wallets in its store (the default and the demo). */
export const ledgerProvider: CloudProvider = {
  name: 'ledger',
  open(ctx: CommandContext): CloudAccount {
    return {
      keepsBooks: true,
      account: new LedgerAccountDesk(ctx),
      services: new LedgerServiceDesk(ctx),
      wallet: new LedgerWalletDesk(ctx),
      orders: new LedgerOrderDesk(ctx),
      contacts: new LedgerContactDesk(ctx),
    };
  },
};
