import type { PalletDef } from './pallet.ts';
import { adminUtils } from './pallets/admin-utils/index.ts';
import { balances } from './pallets/balances.ts';
import { drand } from './pallets/drand.ts';
import { subtensorModule } from './pallets/subtensor/index.ts';
import { sudo } from './pallets/sudo.ts';
import { swapPallet } from './pallets/swap/index.ts';
import { system } from './pallets/system.ts';
import { timestamp } from './pallets/timestamp.ts';
import { transactionPayment } from './pallets/transaction-payment.ts';
import { utility } from './pallets/utility.ts';

/**
 * The pallets the devnet runtime is built from (any order; metadata and
 * RuntimeCall/RuntimeEvent follow `index`). Adding a pallet is one import and
 * one entry here.
 */
export const PALLETS: PalletDef[] = [system, timestamp, balances, transactionPayment, utility, sudo, subtensorModule, adminUtils, drand, swapPallet];
