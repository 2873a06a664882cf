/**
 * The declared ref-time weight of each call the devnet serves, as subtensor's runtime at spec 381
 * declares it: `Weight::from_parts(base, _)` plus `DbWeight` reads and writes of its
 * `#[pallet::weight]` annotation (pallet_subtensor's `macros/dispatches.rs`, pallet_admin_utils),
 * or the pallet's `SubstrateWeight` benchmark (pallet_balances). The runtime's `DbWeight` is
 * `RocksDbWeight`: 25 µs a read, 100 µs a write. Fees are charged on these (plus the transaction
 * extensions' weight, `TRANSACTION_EXTENSIONS_WEIGHT`), so they must be the runtime's, not ours.
 * Proof sizes are left out: the fee reads ref time only (`LinearWeightToFee`).
 *
 * A call whose weight depends on its arguments has a function of them (and of the weight of the
 * calls it wraps: `inner`). A call missing here declares its weight on its `CallDef` (`weight`), or
 * gets `DEFAULT_CALL_WEIGHT`.
 */

import type { RuntimeCall } from '../pallet.ts';

const READ = 25_000_000n;
const WRITE = 100_000_000n;
const rw = (base: bigint, reads: bigint, writes: bigint): bigint => base + reads * READ + writes * WRITE;

/** The weight of a call from its decoded arguments; `inner` weighs a call it dispatches. */
export type WeightFn = (args: Record<string, unknown>, inner: (call: RuntimeCall) => bigint) => bigint;

const count = (v: unknown): bigint => BigInt((v as { length: number }).length);
const sum = (calls: unknown, inner: (call: RuntimeCall) => bigint): bigint => (calls as RuntimeCall[]).reduce((n, c) => n + inner(c), 0n);
const refTime = (w: unknown): bigint => BigInt((w as { ref_time: bigint | number }).ref_time);

export const CALL_WEIGHTS: Readonly<Record<string, Readonly<Record<string, bigint | WeightFn>>>> = {
  // frame_system::weights::SubstrateWeight, per byte of the remark or per item
  System: {
    remark: ({ remark }) => 2_119_000n + 390n * count(remark),
    remark_with_event: ({ remark }) => 8_097_000n + 1_455n * count(remark),
    set_heap_pages: rw(4_782_000n, 1n, 2n),
    set_storage: ({ items }) => 2_175_000n + (841_511n + WRITE) * count(items),
    kill_storage: ({ keys }) => 2_255_000n + (662_473n + WRITE) * count(keys),
    kill_prefix: ({ subkeys }) => 4_270_000n + (1_389_650n + READ + WRITE) * BigInt(subkeys as number),
  },
  // pallet_utility::weights::SubstrateWeight (2 reads: the SafeMode and TxPause call filters) plus the batched calls
  Utility: {
    batch: ({ calls }, inner) => rw(19_388_813n + 4_591_113n * count(calls), 2n, 0n) + sum(calls, inner),
    batch_all: ({ calls }, inner) => rw(22_628_420n + 4_797_007n * count(calls), 2n, 0n) + sum(calls, inner),
    force_batch: ({ calls }, inner) => rw(23_270_604n + 4_570_923n * count(calls), 2n, 0n) + sum(calls, inner),
    with_weight: ({ weight }) => refTime(weight),
  },
  // pallet_sudo::weights::SubstrateWeight (reads Sudo::Key) plus the call it dispatches
  Sudo: {
    sudo: ({ call }, inner) => rw(10_729_000n, 1n, 0n) + inner(call as RuntimeCall),
    sudo_unchecked_weight: ({ weight }) => refTime(weight),
    sudo_as: ({ call }, inner) => rw(11_003_000n, 1n, 0n) + inner(call as RuntimeCall),
    set_key: rw(9_663_000n, 1n, 1n),
    remove_key: rw(9_127_000n, 1n, 1n),
  },
  // pallet_subtensor_swap's DefaultWeight (the runtime's, unbenchmarked)
  Swap: {
    set_fee_rate: rw(10_000_000n, 1n, 1n),
  },
  // pallet_balances::weights::SubstrateWeight: each reads and writes System::Account once
  Balances: {
    transfer_allow_death: rw(48_363_000n, 1n, 1n),
    transfer_keep_alive: rw(38_159_000n, 1n, 1n),
    force_transfer: rw(49_944_000n, 2n, 2n),
    transfer_all: rw(47_385_000n, 1n, 1n),
    // the larger of force_set_balance_creating and force_set_balance_killing
    force_set_balance: rw(19_929_000n, 1n, 1n),
    burn: 30_968_000n,
  },
  SubtensorModule: {
    serve_axon: rw(33_010_000n, 4n, 1n),
    serve_prometheus: rw(29_760_000n, 4n, 1n),
    set_weights: rw(15_540_000_000n, 4111n, 2n),
    batch_set_weights: rw(95_460_000n, 15n, 2n),
    commit_weights: rw(67_770_000n, 10n, 2n),
    batch_commit_weights: rw(100_500_000n, 11n, 2n),
    reveal_weights: rw(122_000_000n, 17n, 2n),
    batch_reveal_weights: rw(412_000_000n, 17n, 2n),
    swap_hotkey: rw(275_300_000n, 52n, 35n),
    burned_register: rw(315_200_000n, 34n, 29n),
    register: rw(197_900_000n, 24n, 20n),
    add_stake: rw(523_200_000n, 20n, 14n),
    remove_stake: rw(196_800_000n, 19n, 10n),
    add_stake_limit: rw(713_200_000n, 20n, 14n),
    remove_stake_limit: rw(611_100_000n, 23n, 12n),
    decrease_take: rw(30_020_000n, 3n, 2n),
    increase_take: rw(36_710_000n, 5n, 2n),
    register_network: rw(238_500_000n, 36n, 50n),
    start_call: rw(29_780_000n, 5n, 2n),
    commit_timelocked_weights: rw(63_160_000n, 10n, 2n),
  },
  AdminUtils: {
    sudo_set_activity_cutoff: rw(28_720_000n, 4n, 1n),
    sudo_set_adjustment_alpha: rw(14_000_000n, 1n, 1n),
    sudo_set_adjustment_interval: rw(21_320_000n, 1n, 1n),
    sudo_set_alpha_sigmoid_steepness: rw(23_140_000n, 3n, 1n),
    sudo_set_alpha_values: rw(25_280_000n, 3n, 1n),
    sudo_set_bonds_moving_average: rw(26_270_000n, 3n, 1n),
    sudo_set_bonds_penalty: rw(26_890_000n, 3n, 1n),
    sudo_set_commit_reveal_weights_enabled: rw(26_730_000n, 3n, 1n),
    sudo_set_commit_reveal_weights_interval: rw(26_950_000n, 3n, 1n),
    sudo_set_default_take: rw(5_420_000n, 0n, 1n),
    sudo_set_difficulty: rw(38_500_000n, 3n, 1n),
    sudo_set_immunity_period: rw(26_620_000n, 3n, 1n),
    sudo_set_kappa: rw(15_390_000n, 1n, 1n),
    sudo_set_liquid_alpha_enabled: rw(18_300_000n, 2n, 1n),
    sudo_set_max_allowed_uids: rw(32_140_000n, 6n, 1n),
    sudo_set_max_allowed_validators: rw(30_930_000n, 4n, 1n),
    sudo_set_max_burn: rw(30_510_000n, 4n, 1n),
    sudo_set_max_difficulty: rw(26_990_000n, 3n, 1n),
    sudo_set_max_registrations_per_block: rw(26_970_000n, 3n, 1n),
    sudo_set_min_allowed_weights: rw(26_630_000n, 3n, 1n),
    sudo_set_min_burn: rw(29_970_000n, 4n, 1n),
    sudo_set_min_delegate_take: rw(7_214_000n, 0n, 1n),
    sudo_set_min_difficulty: rw(26_390_000n, 3n, 1n),
    sudo_set_network_min_lock_cost: rw(14_000_000n, 0n, 1n),
    sudo_set_network_pow_registration_allowed: rw(14_000_000n, 0n, 1n),
    sudo_set_network_rate_limit: rw(14_000_000n, 0n, 1n),
    sudo_set_network_registration_allowed: rw(7_343_000n, 0n, 1n),
    sudo_set_rho: rw(23_360_000n, 3n, 1n),
    sudo_set_serving_rate_limit: rw(22_980_000n, 2n, 1n),
    sudo_set_sn_owner_hotkey: rw(20_570_000n, 2n, 2n),
    sudo_set_stake_threshold: rw(5_000_000n, 0n, 1n),
    sudo_set_subnet_owner_cut: rw(14_000_000n, 0n, 1n),
    sudo_set_subtoken_enabled: rw(17_980_000n, 2n, 1n),
    sudo_set_target_registrations_per_interval: rw(25_980_000n, 3n, 1n),
    sudo_set_tempo: rw(25_790_000n, 3n, 1n),
    sudo_set_total_issuance: rw(2_875_000n, 0n, 1n),
    sudo_set_tx_delegate_take_rate_limit: rw(5_019_000n, 0n, 1n),
    sudo_set_tx_rate_limit: rw(5_400_000n, 0n, 1n),
    sudo_set_weights_set_rate_limit: rw(15_060_000n, 1n, 1n),
    sudo_set_weights_version_key: rw(26_220_000n, 3n, 1n),
    sudo_set_yuma3_enabled: rw(20_460_000n, 2n, 1n),
  },
};
