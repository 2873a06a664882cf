import { MINER_SHARE, OWNER_CUT, TAO_WEIGHT } from './constants.ts';

/** What one block puts into one subnet (`get_subnet_terms`, coinbase/run_coinbase.rs). */
export interface SubnetTerms {
  /** TAO added to the pool's TAO reserve */
  taoIn: number;
  /** alpha added to the pool's alpha reserve */
  alphaIn: number;
  /** alpha created for the subnet's participants (owner, miners, validators, root) */
  alphaOut: number;
  /** TAO of the subnet's emission that could not be injected at the price: the chain buys alpha with it and recycles that alpha */
  excessTao: number;
}

/**
 * `get_subnet_terms`: the subnet's TAO emission goes into the pool together
 * with alpha at the current price, alpha_in = tao_emission / price, capped at
 * min(alpha block emission, TAO block emission); when capped, only
 * alpha_in * price TAO is injected and the rest is the excess. alpha_out is
 * the subnet's alpha block emission (1 alpha, halving with alpha issuance).
 */
export function subnetTerms(taoEmission: number, alphaEmission: number, price: number, taoBlockEmission: number): SubnetTerms {
  let taoIn = taoEmission;
  let alphaIn = price > 0 ? taoEmission / price : 0;
  const cap = Math.min(alphaEmission, taoBlockEmission);
  if (alphaIn > cap) {
    alphaIn = cap;
    taoIn = alphaIn * price;
  }
  return { taoIn, alphaIn, alphaOut: alphaEmission, excessTao: Math.max(0, taoEmission - taoIn) };
}

/** How one block's alpha_out is divided (`emit_to_subnets`). */
export interface AlphaOutSplit {
  ownerCut: number;
  /** `PendingServerEmission`: paid to miners by incentive at the epoch */
  miners: number;
  /** `PendingValidatorEmission`: paid to validators by dividends at the epoch */
  validators: number;
  /** `PendingRootAlphaDivs`: the validators' half that goes to root stake (recycled instead when root does not sell) */
  root: number;
}

/**
 * `emit_to_subnets`: the owner takes `ownerCut` (18 %) of alpha_out; of the
 * rest, half is the miners'; the other half the validators', less the root
 * proportion of it, which goes to root stakers.
 */
export function splitAlphaOut(alphaOut: number, rootProportion: number, ownerCut = OWNER_CUT): AlphaOutSplit {
  const cut = alphaOut * ownerCut;
  const rest = alphaOut - cut;
  const root = rootProportion * rest * (1 - MINER_SHARE);
  const miners = rest * MINER_SHARE;
  return { ownerCut: cut, miners, validators: rest - miners - root, root };
}

/**
 * `root_proportion` (coinbase/block_step.rs): root TAO, weighted by the TAO
 * weight, against the subnet's alpha issuance (alpha in the pool plus alpha
 * outstanding).
 */
export function rootProportion(rootTao: number, alphaIssuance: number, taoWeight = TAO_WEIGHT): number {
  const weighted = rootTao * taoWeight;
  return weighted + alphaIssuance > 0 ? weighted / (weighted + alphaIssuance) : 0;
}

/** `get_network_root_sell_flag`: root dividends are paid only while the subnets' EMA prices sum above 1 TAO. */
export function rootSells(emaPrices: readonly number[]): boolean {
  return emaPrices.reduce((a, b) => a + b, 0) > 1;
}
