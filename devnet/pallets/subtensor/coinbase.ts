import type { AccountId, RuntimeContext, State } from '../../pallet.ts';
import { currentPrice } from '../swap/pool-state.ts';
import { MAX_PRICE } from '../swap/pool.ts';
import { adjustProtocolLiquidity } from '../swap/protocol-liquidity.ts';
import { adjustRegistrationTerms } from './burn.ts';
import { blockEmission, rootProportionOf, splitAlphaOut, subnetTerms } from './emission.ts';
import { consistentKeys, runSubnetEpoch, type PendingAlpha } from './epoch.ts';
import { u96, u96Add, u96Div, u96FromI96, u96FromU64F64, u96Mul, u96Sub, u96ToU64, U96_ONE } from './fixed.ts';
import { shouldRunEpoch } from './schedule.ts';
import { trySetPendingChildren } from './children.ts';
import { recycleSubnetAlpha, swapTaoForAlpha } from './stake.ts';
import { flowShares, subnetBlockEmissions, subnetsToEmitTo } from './subnet-emissions.ts';
import { revealAllTimelockedCommits } from './timelocked.ts';
import {
  BlockEmission,
  BlocksSinceLastStep,
  EMAPriceHalvingBlocks,
  FirstEmissionBlockNumber,
  LastMechansimStepBlock,
  NetworksAdded,
  PendingOwnerCut,
  PendingRootAlphaDivs,
  PendingServerEmission,
  PendingValidatorEmission,
  RootProp,
  StakingOperationRateLimiter,
  SubnetAlphaIn,
  SubnetAlphaInEmission,
  SubnetAlphaOut,
  SubnetAlphaOutEmission,
  SubnetMechanism,
  SubnetMovingAlpha,
  SubnetMovingPrice,
  SubnetOwnerCut,
  SubnetTAO,
  SubnetTaoInEmission,
  TaoWeight,
  Tempo,
  TotalIssuance,
  TotalStake,
} from './storage.ts';

/**
 * The block step (coinbase/block_step.rs) of spec 381, run at the start of
 * every block: registration prices adjust at interval ends, matured commit-reveal v4 commits are
 * revealed, the coinbase runs (`run_coinbase`), then the moving prices and
 * root proportions are updated from the state it left.
 */
export function blockStep(ctx: RuntimeContext): void {
  const state = ctx.state;
  const block = BigInt(ctx.blockNumber);
  // the root subnet has no pool, neurons or epoch: run_coinbase leaves it out
  const netuids = NetworksAdded.entries(state)
    .filter(([, added]) => added)
    .map(([[netuid]]) => netuid)
    .sort((a, b) => a - b);
  adjustRegistrationTerms(state, block);
  const taoEmission = chainBlockEmission(state, TotalIssuance.get(state));
  revealAllTimelockedCommits(ctx, netuids);
  runCoinbase(ctx, netuids, u96(taoEmission), block);
  const emitting = subnetsToEmitTo(state, netuids);
  for (const netuid of emitting) updateMovingPrice(state, netuid, block);
  for (const netuid of emitting) RootProp.set(state, netuid, { bits: rootProportion(state, netuid) });
  trySetPendingChildren(ctx, netuids, block);
}

/** `on_finalize`: the per-block staking rate limit is lifted. */
export function endOfBlock(ctx: RuntimeContext): void {
  StakingOperationRateLimiter.clear(ctx.state);
}

/** `get_block_emission_for_issuance`, which also records the value in `BlockEmission` (each call does). */
function chainBlockEmission(state: State, issuance: bigint): bigint {
  const emission = blockEmission(issuance);
  if (BlockEmission.get(state) !== emission) BlockEmission.set(state, emission);
  return emission;
}

/** `get_alpha_issuance`: the subnet's alpha in the pool and outstanding. */
function alphaIssuance(state: State, netuid: number): bigint {
  return SubnetAlphaIn.get(state, netuid) + SubnetAlphaOut.get(state, netuid);
}

/** `current_alpha_price` (U96F32 bits, TAO per alpha). */
function alphaPrice(state: State, netuid: number): bigint {
  return u96FromU64F64(currentPrice(state, netuid));
}

/** `get_moving_alpha_price`: 1 for root and stable subnets, else `SubnetMovingPrice` (U96F32 bits). */
function movingAlphaPrice(state: State, netuid: number): bigint {
  if (netuid === 0 || SubnetMechanism.get(state, netuid) === 0) return U96_ONE;
  return u96FromI96(SubnetMovingPrice.get(state, netuid).bits);
}

/** `root_proportion` of the subnet now (U96F32 bits). */
function rootProportion(state: State, netuid: number): bigint {
  return rootProportionOf(SubnetTAO.get(state, 0), TaoWeight.get(state), alphaIssuance(state, netuid));
}

/** `run_coinbase`: emit to subnets, then drain and distribute the pending emission of subnets at their epoch. */
function runCoinbase(ctx: RuntimeContext, netuids: number[], taoEmission: bigint, block: bigint): void {
  const state = ctx.state;
  const subnets = netuids.filter((n) => n !== 0);
  const emitting = subnetsToEmitTo(state, subnets);
  const emissions = subnetBlockEmissions(flowShares(state, emitting, block), taoEmission);
  const rootSell = emitting.reduce((s, n) => u96Add(s, movingAlphaPrice(state, n)), 0n) > U96_ONE;
  emitToSubnets(state, emitting, emissions, rootSell);
  const due: [number, PendingAlpha, AccountId[]][] = [];
  for (const netuid of subnets) {
    BlocksSinceLastStep.mutate(state, netuid, (b) => b + 1n);
    if (!shouldRunEpoch(netuid, Tempo.get(state, netuid), block)) continue;
    const keys = consistentKeys(state, netuid);
    if (keys) due.push([netuid, drainPending(state, netuid, block), keys]);
  }
  for (const [netuid, pending, keys] of due) runSubnetEpoch(ctx, netuid, block, pending, keys);
}

/** `emit_to_subnets`: inject TAO and alpha into the pools, then accrue each subnet's alpha out. */
function emitToSubnets(state: State, netuids: number[], emissions: Map<number, bigint>, rootSell: boolean): void {
  const taoBlockEmission = chainBlockEmission(state, TotalIssuance.get(state));
  const terms = netuids.map((netuid) => {
    const alphaEmission = chainBlockEmission(state, alphaIssuance(state, netuid));
    return subnetTerms(emissions.get(netuid) ?? 0n, alphaEmission, alphaPrice(state, netuid), taoBlockEmission);
  });
  netuids.forEach((netuid, i) => {
    const taoIn = u96ToU64(terms[i].taoIn);
    const alphaIn = u96ToU64(terms[i].alphaIn);
    const excess = u96ToU64(terms[i].excessTao);
    adjustProtocolLiquidity(state, netuid, taoIn, alphaIn);
    if (excess > 0n) {
      // the chain buys alpha with the TAO it could not inject, without the fee, and recycles it
      try {
        recycleSubnetAlpha(state, netuid, swapTaoForAlpha(state, netuid, excess, MAX_PRICE, true).paidOut);
      } catch {
        // a failed buy leaves the pool as it was, as the runtime ignores the error
      }
    }
    SubnetAlphaInEmission.set(state, netuid, alphaIn);
    SubnetAlphaIn.mutate(state, netuid, (a) => a + alphaIn);
    SubnetTaoInEmission.set(state, netuid, taoIn);
    SubnetTAO.mutate(state, netuid, (t) => t + taoIn);
    TotalStake.mutate(state, (t) => t + taoIn);
    TotalIssuance.mutate(state, (t) => t + taoIn + excess);
  });
  const cut = SubnetOwnerCut.get(state);
  netuids.forEach((netuid, i) => {
    const alphaOut = terms[i].alphaOut;
    const created = u96ToU64(alphaOut);
    SubnetAlphaOutEmission.set(state, netuid, created);
    SubnetAlphaOut.mutate(state, netuid, (a) => a + created);
    const split = splitAlphaOut(alphaOut, cut, rootProportion(state, netuid));
    PendingOwnerCut.mutate(state, netuid, (v) => v + split.ownerCut);
    PendingServerEmission.mutate(state, netuid, (v) => v + split.server);
    PendingValidatorEmission.mutate(state, netuid, (v) => v + split.validator);
    if (rootSell) PendingRootAlphaDivs.mutate(state, netuid, (v) => v + split.root);
    else recycleSubnetAlpha(state, netuid, split.root);
  });
}

/** `drain_pending` for one subnet at its epoch block (its uid map consistent). */
function drainPending(state: State, netuid: number, block: bigint): PendingAlpha {
  BlocksSinceLastStep.set(state, netuid, 0n);
  LastMechansimStepBlock.set(state, netuid, block);
  const take = (item: typeof PendingServerEmission): bigint => {
    const v = item.get(state, netuid);
    item.set(state, netuid, 0n);
    return v;
  };
  const server = take(PendingServerEmission);
  const validator = take(PendingValidatorEmission);
  const root = take(PendingRootAlphaDivs);
  const ownerCut = take(PendingOwnerCut);
  return { server, validator, root, ownerCut };
}

/** `update_moving_price`: the price EMA, its weight growing with the blocks since `start_call`. */
function updateMovingPrice(state: State, netuid: number, block: bigint): void {
  const first = FirstEmissionBlockNumber.get(state, netuid) ?? 0n;
  const startCall = first > 0n ? first - 1n : 0n;
  const since = u96(block > startCall ? block - startCall : 0n);
  const halving = u96(EMAPriceHalvingBlocks.get(state, netuid));
  const alpha = u96Mul(u96FromI96(SubnetMovingAlpha.get(state).bits), u96Div(since, u96Add(since, halving)));
  const price = alphaPrice(state, netuid);
  const current = u96Mul(alpha, price < U96_ONE ? price : U96_ONE);
  const moving = u96Mul(u96Sub(U96_ONE, alpha), movingAlphaPrice(state, netuid));
  SubnetMovingPrice.set(state, netuid, { bits: u96Add(current, moving) });
}
