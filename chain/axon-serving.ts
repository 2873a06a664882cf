import type { KeyringPair } from '@polkadot/keyring/types';
import { isSubnetError, SubnetError } from '../core/errors.ts';
import { chainErrorName } from './dispatch-error.ts';

/** What decides whether the runtime takes a hotkey's `serve_axon` now. */
export interface ServingState {
  /** best block */
  block: number;
  /** `ServingRateLimit(netuid)`: blocks between two serves of one hotkey; 0: none */
  rateLimit: number;
  /** block of this hotkey's last serve on the subnet (`Axons(netuid, hotkey).block`); 0: never */
  lastServed: number;
}

/**
 * The first block at which the runtime's `axon_passes_rate_limit` lets this
 * hotkey serve again: `rate_limit == 0 || last_serve == 0 || now - last_serve >= rate_limit`.
 */
export function nextServeBlock(s: ServingState): number {
  if (s.rateLimit === 0 || s.lastServed === 0) return s.block;
  return Math.max(s.block, s.lastServed + s.rateLimit);
}

/** The runtime's refusal of a serve too soon after the last one, by pool (code 12) or in a block. */
export function isServingRateLimited(err: unknown): boolean {
  return chainErrorName(err) === 'ServingRateLimitExceeded';
}

/** The chain calls a serve-with-retry needs (`SubtensorClient` fits). */
export interface AxonServingChain {
  serveAxon(hotkey: KeyringPair, args: { netuid: number; ip: string; port: number; protocol?: number; version?: number }): Promise<unknown>;
  servingState(netuid: number, hotkey: string): Promise<ServingState>;
  waitForBlock(block: number, timeoutMs?: number): Promise<number>;
}

export interface ServeWhenAllowedOptions {
  /** stops the wait; the function then resolves `{ served: false }` */
  signal?: AbortSignal;
  /** serves tried in all (default 3): another serve may land between the wait and ours */
  attempts?: number;
  /** wait for this block before the first try (a refusal already seen tells when) */
  notBefore?: number;
  /** called before each wait, with the block waited for */
  onWait?: (untilBlock: number, state: ServingState) => void;
}

/**
 * `serve_axon`, retried after each ServingRateLimitExceeded refusal once the
 * subnet's serving rate limit allows this hotkey again. Any other refusal is
 * thrown as it came; running out of attempts throws the last refusal.
 */
export async function serveAxonWhenAllowed(
  chain: AxonServingChain,
  hotkey: KeyringPair,
  args: { netuid: number; ip: string; port: number; protocol?: number; version?: number },
  options: ServeWhenAllowedOptions = {},
): Promise<{ served: boolean; result?: unknown; retries: number }> {
  const attempts = options.attempts ?? 3;
  if (options.notBefore !== undefined && !(await untilBlock(chain, options.notBefore, options.signal))) return { served: false, retries: 0 };
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) return { served: false, retries: attempt - 1 };
    try {
      const result = await chain.serveAxon(hotkey, args);
      return { served: true, result, retries: attempt - 1 };
    } catch (err) {
      if (!isServingRateLimited(err) || attempt >= attempts) throw err;
      const state = await chain.servingState(args.netuid, hotkey.address);
      // the refusal proves the limit holds at `state.block`: never wait for less than the next block
      const until = Math.max(nextServeBlock(state), state.block + 1);
      options.onWait?.(until, state);
      if (!(await untilBlock(chain, until, options.signal))) return { served: false, retries: attempt - 1 };
    }
  }
}

/** Waits for `block`; false when aborted first. A slow chain only makes it wait longer. */
async function untilBlock(chain: AxonServingChain, block: number, signal?: AbortSignal): Promise<boolean> {
  const aborted = new Promise<false>((resolve) => {
    if (signal?.aborted) resolve(false);
    signal?.addEventListener('abort', () => resolve(false), { once: true });
  });
  for (;;) {
    if (signal?.aborted) return false;
    const reached = chain.waitForBlock(block, 120_000).then(
      () => true as const,
      (err: unknown) => {
        if (isSubnetError(err, 'TIMEOUT')) return 'again' as const;
        throw err instanceof SubnetError ? err : new SubnetError('CHAIN_WAIT_FAILED', `waiting for block ${block}: ${String(err)}`, { cause: err });
      },
    );
    const outcome = await Promise.race([reached, aborted]);
    if (outcome !== 'again') return outcome;
  }
}
