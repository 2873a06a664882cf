import type { AccountId, ApiContext, RuntimeApiDef, StateReader } from '../../../pallet.ts';
import { div, fromInt, mul, toU64 } from '../../swap/fixed.ts';
import { FeeRate } from '../../swap/storage.ts';
import { stakeOf } from '../stake.ts';
import { NetworksAdded, StakingHotkeys, SubnetMechanism, Uids } from '../storage.ts';

/**
 * StakeInfoRuntimeApi (rpc_info/stake_info.rs): a coldkey's stake per hotkey
 * and subnet in one `state_call`, valued through the share pools, so a client
 * reads stake without knowing how the runtime stores it. The devnet keeps no
 * per-hotkey dividend record (`AlphaDividendsPerSubnet`), so `emission` is 0;
 * `locked`, `tao_emission` and `drain` are 0 on the real runtime too.
 */
interface StakeInfo {
  hotkey: AccountId;
  coldkey: AccountId;
  netuid: number;
  stake: bigint;
  locked: bigint;
  emission: bigint;
  tao_emission: bigint;
  drain: bigint;
  is_registered: boolean;
}

function netuids(s: StateReader): number[] {
  return NetworksAdded.entries(s)
    .filter(([, added]) => added)
    .map(([[n]]) => n)
    .sort((a, b) => a - b);
}

function info(s: StateReader, hotkey: AccountId, coldkey: AccountId, netuid: number, stake: bigint): StakeInfo {
  const registered = Uids.get(s, netuid, hotkey) !== undefined;
  return { hotkey, coldkey, netuid, stake, locked: 0n, emission: 0n, tao_emission: 0n, drain: 0n, is_registered: registered };
}

/** Subnet by subnet, then hotkey by hotkey in `StakingHotkeys` order; zero stakes left out. */
export function stakeInfoForColdkey(s: StateReader, coldkey: AccountId): StakeInfo[] {
  const hotkeys = StakingHotkeys.get(s, coldkey);
  const out: StakeInfo[] = [];
  for (const netuid of netuids(s)) {
    for (const hotkey of hotkeys) {
      const stake = stakeOf(s, hotkey, coldkey, netuid);
      if (stake !== 0n) out.push(info(s, hotkey, coldkey, netuid, stake));
    }
  }
  return out;
}

/**
 * `get_stake_fee`: no fee when nothing moves, else the pool fee of `amount`
 * on the destination's subnet (the origin's when there is no destination),
 * `approx_fee_amount`: amount × FeeRate/65535 in U64F64, truncated.
 */
export function stakeFee(s: StateReader, origin: [AccountId, number] | null, destination: [AccountId, number] | null, amount: bigint): bigint {
  const same = origin === null || destination === null ? origin === destination : origin[0] === destination[0] && origin[1] === destination[1];
  if (same) return 0n;
  const netuid = (destination ?? origin)?.[1] ?? 0;
  if (SubnetMechanism.get(s, netuid) !== 1) return 0n;
  return toU64(mul(fromInt(amount), div(fromInt(BigInt(FeeRate.get(s, netuid))), fromInt(65535n))));
}

/** An `Option<(AccountId32, u16)>` input as the codec decodes it. */
function pair(v: unknown): [AccountId, number] | null {
  if (v === null || v === undefined) return null;
  const [account, netuid] = v as [AccountId, number | bigint];
  return [account, Number(netuid)];
}

export const STAKE_INFO_RUNTIME_API: RuntimeApiDef = {
  name: 'StakeInfoRuntimeApi',
  version: 1,
  types: {
    StakeInfo: {
      path: ['pallet_subtensor', 'rpc_info', 'stake_info', 'StakeInfo'],
      struct: {
        hotkey: 'AccountId32',
        coldkey: 'AccountId32',
        netuid: 'Compact<NetUid>',
        stake: 'Compact<u64>',
        locked: 'Compact<u64>',
        emission: 'Compact<u64>',
        tao_emission: 'Compact<u64>',
        drain: 'Compact<u64>',
        is_registered: 'bool',
      },
    },
  },
  methods: [
    {
      name: 'get_stake_info_for_coldkey',
      inputs: [{ name: 'coldkey_account', type: 'AccountId32' }],
      output: 'Vec<StakeInfo>',
      call: (ctx: ApiContext, a: { coldkey_account: AccountId }) => stakeInfoForColdkey(ctx.state, a.coldkey_account),
    },
    {
      name: 'get_stake_info_for_coldkeys',
      inputs: [{ name: 'coldkey_accounts', type: 'Vec<AccountId32>' }],
      output: 'Vec<(AccountId32, Vec<StakeInfo>)>',
      call: (ctx: ApiContext, a: { coldkey_accounts: AccountId[] }) => a.coldkey_accounts.map((c) => [c, stakeInfoForColdkey(ctx.state, c)]),
    },
    {
      name: 'get_stake_info_for_hotkey_coldkey_netuid',
      inputs: [
        { name: 'hotkey_account', type: 'AccountId32' },
        { name: 'coldkey_account', type: 'AccountId32' },
        { name: 'netuid', type: 'u16' },
      ],
      output: 'Option<StakeInfo>',
      // always Some, also for no stake or no subnet, as the runtime answers
      call: (ctx: ApiContext, a: { hotkey_account: AccountId; coldkey_account: AccountId; netuid: number }) =>
        info(ctx.state, a.hotkey_account, a.coldkey_account, a.netuid, stakeOf(ctx.state, a.hotkey_account, a.coldkey_account, a.netuid)),
    },
    {
      name: 'get_stake_fee',
      inputs: [
        { name: 'origin', type: 'Option<(AccountId32, u16)>' },
        { name: 'origin_coldkey_account', type: 'AccountId32' },
        { name: 'destination', type: 'Option<(AccountId32, u16)>' },
        { name: 'destination_coldkey_account', type: 'AccountId32' },
        { name: 'amount', type: 'u64' },
      ],
      output: 'u64',
      call: (ctx: ApiContext, a: { origin: unknown; destination: unknown; amount: bigint }) =>
        stakeFee(ctx.state, pair(a.origin), pair(a.destination), a.amount),
    },
  ],
};
