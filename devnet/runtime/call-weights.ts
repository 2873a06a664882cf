/**
 * The declared ref-time weight of each call the devnet serves, as subtensor's runtime at spec 381
 * declares it: `Weight::from_parts(base, _)` plus `DbWeight` reads and writes of its
 * `#[pallet::weight]` annotation (pallet_subtensor's `macros/dispatches.rs`, pallet_admin_utils),
 * or the pallet's `SubstrateWeight` benchmark (pallet_balances). The runtime's `DbWeight` is
 * `RocksDbWeight`: 25 µs a read, 100 µs a write. Fees are charged on these (plus the transaction
 * extensions' weight, `TRANSACTION_EXTENSIONS_WEIGHT`), so they must be the runtime's, not ours.
 * Proof sizes are left out: the fee reads ref time only (`LinearWeightToFee`).
 *
 * A call missing here declares its weight on its `CallDef` (`weight`), or gets `DEFAULT_CALL_WEIGHT`.
 */

const READ = 25_000_000n;
const WRITE = 100_000_000n;
const rw = (base: bigint, reads: bigint, writes: bigint): bigint => base + reads * READ + writes * WRITE;

export const CALL_WEIGHTS: Readonly<Record<string, Readonly<Record<string, bigint>>>> = {
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
