import { u96, u96Add, u96Div, u96Mul, u96PerU16, u96PerU64, u96Sub, u96ToU64, U96_ONE } from './fixed.ts';

/**
 * Per-block emission (coinbase/block_emission.rs `get_block_emission_for_issuance`):
 * 1 TAO per block, halving each time issuance crosses 21e6·(1 − 2^-k) TAO, zero
 * once the supply is reached. The chain computes `floor(log2(1/(1 − issuance/21e15)))`
 * in I96F32; the integer comparison below gives the same halving count without
 * the fixed-point logarithm. The same schedule applies to each subnet's alpha,
 * on the subnet's alpha issuance (`SubnetAlphaIn + SubnetAlphaOut`).
 */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;

export function blockEmission(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  let halvings = 0n;
  // issuance >= supply·(1 − 2^-k)  ⇔  issuance·2^k >= supply·(2^k − 1)
  while (halvings < 64n && issuance << (halvings + 1n) >= TOTAL_SUPPLY * ((1n << (halvings + 1n)) - 1n)) halvings++;
  return DEFAULT_BLOCK_EMISSION >> halvings;
}

/** One subnet's injection for a block, U96F32 bits (run_coinbase.rs `get_subnet_terms`). */
export interface SubnetTerms {
  /** TAO added to the pool's reserve. */
  taoIn: bigint;
  /** alpha added to the pool's reserve, at the pool's price so the price does not move. */
  alphaIn: bigint;
  /** alpha minted for the subnet's owner, miners and validators. */
  alphaOut: bigint;
  /** TAO of the subnet's share beyond the capped injection: the chain buys alpha with it and recycles that alpha. */
  excessTao: bigint;
}

/**
 * `tao_emission / price` alpha goes in with the TAO, capped at the subnet's
 * alpha block emission and at the TAO block emission; when capped, TAO in is
 * what the capped alpha is worth and the rest is excess. `price` is U96F32
 * TAO per alpha (a zero price puts no alpha in).
 */
export function subnetTerms(taoEmission: bigint, alphaEmission: bigint, price: bigint, taoBlockEmission: bigint): SubnetTerms {
  const alphaOut = u96(alphaEmission);
  let taoIn = taoEmission;
  let alphaIn = u96Div(taoEmission, price);
  const alphaCap = alphaOut < u96(taoBlockEmission) ? alphaOut : u96(taoBlockEmission);
  if (alphaIn > alphaCap) {
    alphaIn = alphaCap;
    taoIn = u96Mul(alphaIn, price);
  }
  return { taoIn, alphaIn, alphaOut, excessTao: u96Sub(taoEmission, taoIn) };
}

/** How one block's `alpha_out` is split (run_coinbase.rs `emit_to_subnets`), integer alpha. */
export interface AlphaOutSplit {
  ownerCut: bigint;
  server: bigint;
  validator: bigint;
  root: bigint;
}

/**
 * The owner's `SubnetOwnerCut` (u16 proportion) comes off first; half of the
 * rest goes to miners; of the validators' half, `rootProportion` (U96F32) is
 * root's. Each part is truncated on its own, as the runtime accumulates them.
 */
export function splitAlphaOut(alphaOut: bigint, ownerCut: number, rootProportion: bigint): AlphaOutSplit {
  const cut = u96Mul(alphaOut, u96PerU16(ownerCut));
  const rest = u96Sub(alphaOut, cut);
  const half = U96_ONE >> 1n;
  const root = u96Mul(u96Mul(rootProportion, rest), half);
  const server = u96Mul(rest, half);
  const validator = u96Sub(u96Sub(rest, server), root);
  return { ownerCut: u96ToU64(cut), server: u96ToU64(server), validator: u96ToU64(validator), root: u96ToU64(root) };
}

/**
 * `root_proportion` (block_step.rs): root's TAO (`SubnetTAO` of netuid 0)
 * weighted by `TaoWeight` (u64 proportion), against the subnet's alpha
 * issuance; U96F32 bits, zero without root TAO.
 */
export function rootProportionOf(rootTao: bigint, taoWeight: bigint, alphaIssuance: bigint): bigint {
  const weighted = u96Mul(u96(rootTao), u96PerU64(taoWeight));
  return u96Div(weighted, u96Add(weighted, u96(alphaIssuance)));
}
