import type { RuntimeContext } from '../../pallet.ts';
import { decayBurn } from './burn.ts';
import { blockEmission, ownerCut } from './emission.ts';
import { runSubnetEpoch } from './epoch.ts';
import { shouldRunEpoch } from './schedule.ts';
import { revealAllTimelockedCommits } from './timelocked.ts';
import {
  BlockEmission,
  BlocksSinceLastStep,
  Burn,
  FirstEmissionBlockNumber,
  MaxBurn,
  MinBurn,
  NetworksAdded,
  PendingEmission,
  PendingOwnerCut,
  RegistrationsThisBlock,
  StakingOperationRateLimiter,
  SubnetOwnerCut,
  SubtokenEnabled,
  Tempo,
  TotalIssuance,
  ROOT_NETUID,
} from './storage.ts';

/**
 * The block step (coinbase/block_step.rs), run at the start of every block:
 * registration prices decay, matured commit-reveal v4 commits are revealed, each
 * started subnet accrues one block of emission (the owner's cut apart), and subnets
 * whose tempo is due run their epoch.
 */
export function blockStep(ctx: RuntimeContext): void {
  const state = ctx.state;
  const block = BigInt(ctx.blockNumber);
  // the root subnet has no pool, neurons or epoch: run_coinbase leaves it out
  const netuids = NetworksAdded.entries(state)
    .filter(([[netuid], added]) => added && netuid !== ROOT_NETUID)
    .map(([[netuid]]) => netuid);
  for (const netuid of netuids) {
    Burn.set(state, netuid, decayBurn(Burn.get(state, netuid), MinBurn.get(state, netuid), MaxBurn.get(state, netuid)));
    if (RegistrationsThisBlock.get(state, netuid) !== 0) RegistrationsThisBlock.set(state, netuid, 0);
  }
  // matured timelocked weights are applied before the coinbase runs the epochs, as block_step orders it
  revealAllTimelockedCommits(ctx, netuids);
  for (const netuid of netuids) {
    accrueEmission(ctx, netuid, block);
    if (shouldRunEpoch(netuid, Tempo.get(state, netuid), block)) runSubnetEpoch(ctx, netuid, block);
    else BlocksSinceLastStep.mutate(state, netuid, (b) => b + 1n);
  }
}

/** `on_finalize`: the per-block staking rate limit is lifted. */
export function endOfBlock(ctx: RuntimeContext): void {
  StakingOperationRateLimiter.clear(ctx.state);
}

function accrueEmission(ctx: RuntimeContext, netuid: number, block: bigint): void {
  const state = ctx.state;
  const first = FirstEmissionBlockNumber.get(state, netuid);
  if (first === undefined || block < first || !SubtokenEnabled.get(state, netuid)) return;
  const emission = blockEmission(TotalIssuance.get(state));
  if (emission === 0n) return;
  const cut = ownerCut(emission, SubnetOwnerCut.get(state));
  PendingOwnerCut.mutate(state, netuid, (v) => v + cut);
  PendingEmission.mutate(state, netuid, (v) => v + emission - cut);
  TotalIssuance.mutate(state, (t) => t + emission);
  if (BlockEmission.get(state) !== emission) BlockEmission.set(state, emission);
}
