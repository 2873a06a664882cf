/**
 * The economic constants of subtensor at runtime spec 381 (February 2026),
 * each with where it lives in opentensor/subtensor. Amounts are in TAO (or
 * alpha), not RAO: the simulation works in floating point, so it matches the
 * chain's fixed-point arithmetic to about 1e-9 relative, not bit for bit.
 */

/** `DefaultBlockEmission` (pallets/subtensor/src/lib.rs): 1_000_000_000 RAO per block before any halving. */
export const INITIAL_BLOCK_EMISSION = 1;

/** `TotalSupply`: 21M TAO; `get_block_emission_for_issuance` halves at 10.5M, 15.75M, ... of issuance. */
export const TOTAL_SUPPLY = 21_000_000;

/** `SubtensorInitialSubnetOwnerCut` (runtime/src/lib.rs) = 11_796 / u16::MAX, "18 percent". */
export const OWNER_CUT = 11_796 / 65_535;

/** `SubtensorInitialTaoWeight` = 971_718_665_099_567_868 / u64::MAX: root TAO counts this much as alpha in root proportion. */
export const TAO_WEIGHT = 971_718_665_099_567_868 / 18_446_744_073_709_551_615;

/** `DefaultFeeRate` (pallets/swap/src/pallet/mod.rs) = 33 / u16::MAX, about 0.05 % of what a swap pays in. */
export const SWAP_FEE_RATE = 33 / 65_535;

/**
 * `DefaultFlowEmaSmoothingFactor` = 29_597_889_189_277 / i64::MAX, the per-block
 * weight of the newest block's net TAO flow in `SubnetEmaTaoFlow` (a half-life
 * of `FlowHalfLife` = 216_000 blocks, about a month).
 */
export const FLOW_EMA_ALPHA = 29_597_889_189_277 / 9_223_372_036_854_775_807;

/** `DefaultFlowNormExponent`: the p of z^p / sum(z^p) in `inplace_pow_normalize`. */
export const FLOW_NORM_EXPONENT = 1;

/** `DefaultFlowCutoff`: the artificial lower limit A of `get_lower_limit`. */
export const FLOW_CUTOFF = 0;

/** `run_coinbase::emit_to_subnets`: what is left after the owner cut goes half to miners, half to validators. */
export const MINER_SHARE = 0.5;

/** The runtime these rules follow. */
export const SPEC_VERSION = 381;
