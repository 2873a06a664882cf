import { describe, expect, it } from 'vitest';
import type { EpochInput } from '../../consensus/index.ts';
import { engines } from './engines.ts';
import { distributeNodes, SubnetSim } from './subnet-sim.ts';

// Ports of tests/epoch/active_stake.rs, weight_activity.rs and validator_permits.rs
// with the exact values the Rust tests assert.

describe.each(engines)('activity, outdated weights, zero weights, permits (%s)', (_name, run) => {
  it('test_active_stake: inactive validators lose their stake share', () => {
    const n = 4;
    const sim = new SubnetSim(n, run, { tempo: 1, max_allowed_validators: n });
    sim.block = 0;
    sim.stake.fill(1n);
    sim.epoch(); // permits
    sim.block = 1;
    for (const uid of [0, 1]) sim.setWeights(uid, [2, 3], [32767, 32767]);
    let out = sim.epoch();
    for (let uid = 0; uid < n; uid++) {
      if (uid < 2) expect(out.dividends[uid]).toBe(32767);
      expect(out.emission[uid]).toBe('250000000');
    }
    for (const v of [0, 1]) {
      expect([0, 1].map((j) => sim.bond(v, j))).toEqual([0, 0]);
      expect([2, 3].map((j) => sim.bond(v, j))).toEqual([65535, 65535]);
    }

    sim.block = 5000 + 2; // uid 1's weights fall outside the activity cutoff
    sim.setWeights(0, [2, 3], [32767, 32767]);
    out = sim.epoch();
    expect(out.dividends[0]).toBe(36044);
    expect(out.emission[0]).toBe('274999999');
    expect([2, 3].map((j) => sim.bond(0, j))).toEqual([65535, 65535]);
    expect(out.dividends[1]).toBe(29490);
    expect(out.emission[1]).toBe('224999999');
    expect([2, 3].map((j) => sim.bond(1, j))).toEqual([53619, 53619]);

    sim.setWeights(1, [2, 3], [32767, 32767]);
    sim.block = 5000 + 3;
    out = sim.epoch();
    expect(out.dividends[0]).toBe(35716);
    expect(out.emission[0]).toBe('272501132');
    expect([2, 3].map((j) => sim.bond(0, j))).toEqual([65535, 65535]);
    expect(out.dividends[1]).toBe(29818);
    expect(out.emission[1]).toBe('227498866');
    expect([2, 3].map((j) => sim.bond(1, j))).toEqual([54712, 54712]);
  });

  it('test_outdated_weights: weights set before a uid re-registered are dropped', () => {
    const n = 4;
    const sim = new SubnetSim(n, run, { tempo: 0, max_allowed_validators: n });
    sim.blockAtRegistration.fill(1);
    sim.stake.fill(1n);
    sim.epoch();
    sim.block = 2;
    for (const uid of [0, 1]) sim.setWeights(uid, [2, 3], [2 * Math.floor(65535 / 3), Math.floor(65535 / 3)]);
    for (const uid of [2, 3]) sim.setWeights(uid, [uid], [65535]);
    expect(sim.weights[0]).toEqual([
      [2, 65535],
      [3, 32768],
    ]);
    sim.epoch();
    // a new hotkey replaces uid 3 (least emission): no stake, no permit, new registration block
    sim.stake[3] = 0n;
    sim.blockAtRegistration[3] = 2;
    sim.validatorPermits[3] = false;
    sim.block = 3;
    sim.setWeights(0, [2, 3], [2 * Math.floor(65535 / 3), Math.floor(65535 / 3)]);
    const out = sim.epoch();
    expect(out.dividends[0]).toBe(32767);
    expect(out.emission[0]).toBe('250000000');
    expect(sim.bond(0, 2)).toBe(65535);
    expect(sim.bond(0, 3)).toBe(65535);
    expect(out.incentive).toEqual([0, 0, 65535, 0]);
  });

  it('test_deregistered_miner_bonds: bonds on a uid registered since the last tempo are cleared', () => {
    const n = 4;
    const sim = new SubnetSim(n, run, { max_allowed_validators: n });
    sim.stake.fill(1n);
    sim.blockAtRegistration.fill(1);
    sim.epoch();
    sim.block = 2;
    for (const uid of [0, 1]) sim.setWeights(uid, [2, 3], [2 * Math.floor(65535 / 3), Math.floor(65535 / 3)]);
    sim.block = 4;
    sim.params.tempo = 2;
    sim.epoch();
    const bond02 = sim.bond(0, 2);
    const bond03 = sim.bond(0, 3);
    expect(bond02).toBeGreaterThan(0);
    expect(bond03).toBeGreaterThan(0);

    sim.block = 5; // a new key takes uid 3
    sim.stake[3] = 0n;
    sim.blockAtRegistration[3] = 5;
    sim.validatorPermits[3] = false;
    for (const uid of [0, 1]) sim.setWeights(uid, [2, 3], [2 * Math.floor(65535 / 3), Math.floor(65535 / 3)]);
    sim.block = 6;
    sim.epoch();
    expect(sim.bond(0, 2)).toBeGreaterThanOrEqual(bond02);
    expect(sim.bond(0, 3)).toBeLessThanOrEqual(bond03);
    expect(sim.bond(0, 3)).toBe(0); // last_tempo = 6 - 2 <= 5: the old column is masked, and the new weights are outdated
  });

  it('with a stored LastMechansimStepBlock, bonds are masked for uids registered after it (last_tempo = lms + 1)', () => {
    const sim = new SubnetSim(4, run, { max_allowed_validators: 4 });
    sim.stake.fill(1n);
    sim.validatorPermits.fill(true);
    sim.block = 20;
    for (const uid of [0, 1]) sim.setWeights(uid, [2, 3], [65535, 65535]);
    sim.bonds[0] = [
      [2, 65535],
      [3, 65535],
    ];
    sim.blockAtRegistration = [1, 1, 9, 10];
    sim.params.last_mechanism_step_block = 9; // last_tempo = 10: uid 3 (registered at 10) is new, uid 2 (at 9) is not
    sim.params.yuma3 = true; // bonds stored as plain proportions show the EMA directly
    sim.epoch();
    // alpha = 0.1, weights 0.5: the kept bond on uid 2 is 0.9 * 1 + 0.1 * 0.5 = 0.95 (62258),
    // the masked one on uid 3 restarts at 0.1 * 0.5 = 0.05 (3276), like uid 1's fresh bonds
    expect([sim.bond(0, 2), sim.bond(0, 3)]).toEqual([62258, 3276]);
    expect([sim.bond(1, 2), sim.bond(1, 3)]).toEqual([3276, 3276]);
  });

  it('the subnet owner keeps its stake below the threshold, its permit and its self-weight', () => {
    const base = (owner: number | null) => {
      const sim = new SubnetSim(3, run, { owner_uid: owner, stake_threshold: 10 });
      sim.validatorPermits = [false, true, false]; // the owner's permit is forced
      sim.block = 5;
      sim.setWeights(0, [0], [65535]);
      sim.setWeights(1, [2], [65535]);
      return sim;
    };
    const below = base(0);
    below.stake = [5n, 100n, 0n];
    expect(below.epoch().stake_weight[0]).toBe(Math.floor((5 / 105) * 65535));
    const nonOwner = base(null);
    nonOwner.stake = [5n, 100n, 0n];
    expect(nonOwner.epoch().stake_weight[0]).toBe(0);

    const owner = base(0);
    owner.stake = [100n, 5n, 0n];
    const out = owner.epoch();
    expect(out.consensus[0]).toBe(65535); // its self-weight survives masking and carries the majority
    expect(out.incentive[0]).toBeGreaterThan(0);
    expect(out.new_validator_permits[0]).toBe(true);
    const plain = base(null);
    plain.stake = [100n, 5n, 0n];
    expect(plain.epoch().incentive[0]).toBe(0);
  });

  it('commit-reveal: weights committed before the target uid registered are dropped', () => {
    const make = (commitBlocks: EpochInput['commit_blocks']) => {
      const sim = new SubnetSim(3, run, { commit_blocks: commitBlocks });
      sim.stake = [100n, 0n, 0n];
      sim.validatorPermits = [true, false, false];
      sim.blockAtRegistration = [1, 1, 10];
      sim.block = 12;
      sim.setWeights(0, [1, 2], [65535, 65535]); // revealed at 12, after uid 2 registered at 10
      return sim.epoch();
    };
    expect(make(null).incentive).toEqual([0, 32767, 32767]);
    expect(make([null, null, null]).incentive).toEqual([0, 32767, 32767]);
    expect(make([8, null, null]).incentive).toEqual([0, 65535, 0]); // committed at 8 < 10: the weight on uid 2 belonged to its previous owner
    expect(make([10, null, null]).incentive).toEqual([0, 32767, 32767]);
  });

  it('test_zero_weights: no, self-only and outdated weights fall back to stake', () => {
    const n = 2;
    const sim = new SubnetSim(n, run);
    sim.block = 0;
    sim.stake[0] = 1n;
    let out = sim.epoch(); // no weights
    expect(out.emission).toEqual(['1000000000', '0']);

    sim.block = 1;
    sim.setWeights(1, [1], [65535]); // self-weight only
    out = sim.epoch();
    expect(out.emission).toEqual(['1000000000', '0']);

    sim.block = 2;
    sim.setWeights(0, [1], [65535]);
    // a new key re-registers over the server uid in the same block: the weight is outdated
    sim.blockAtRegistration[1] = 2;
    sim.weights[1] = [];
    out = sim.epoch();
    expect(out.emission).toEqual(['1000000000', '0']);

    sim.block = 3;
    sim.setWeights(0, [1], [65535]);
    out = sim.epoch();
    expect(out.emission).toEqual(['500000000', '500000000']);
  });

  for (const interleave of [0, 1, 2]) {
    for (const [networkN, validatorsN] of [
      [2, 1],
      [4, 2],
      [8, 4],
    ]) {
      for (const assignment of [0, 1]) {
        it(`test_validator_permits (interleave ${interleave}, n ${networkN}, ${validatorsN} validators, assignment ${assignment})`, () => {
          const { validators, servers } = distributeNodes(validatorsN, networkN, interleave, 3);
          const minStake = BigInt(validatorsN);
          const stake = new Array<bigint>(networkN).fill(0n);
          for (const v of validators) stake[v] = assignment === 1 ? BigInt(v + networkN) : 1n;
          for (const s of servers) stake[s] = assignment === 1 ? BigInt(s) : 0n;
          const sim = new SubnetSim(networkN, run, { max_allowed_validators: validatorsN, stake_threshold: minStake.toString() });
          sim.block = 0;
          sim.stake = [...stake];
          let out = sim.epoch();
          for (const v of validators) expect(out.new_validator_permits[v]).toBe(stake[v] >= minStake);
          for (const s of servers) expect(out.new_validator_permits[s]).toBe(false);

          for (const s of servers) sim.stake[s] += BigInt(2 * networkN);
          sim.block = 1;
          out = sim.epoch();
          for (const v of validators) expect(out.new_validator_permits[v]).toBe(false);
          for (const s of servers) expect(out.new_validator_permits[s]).toBe(stake[s] + BigInt(2 * networkN) >= minStake);
        });
      }
    }
  }
});
