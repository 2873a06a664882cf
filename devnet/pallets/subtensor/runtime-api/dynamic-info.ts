import type { ApiContext } from '../../../pallet.ts';
import { subnetField } from './metagraph.ts';
import { allSubnetNetuids, SubnetReads, subnetExists } from './subnet-reads.ts';

/**
 * `get_dynamic_info` (rpc_info/dynamic_info.rs): a subnet's pool and emission
 * figures, read as the metagraph reads them (same defaults for what the devnet
 * does not keep).
 */
const FROM_METAGRAPH: [string, string][] = [
  ['netuid', 'netuid'],
  ['owner_hotkey', 'owner_hotkey'],
  ['owner_coldkey', 'owner_coldkey'],
  ['subnet_name', 'name'],
  ['token_symbol', 'symbol'],
  ['tempo', 'tempo'],
  ['last_step', 'last_step'],
  ['blocks_since_last_step', 'blocks_since_last_step'],
  ['emission', 'subnet_emission'],
  ['alpha_in', 'alpha_in'],
  ['alpha_out', 'alpha_out'],
  ['tao_in', 'tao_in'],
  ['alpha_out_emission', 'alpha_out_emission'],
  ['alpha_in_emission', 'alpha_in_emission'],
  ['tao_in_emission', 'tao_in_emission'],
  ['pending_alpha_emission', 'pending_alpha_emission'],
  ['pending_root_emission', 'pending_root_emission'],
  ['subnet_volume', 'subnet_volume'],
  ['network_registered_at', 'network_registered_at'],
  ['subnet_identity', 'identity'],
  ['moving_price', 'moving_price'],
];

export function getDynamicInfo(ctx: ApiContext, netuid: number) {
  if (!subnetExists(ctx.state, netuid)) return null;
  const s = new SubnetReads(ctx, netuid);
  return Object.fromEntries(FROM_METAGRAPH.map(([field, from]) => [field, subnetField(from, s)]));
}

export function getAllDynamicInfo(ctx: ApiContext) {
  return allSubnetNetuids(ctx.state).map((netuid) => getDynamicInfo(ctx, netuid));
}
