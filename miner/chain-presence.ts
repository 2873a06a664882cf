import type { KeyringPair } from '@polkadot/keyring/types';
import { type AxonServingChain, isServingRateLimited, nextServeBlock, serveAxonWhenAllowed } from '../chain/axon-serving.ts';
import { chainErrorName } from '../chain/dispatch-error.ts';
import { describeError, SubnetError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { AxonInfo, Metagraph } from '../chain/metagraph.ts';

/** The chain calls a miner makes about itself (`SubtensorClient` fits). */
export interface MinerChain extends AxonServingChain {
  uidOf(netuid: number, hotkey: string): Promise<number | undefined>;
  burnedRegister(coldkey: KeyringPair, netuid: number, hotkey: string): Promise<{ uid?: number; blockNumber?: number }>;
}

/** Registers the hotkey when asked to and needed; returns its uid. */
export async function ensureRegistered(
  chain: MinerChain,
  input: { netuid: number; hotkey: string; register: boolean; coldkey: () => Promise<KeyringPair>; log: Logger },
): Promise<{ uid: number; registered: boolean }> {
  const uid = await chain.uidOf(input.netuid, input.hotkey);
  if (uid !== undefined) return { uid, registered: false };
  if (!input.register) {
    throw new SubnetError(
      'MINER_NOT_REGISTERED',
      `hotkey ${input.hotkey} is not registered on netuid ${input.netuid}; pass --register (burned registration, paid by the coldkey) or register it first`,
    );
  }
  input.log.info({ netuid: input.netuid, hotkey: input.hotkey }, 'registering (burned_register)');
  const r = await chain.burnedRegister(await input.coldkey(), input.netuid, input.hotkey);
  const registeredUid = r.uid ?? (await chain.uidOf(input.netuid, input.hotkey));
  if (registeredUid === undefined)
    throw new SubnetError('MINER_NOT_REGISTERED', `registration of ${input.hotkey} on netuid ${input.netuid} was included but no uid was found`);
  input.log.info({ netuid: input.netuid, uid: registeredUid }, 'registered');
  return { uid: registeredUid, registered: true };
}

/** True when the chain's axon record differs from where we serve. */
export function axonNeedsUpdate(current: AxonInfo | undefined, ip: string, port: number): boolean {
  return !current || current.ip !== ip || current.port !== port;
}

/** What a refused serve_axon means for this miner, by the runtime's reason. */
export function servingWarning(err: unknown, ip: string, port: number): string {
  const refused = `the chain rejected serve_axon(${ip}:${port}): ${describeError(err)}`;
  switch (chainErrorName(err)) {
    case 'InvalidIpAddress':
      return `${refused}. Validators will not find this miner; pass --external-ip with a public address`;
    case 'HotKeyNotRegisteredInNetwork':
      return `${refused}. Register the hotkey on the subnet first`;
    case 'InvalidPort':
      return `${refused}. Serve on a port other than 0`;
    default:
      return `${refused}. Validators will not find this miner at ${ip}:${port}`;
  }
}

/**
 * Calls serve_axon when the chain's record differs from (ip, port). A refusal
 * is warned about by its cause; the miner keeps serving either way. A refusal
 * under the subnet's serving rate limit leaves the old address on chain, so it
 * is retried in the background (`retry`) once the limit allows; `signal` stops that.
 */
export async function ensureServing(
  chain: MinerChain,
  input: { netuid: number; uid: number; hotkey: KeyringPair; ip: string; port: number; metagraph: Metagraph; log: Logger; signal?: AbortSignal },
): Promise<{ served: boolean; warning?: string; retry?: Promise<boolean> }> {
  const { netuid, uid, ip, port, log } = input;
  const current = input.metagraph.axons[uid];
  if (!axonNeedsUpdate(current, ip, port)) return { served: false };
  const was = current && current.port ? `${current.ip}:${current.port}` : 'none';
  try {
    await chain.serveAxon(input.hotkey, { netuid, ip, port });
    log.info({ netuid, uid, ip, port, was }, 'axon served on chain');
    return { served: true };
  } catch (err) {
    if (!isServingRateLimited(err)) {
      const warning = servingWarning(err, ip, port);
      log.warn({ ip, port, err: describeError(err) }, warning);
      return { served: false, warning };
    }
    const state = await chain.servingState(netuid, input.hotkey.address).catch(() => undefined);
    const until = state ? Math.max(nextServeBlock(state), state.block + 1) : undefined;
    const warning =
      `the chain refused serve_axon(${ip}:${port}) for now: ServingRateLimitExceeded, this hotkey served less than serving_rate_limit` +
      (state ? ` (${state.rateLimit}) blocks ago (at block ${state.lastServed}, now ${state.block})` : ' blocks ago') +
      `; the chain still lists ${was} until the retry${until !== undefined ? ` at block ${until}` : ''}`;
    log.warn({ ip, port, err: describeError(err), retryAtBlock: until }, warning);
    const retry = serveAxonWhenAllowed(chain, input.hotkey, { netuid, ip, port }, { signal: input.signal, attempts: 3, notBefore: until }).then(
      (r) => {
        if (r.served) log.info({ netuid, uid, ip, port, was }, 'axon served on chain after the serving rate limit');
        return r.served;
      },
      (retryErr: unknown) => {
        log.warn({ ip, port, err: describeError(retryErr) }, servingWarning(retryErr, ip, port));
        return false;
      },
    );
    return { served: false, warning, retry };
  }
}
