import type { ApiContext } from '../../../pallet.ts';
import { subnetField } from './metagraph.ts';
import { allSubnetNetuids, SubnetReads, subnetExists } from './subnet-reads.ts';

/**
 * `get_subnet_state` (rpc_info/show_subnet.rs): the metagraph's per-uid
 * columns plus each hotkey's last emission on every subnet. The devnet keeps
 * no `LastHotkeyEmissionOnNetuid`, so that history is the storage default, 0.
 */
const COLUMNS = [
  'netuid',
  'hotkeys',
  'coldkeys',
  'active',
  'validator_permit',
  'pruning_score',
  'last_update',
  'emission',
  'dividends',
  'incentives',
  'consensus',
  'trust',
  'rank',
  'block_at_registration',
  'alpha_stake',
  'tao_stake',
  'total_stake',
];

export function getSubnetState(ctx: ApiContext, netuid: number) {
  if (!subnetExists(ctx.state, netuid)) return null;
  const s = new SubnetReads(ctx, netuid);
  const state: Record<string, unknown> = Object.fromEntries(COLUMNS.map((c) => [c, subnetField(c, s)]));
  state.emission_history = allSubnetNetuids(ctx.state).map(() => s.hotkeys.map(() => 0n));
  return state;
}
