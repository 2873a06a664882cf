import fc from 'fast-check';
import type { EpochInput, SparseEntry } from '../../consensus/index.ts';

/** A sparse row over uids < n: unique uids in random (often unsorted) order, random u16 values. */
export function sparseRow(n: number, maxValue = 65535): fc.Arbitrary<SparseEntry[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n })
    .chain((uids) => fc.tuple(fc.constant(uids), fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: uids.length, maxLength: uids.length })))
    .map(([uids, values]) => uids.map((u, k): SparseEntry => [u, values[k]]));
}

export interface InputOptions {
  minN?: number;
  maxN?: number;
  /** Add 2^60 to every block number (exercises the u64 paths). */
  hugeBlocks?: boolean;
}

/** Random epoch inputs that stay inside the contract, covering every switch of the epoch. */
export function epochInput(opts: InputOptions = {}): fc.Arbitrary<EpochInput> {
  return fc.integer({ min: opts.minN ?? 1, max: opts.maxN ?? 9 }).chain((n) => {
    const u16 = fc.integer({ min: 0, max: 65535 });
    const per = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: n, maxLength: n });
    return fc
      .record({
        currentBlock: fc.integer({ min: 0, max: 60 }),
        offset: opts.hugeBlocks ? fc.constant(1n << 60n) : fc.constantFrom(0n, 0n, 1n << 60n),
        lastUpdate: per(fc.integer({ min: 0, max: 60 })),
        reg: per(fc.integer({ min: 0, max: 60 })),
        cutoff: fc.integer({ min: 0, max: 40 }),
        tempo: fc.integer({ min: 0, max: 20 }),
        lms: fc.integer({ min: 0, max: 60 }),
        stake: per(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 15n }))),
        threshold: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 14n })),
        permits: fc.oneof(fc.constant([] as boolean[]), per(fc.boolean())),
        maxValidators: fc.integer({ min: 0, max: 12 }),
        weights: per(sparseRow(n)),
        bonds: per(sparseRow(n)),
        kappa: fc.oneof(u16, fc.constant(32767)),
        penalty: fc.oneof(u16, fc.constantFrom(0, 65535)),
        bma: fc.oneof(
          fc.integer({ min: 0, max: 1_000_000 }),
          fc.constant(900_000),
          fc.integer({ min: 1_000_000, max: 4_000_000 }),
          fc.constantFrom(4_000_001, Number.MAX_SAFE_INTEGER),
        ),
        yuma3: fc.boolean(),
        liquid: fc.boolean(),
        alphaLow: u16,
        alphaHigh: u16,
        steepness: fc.integer({ min: -32768, max: 32767 }),
        owner: fc.option(fc.integer({ min: 0, max: n }), { nil: null }),
        rao: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constant((1n << 64n) - 1n)),
        commit: fc.option(per(fc.option(fc.integer({ min: 0, max: 60 }), { nil: null })), { nil: null }),
      })
      .map((r): EpochInput => {
        const b = (x: number) => (BigInt(x) + r.offset).toString();
        return {
          n,
          current_block: b(r.currentBlock),
          tempo: r.tempo,
          activity_cutoff_blocks: r.cutoff,
          last_mechanism_step_block: r.lms === 0 ? 0 : b(r.lms),
          stake: r.stake.map(String),
          stake_threshold: r.threshold.toString(),
          last_update: r.lastUpdate.map(b),
          block_at_registration: r.reg.map(b),
          validator_permits: r.permits,
          max_allowed_validators: r.maxValidators,
          weights: r.weights,
          bonds: r.bonds,
          kappa: r.kappa,
          bonds_penalty: r.penalty,
          bonds_moving_average: r.bma,
          yuma3: r.yuma3,
          liquid_alpha: r.liquid,
          alpha_low: r.alphaLow,
          alpha_high: r.alphaHigh,
          alpha_sigmoid_steepness: r.steepness,
          owner_uid: r.owner,
          rao_emission: r.rao.toString(),
          commit_blocks: r.commit ? r.commit.map((c) => (c === null ? null : b(c))) : null,
        };
      });
  });
}
