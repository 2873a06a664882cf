import type { KeyringPair } from '@polkadot/keyring/types';
import { describeError, SubnetError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { AxonInfo, Metagraph } from '../chain/metagraph.ts';

/** The chain calls a miner makes about itself (`SubtensorClient` fits). */
export interface MinerChain {
  uidOf(netuid: number, hotkey: string): Promise<number | undefined>;
  burnedRegister(coldkey: KeyringPair, netuid: number, hotkey: string): Promise<{ uid?: number; blockNumber?: number }>;
  serveAxon(hotkey: KeyringPair, args: { netuid: number; ip: string; port: number; protocol?: number; version?: number }): Promise<unknown>;
}

/** Registers the hotkey when asked to and needed; returns its uid. */
export async function ensureRegistered(
  chain: MinerChain,
  input: { netuid: number; hotkey: string; register: boolean; coldkey: () => Promise<KeyringPair>; log: Logger },
): Promise<{ uid: number; registered: boolean }> {
  const uid = await chain.uidOf(input.netuid, input.hotkey);
  if (uid !== undefined) return { uid, registered: false };
  if (!input.register) {
    throw new SubnetError('MINER_NOT_REGISTERED', `hotkey ${input.hotkey} is not registered on netuid ${input.netuid}; pass --register (burned registration, paid by the coldkey) or register it first`);
  }
  input.log.info({ netuid: input.netuid, hotkey: input.hotkey }, 'registering (burned_register)');
  const r = await chain.burnedRegister(await input.coldkey(), input.netuid, input.hotkey);
  const registeredUid = r.uid ?? (await chain.uidOf(input.netuid, input.hotkey));
  if (registeredUid === undefined) throw new SubnetError('MINER_NOT_REGISTERED', `registration of ${input.hotkey} on netuid ${input.netuid} was included but no uid was found`);
  input.log.info({ netuid: input.netuid, uid: registeredUid }, 'registered');
  return { uid: registeredUid, registered: true };
}

/** True when the chain's axon record differs from where we serve. */
export function axonNeedsUpdate(current: AxonInfo | undefined, ip: string, port: number): boolean {
  return !current || current.ip !== ip || current.port !== port;
}

/**
 * Calls serve_axon when the chain's record differs from (ip, port). A chain
 * that rejects the IP (e.g. InvalidIpAddress for a private or loopback
 * address on a real network) is warned about clearly; the miner keeps serving.
 */
export async function ensureServing(
  chain: MinerChain,
  input: { netuid: number; uid: number; hotkey: KeyringPair; ip: string; port: number; metagraph: Metagraph; log: Logger },
): Promise<{ served: boolean; warning?: string }> {
  const current = input.metagraph.axons[input.uid];
  if (!axonNeedsUpdate(current, input.ip, input.port)) return { served: false };
  try {
    await chain.serveAxon(input.hotkey, { netuid: input.netuid, ip: input.ip, port: input.port });
    input.log.info({ netuid: input.netuid, uid: input.uid, ip: input.ip, port: input.port, was: current ? `${current.ip}:${current.port}` : 'none' }, 'axon served on chain');
    return { served: true };
  } catch (err) {
    const warning = `the chain rejected serve_axon(${input.ip}:${input.port}): ${describeError(err)}. Validators will not find this miner; pass --external-ip with a public address`;
    input.log.warn({ ip: input.ip, port: input.port, err: describeError(err) }, warning);
    return { served: false, warning };
  }
}
