import { SubnetError } from '../../core/errors.ts';
import type { AccountId, RuntimeContext, State, StateReader } from '../pallet.ts';
import { definePallet, defineStorage, ensureRoot, ensureSigned, ModuleError } from '../pallet.ts';
import { lookupAccount } from '../account.ts';
import { Account, type AccountInfo, NEW_LOGIC_FLAG } from './system.ts';

export const EXISTENTIAL_DEPOSIT = 500n;

export const TotalIssuance = defineStorage<[], bigint>('Balances', {
  name: 'TotalIssuance',
  value: 'u64',
  docs: [' The total units issued in the system.'],
});
export const InactiveIssuance = defineStorage<[], bigint>('Balances', {
  name: 'InactiveIssuance',
  value: 'u64',
  docs: [' The total units of outstanding deactivated balance in the system.'],
});
/** Declared for metadata parity: the runtime keeps balances in `System.Account` (AccountStore = System). */
export const BalancesAccount = defineStorage<[AccountId], AccountInfo['data']>('Balances', {
  name: 'Account',
  keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
  value: 'AccountData',
  default: { free: 0n, reserved: 0n, frozen: 0n, flags: NEW_LOGIC_FLAG },
  docs: [' The Balances pallet example of storing the balance of an account (unused: balances live in System.Account).'],
});

/** Free balance of `who` (0 when the account does not exist). */
export function freeBalance(state: StateReader, who: AccountId): bigint {
  return Account.get(state, who).data.free;
}

function exists(info: AccountInfo): boolean {
  return info.providers > 0 || info.consumers > 0 || info.sufficients > 0 || info.data.free > 0n || info.data.reserved > 0n;
}

/**
 * Credits `amount` to `who`, creating the account (System.NewAccount,
 * Balances.Endowed) when new; a new account needs at least the existential
 * deposit (Balances.ExistentialDeposit otherwise).
 */
export function depositInto(ctx: RuntimeContext, who: AccountId, amount: bigint): void {
  const info = Account.get(ctx.state, who);
  if (!exists(info)) {
    if (amount < EXISTENTIAL_DEPOSIT) throw new ModuleError('Balances', 'ExistentialDeposit');
    info.providers = 1;
    info.data.free = amount;
    info.data.flags = NEW_LOGIC_FLAG;
    Account.set(ctx.state, who, info);
    ctx.depositEvent('System', 'NewAccount', [who]);
    ctx.depositEvent('Balances', 'Endowed', [who, amount]);
    return;
  }
  info.data.free += amount;
  Account.set(ctx.state, who, info);
}

/**
 * Debits `amount` from `who`: Balances.InsufficientBalance when the free
 * balance is short, Balances.Expendability when `keepAlive` and the rest would
 * fall under the existential deposit. Without `keepAlive` an account left under
 * the deposit is reaped (Balances.DustLost, System.KilledAccount).
 */
export function withdrawFrom(ctx: RuntimeContext, who: AccountId, amount: bigint, keepAlive: boolean): void {
  // Currency::withdraw of zero is a no-op: it must not reap an account that only holds a nonce
  // (a Pays::No signer with providers 0), which would make its transactions replayable
  if (amount === 0n) return;
  const info = Account.get(ctx.state, who);
  if (info.data.free < amount) throw new ModuleError('Balances', 'InsufficientBalance');
  const rest = info.data.free - amount;
  if (rest < EXISTENTIAL_DEPOSIT && keepAlive) throw new ModuleError('Balances', 'Expendability');
  if (rest < EXISTENTIAL_DEPOSIT && info.data.reserved === 0n && info.consumers === 0) {
    Account.remove(ctx.state, who);
    if (rest > 0n) {
      TotalIssuance.mutate(ctx.state, (t) => t - rest);
      ctx.depositEvent('Balances', 'DustLost', [who, rest]);
    }
    ctx.depositEvent('System', 'KilledAccount', [who]);
    return;
  }
  info.data.free = rest;
  Account.set(ctx.state, who, info);
}

/** Moves `amount` from `from` to `to` and deposits Balances.Transfer. */
export function transfer(ctx: RuntimeContext, from: AccountId, to: AccountId, amount: bigint, keepAlive: boolean): void {
  if (amount === 0n || from === to) {
    if (freeBalance(ctx.state, from) < amount) throw new ModuleError('Balances', 'InsufficientBalance');
    ctx.depositEvent('Balances', 'Transfer', [from, to, amount]);
    return;
  }
  withdrawFrom(ctx, from, amount, keepAlive);
  depositInto(ctx, to, amount);
  ctx.depositEvent('Balances', 'Transfer', [from, to, amount]);
}

/** Mints `amount` into `who` (raises TotalIssuance). */
export function mint(ctx: RuntimeContext, who: AccountId, amount: bigint): void {
  depositInto(ctx, who, amount);
  TotalIssuance.mutate(ctx.state, (t) => t + amount);
}

/** Burns `amount` from `who` (lowers TotalIssuance). */
export function burn(ctx: RuntimeContext, who: AccountId, amount: bigint, keepAlive: boolean): void {
  withdrawFrom(ctx, who, amount, keepAlive);
  TotalIssuance.mutate(ctx.state, (t) => t - amount);
}

/**
 * fungible `Balanced::withdraw` with the credit dropped, as subtensor's
 * `remove_balance_from_coldkey_account` takes TAO out of a coldkey: burns `amount`
 * and deposits Balances.Withdraw.
 */
export function withdrawAndBurn(ctx: RuntimeContext, who: AccountId, amount: bigint, keepAlive: boolean): void {
  burn(ctx, who, amount, keepAlive);
  ctx.depositEvent('Balances', 'Withdraw', [who, amount]);
}

/** Genesis endowment without events. */
export function endow(state: State, who: AccountId, amount: bigint): void {
  const info = Account.get(state, who);
  info.providers = Math.max(info.providers, 1);
  info.data.free += amount;
  info.data.flags = NEW_LOGIC_FLAG;
  Account.set(state, who, info);
  TotalIssuance.mutate(state, (t) => t + amount);
}

const who = lookupAccount;

const amountEvent = (index: number, name: string, field: string, docs: string) => ({
  index,
  name,
  fields: [
    { name: field, type: 'AccountId32' },
    { name: 'amount', type: 'u64' },
  ],
  docs: [docs],
});

export const balances = definePallet({
  name: 'Balances',
  index: 5,
  types: {
    AdjustmentDirection: {
      path: ['pallet_balances', 'types', 'AdjustmentDirection'],
      enum: [
        { name: 'Increase', index: 0 },
        { name: 'Decrease', index: 1 },
      ],
    },
    BalanceStatus: {
      path: ['frame_support', 'traits', 'tokens', 'misc', 'BalanceStatus'],
      enum: [
        { name: 'Free', index: 0 },
        { name: 'Reserved', index: 1 },
      ],
    },
  },
  calls: [
    {
      index: 0,
      name: 'transfer_allow_death',
      args: [
        { name: 'dest', type: 'MultiAddress' },
        { name: 'value', type: 'Compact<u64>' },
      ],
      docs: ['Transfer some liquid free balance to another account.'],
      dispatch(ctx, { dest, value }: { dest: unknown; value: bigint }) {
        transfer(ctx, ensureSigned(ctx.origin), who(dest), value, false);
      },
    },
    {
      index: 2,
      name: 'force_transfer',
      args: [
        { name: 'source', type: 'MultiAddress' },
        { name: 'dest', type: 'MultiAddress' },
        { name: 'value', type: 'Compact<u64>' },
      ],
      docs: ['Exactly as `transfer_allow_death`, except the origin must be root and the source account may be specified.'],
      dispatch(ctx, { source, dest, value }: { source: unknown; dest: unknown; value: bigint }) {
        ensureRoot(ctx.origin);
        transfer(ctx, who(source), who(dest), value, false);
      },
    },
    {
      index: 3,
      name: 'transfer_keep_alive',
      args: [
        { name: 'dest', type: 'MultiAddress' },
        { name: 'value', type: 'Compact<u64>' },
      ],
      docs: ['Same as the `transfer_allow_death` call, but with a check that the transfer will not kill the origin account.'],
      dispatch(ctx, { dest, value }: { dest: unknown; value: bigint }) {
        transfer(ctx, ensureSigned(ctx.origin), who(dest), value, true);
      },
    },
    {
      index: 4,
      name: 'transfer_all',
      args: [
        { name: 'dest', type: 'MultiAddress' },
        { name: 'keep_alive', type: 'bool' },
      ],
      docs: ['Transfer the entire transferable balance from the caller account.'],
      dispatch(ctx, { dest, keep_alive }: { dest: unknown; keep_alive: boolean }) {
        const from = ensureSigned(ctx.origin);
        const free = freeBalance(ctx.state, from);
        const amount = keep_alive ? (free > EXISTENTIAL_DEPOSIT ? free - EXISTENTIAL_DEPOSIT : 0n) : free;
        transfer(ctx, from, who(dest), amount, keep_alive);
      },
    },
    {
      index: 8,
      name: 'force_set_balance',
      args: [
        { name: 'who', type: 'MultiAddress' },
        { name: 'new_free', type: 'Compact<u64>' },
      ],
      docs: ['Set the regular balance of a given account.'],
      dispatch(ctx, { who: target, new_free }: { who: unknown; new_free: bigint }) {
        ensureRoot(ctx.origin);
        const account = who(target);
        const old = freeBalance(ctx.state, account);
        if (new_free > old) mint(ctx, account, new_free - old);
        else if (new_free < old) burn(ctx, account, old - new_free, false);
        ctx.deposit('BalanceSet', [account, new_free]);
      },
    },
    {
      index: 10,
      name: 'burn',
      args: [
        { name: 'value', type: 'Compact<u64>' },
        { name: 'keep_alive', type: 'bool' },
      ],
      docs: ['Burn the specified liquid free balance from the origin account.'],
      dispatch(ctx, { value, keep_alive }: { value: bigint; keep_alive: boolean }) {
        const from = ensureSigned(ctx.origin);
        burn(ctx, from, value, keep_alive);
        ctx.deposit('Burned', [from, value]);
      },
    },
  ],
  storage: [TotalIssuance, InactiveIssuance, BalancesAccount],
  events: [
    {
      index: 0,
      name: 'Endowed',
      fields: [
        { name: 'account', type: 'AccountId32' },
        { name: 'free_balance', type: 'u64' },
      ],
      docs: ['An account was created with some free balance.'],
    },
    {
      index: 1,
      name: 'DustLost',
      fields: [
        { name: 'account', type: 'AccountId32' },
        { name: 'amount', type: 'u64' },
      ],
      docs: ['An account was removed whose balance was non-zero but below ExistentialDeposit.'],
    },
    {
      index: 2,
      name: 'Transfer',
      fields: [
        { name: 'from', type: 'AccountId32' },
        { name: 'to', type: 'AccountId32' },
        { name: 'amount', type: 'u64' },
      ],
      docs: ['Transfer succeeded.'],
    },
    {
      index: 3,
      name: 'BalanceSet',
      fields: [
        { name: 'who', type: 'AccountId32' },
        { name: 'free', type: 'u64' },
      ],
      docs: ['A balance was set by root.'],
    },
    amountEvent(4, 'Reserved', 'who', 'Some balance was reserved (moved from free to reserved).'),
    amountEvent(5, 'Unreserved', 'who', 'Some balance was unreserved (moved from reserved to free).'),
    {
      index: 6,
      name: 'ReserveRepatriated',
      fields: [
        { name: 'from', type: 'AccountId32' },
        { name: 'to', type: 'AccountId32' },
        { name: 'amount', type: 'u64' },
        { name: 'destination_status', type: 'BalanceStatus' },
      ],
      docs: ['Some balance was moved from the reserve of the first account to the second account.'],
    },
    amountEvent(7, 'Deposit', 'who', 'Some amount was deposited (e.g. for transaction fees).'),
    amountEvent(8, 'Withdraw', 'who', 'Some amount was withdrawn from the account (e.g. for transaction fees).'),
    amountEvent(9, 'Slashed', 'who', 'Some amount was removed from the account (e.g. for misbehavior).'),
    amountEvent(10, 'Minted', 'who', 'Some amount was minted into an account.'),
    amountEvent(11, 'Burned', 'who', 'Some amount was burned from an account.'),
    amountEvent(12, 'Suspended', 'who', 'Some amount was suspended from an account (it can be restored later).'),
    amountEvent(13, 'Restored', 'who', 'Some amount was restored into an account.'),
    { index: 14, name: 'Upgraded', fields: [{ name: 'who', type: 'AccountId32' }], docs: ['An account was upgraded.'] },
    {
      index: 15,
      name: 'Issued',
      fields: [{ name: 'amount', type: 'u64' }],
      docs: ['Total issuance was increased by `amount`, creating a credit to be balanced.'],
    },
    {
      index: 16,
      name: 'Rescinded',
      fields: [{ name: 'amount', type: 'u64' }],
      docs: ['Total issuance was decreased by `amount`, creating a debt to be balanced.'],
    },
    amountEvent(17, 'Locked', 'who', 'Some balance was locked.'),
    amountEvent(18, 'Unlocked', 'who', 'Some balance was unlocked.'),
    amountEvent(19, 'Frozen', 'who', 'Some balance was frozen.'),
    amountEvent(20, 'Thawed', 'who', 'Some balance was thawed.'),
    {
      index: 21,
      name: 'TotalIssuanceForced',
      fields: [
        { name: 'old', type: 'u64' },
        { name: 'new', type: 'u64' },
      ],
      docs: ['The `TotalIssuance` was forcefully changed.'],
    },
  ],
  errors: [
    { index: 0, name: 'VestingBalance', docs: ['Vesting balance too high to send value.'] },
    { index: 1, name: 'LiquidityRestrictions', docs: ['Account liquidity restrictions prevent withdrawal.'] },
    { index: 2, name: 'InsufficientBalance', docs: ['Balance too low to send value.'] },
    { index: 3, name: 'ExistentialDeposit', docs: ['Value too low to create account due to existential deposit.'] },
    { index: 4, name: 'Expendability', docs: ['Transfer/payment would kill account.'] },
    { index: 5, name: 'ExistingVestingSchedule', docs: ['A vesting schedule already exists for this account.'] },
    { index: 6, name: 'DeadAccount', docs: ['Beneficiary account must pre-exist.'] },
    { index: 7, name: 'TooManyReserves', docs: ['Number of named reserves exceed `MaxReserves`.'] },
    { index: 8, name: 'TooManyHolds', docs: ['Number of holds exceed `VariantCountOf<T::RuntimeHoldReason>`.'] },
    { index: 9, name: 'TooManyFreezes', docs: ['Number of freezes exceed `MaxFreezes`.'] },
    { index: 10, name: 'IssuanceDeactivated', docs: ['The issuance cannot be modified since it is already deactivated.'] },
    { index: 11, name: 'DeltaZero', docs: ['The delta cannot be zero.'] },
  ],
  constants: [
    { name: 'ExistentialDeposit', type: 'u64', value: EXISTENTIAL_DEPOSIT, docs: [' The minimum amount required to keep an account open.'] },
    { name: 'MaxLocks', type: 'u32', value: 50, docs: [' The maximum number of locks that should exist on an account.'] },
    { name: 'MaxReserves', type: 'u32', value: 50, docs: [' The maximum number of named reserves that can exist on an account.'] },
    { name: 'MaxFreezes', type: 'u32', value: 50, docs: [' The maximum number of individual freeze locks that can exist on an account at any time.'] },
  ],
  genesis: {
    key: 'balances',
    build(ctx, config) {
      const list = (config ?? ctx.devAccounts.map((a) => [a.address, DEV_ENDOWMENT])) as unknown;
      if (!Array.isArray(list)) throw new SubnetError('DEVNET_GENESIS', 'genesis.balances must be an array of [address, amount]');
      for (const [i, entry] of list.entries()) {
        if (!Array.isArray(entry) || entry.length !== 2) {
          throw new SubnetError('DEVNET_GENESIS', `genesis.balances: entry ${JSON.stringify(entry)} is not [address, amount]`);
        }
        endow(ctx.state, lookupAccount(entry[0]), genesisAmount(entry[1], `genesis.balances[${i}][1]`));
      }
    },
  },
});

const U64_MAX = (1n << 64n) - 1n;

/** A genesis amount in RAO; anything else is refused naming its field and what would fit. */
function genesisAmount(value: unknown, field: string): bigint {
  const text = (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint' ? String(value) : value;
  const amount = typeof text === 'string' && /^\d+$/.test(text) ? BigInt(text) : undefined;
  if (amount === undefined || amount > U64_MAX) {
    throw new SubnetError(
      'DEVNET_GENESIS',
      `${field}: ${JSON.stringify(value)} is not a balance; write a whole number of RAO from 0 to ${U64_MAX} (1 TAO = "1000000000"), as a string or a safe integer`,
    );
  }
  return amount;
}

/** 1,000,000 TAO (9 decimals) for each dev account. */
export const DEV_ENDOWMENT = 1_000_000n * 1_000_000_000n;
