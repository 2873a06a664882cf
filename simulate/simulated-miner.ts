import { SubnetError } from '../core/errors.ts';
import type { Challenge, MinerResponse } from '../scoring/rule.ts';
import { SeededRng } from '../scoring/challenge.ts';
import type { Subnet } from '../subnet-config/subnet.ts';
import type { MinerBehaviour } from './behaviour.ts';
import { addNoise, randomLike } from './perturb.ts';

export interface SimulatedMinerInfo {
  uid: number;
  hotkey: string;
  behaviour: MinerBehaviour;
  label: string;
}

/** What a miner can see besides its own challenge: how to obtain another miner's answer (for copiers). */
export interface MinerEnvironment {
  subnet: Subnet;
  timeoutMs: number;
  baseLatencyMs: number;
  seed: string;
  /** the response the copy target gives (to its own challenge) */
  copyTarget(copier: SimulatedMinerInfo): Promise<MinerResponse | undefined>;
}

/**
 * A simulated miner: the subnet's real reference handler (and so its real
 * models) for honest work, with each behaviour's twist on top. Latency is
 * simulated time, not slept.
 */
export class SimulatedMiner {
  private readonly lazyCache: unknown[] = [];

  constructor(readonly info: SimulatedMinerInfo) {}

  async respond(challenge: Challenge, env: MinerEnvironment): Promise<MinerResponse> {
    const { uid, hotkey, behaviour } = this.info;
    const rng = new SeededRng(`${env.seed}:${challenge.seed}:${uid}`);
    const jitter = env.baseLatencyMs * (0.8 + 0.4 * rng.float());
    const ok = (body: unknown, latencyMs: number): MinerResponse =>
      latencyMs >= env.timeoutMs ? { uid, hotkey, status: 'timeout', latencyMs: env.timeoutMs } : { uid, hotkey, status: 'ok', body, latencyMs };

    switch (behaviour.kind) {
      case 'offline':
        return { uid, hotkey, status: 'unreachable', latencyMs: env.timeoutMs };
      case 'copier': {
        const target = await env.copyTarget(this.info);
        if (!target || target.status !== 'ok') return { uid, hotkey, status: 'timeout', latencyMs: env.timeoutMs };
        return ok(target.body, target.latencyMs + 25 + 10 * rng.float());
      }
      case 'lazy': {
        // answers every new challenge from its cache of old ones
        if (this.lazyCache.length === 0) {
          this.lazyCache.push(await this.honest(challenge, env));
          return ok(this.lazyCache[0], jitter);
        }
        return ok(this.lazyCache[rng.int(this.lazyCache.length)], 0.25 * jitter);
      }
      case 'honest':
        return ok(await this.honest(challenge, env), jitter);
      case 'slow':
        return ok(await this.honest(challenge, env), behaviour.ms + jitter);
      case 'noisy':
        return ok(addNoise(await this.honest(challenge, env), behaviour.sigma, rng), jitter);
      case 'random':
        return ok(randomLike(await this.honest(challenge, env), rng), 0.5 * jitter);
    }
  }

  /** The honest answer, from the subnet's reference miner handler. */
  honest(challenge: Challenge, env: MinerEnvironment): Promise<unknown> {
    const { subnet } = env;
    if (!subnet.minerHandler)
      throw new SubnetError('SIMULATION_NO_MINER', `subnet ${subnet.definition.config.name} has no \`miner\` module; simulate needs a reference miner`);
    return Promise.resolve(
      subnet.minerHandler.respond(challenge.request, {
        synapse: challenge.synapse,
        runtime: subnet.runtime,
        hotkey: this.info.hotkey,
        options: subnet.definition.config.miner?.options ?? {},
      }),
    );
  }
}
