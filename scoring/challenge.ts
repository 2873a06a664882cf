import { createHash } from 'node:crypto';
import type { ScoringRuntime } from './onnx/runtime.ts';
import type { Challenge } from './rule.ts';

/**
 * Challenge seeds: sha256(block hash, validator secret, step, miner uid). The
 * secret keeps challenges unpredictable to miners; revealing it later lets
 * anyone regenerate every challenge of a block for audit.
 */
export function challengeSeed(input: { blockHash: string; validatorSecret: string; step: number; uid?: number }): string {
  return createHash('sha256')
    .update(`subnetkit-challenge\u0000${input.blockHash}\u0000${input.validatorSecret}\u0000${input.step}\u0000${input.uid ?? '*'}`)
    .digest('hex');
}

/** xoshiro128** seeded from a hex seed: deterministic randomness for generators and simulations. */
export class SeededRng {
  private s: Uint32Array;

  constructor(seedHex: string) {
    const bytes = createHash('sha256').update(seedHex).digest();
    this.s = new Uint32Array([bytes.readUInt32LE(0), bytes.readUInt32LE(4), bytes.readUInt32LE(8), bytes.readUInt32LE(12)]);
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
  }

  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** uniform in [0, 1) */
  float(): number {
    return this.nextU32() / 4294967296;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** standard normal (Box-Muller) */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export interface ChallengeContext {
  /** hex seed of this challenge */
  seed: string;
  rng: SeededRng;
  step: number;
  /** the target miner, for per-miner challenges */
  uid?: number;
  options: Record<string, unknown>;
  runtime?: ScoringRuntime;
}

/** What a generator returns; the framework adds id, synapse and seed. */
export interface GeneratedChallenge<Req = Record<string, unknown>> {
  request: Req;
  private?: Record<string, unknown>;
}

/**
 * A subnet's challenge generator (a module referenced by `challenge.module`).
 * Must be deterministic in `ctx.seed` (use `ctx.rng`, never Math.random), so
 * challenges are reproducible for audit.
 */
export interface ChallengeGenerator {
  generate(ctx: ChallengeContext): GeneratedChallenge | Promise<GeneratedChallenge>;
}

export async function makeChallenge(generator: ChallengeGenerator, synapse: string, ctx: Omit<ChallengeContext, 'rng'>): Promise<Challenge> {
  const g = await generator.generate({ ...ctx, rng: new SeededRng(ctx.seed) });
  return { id: ctx.seed.slice(0, 16), synapse, seed: ctx.seed, request: g.request, private: g.private ?? {} };
}

/**
 * The reference (honest) miner behaviour of a subnet (`miner.module`): what a
 * correct miner answers. The miner process may use it as its default backend;
 * `subnet simulate` runs it for honest miners.
 */
export interface MinerHandler {
  respond(
    request: Record<string, unknown>,
    ctx: { synapse: string; runtime?: ScoringRuntime; hotkey: string; options: Record<string, unknown> },
  ): Promise<unknown> | unknown;
}
