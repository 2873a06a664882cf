import { describe, expect, it } from 'vitest';
import { engines } from './engines.ts';
import { distributeNodes, SubnetSim } from './subnet-sim.ts';

// Ports of pallets/subtensor/src/tests/epoch/graph_epochs.rs and bonds.rs::test_bonds
// with the values the Rust tests assert.

describe.each(engines)('graph epochs (%s)', (name, run) => {
  it('test_1_graph: a lone self-weighting uid earns no consensus, incentive or dividends', () => {
    const sim = new SubnetSim(1, run);
    sim.stake[0] = 1_000_000_000n;
    sim.blockAtRegistration[0] = 1;
    sim.block = 2;
    sim.setWeights(0, [0], [65535]);
    const out = sim.epoch();
    expect(out.consensus).toEqual([0]);
    expect(out.incentive).toEqual([0]);
    expect(out.dividends).toEqual([0]);
  });

  it('test_10_graph: self weights only pay every uid its stake share (99999999 RAO)', () => {
    const sim = new SubnetSim(10, run);
    for (let i = 0; i < 10; i++) sim.stake[i] = 1n;
    for (let i = 0; i < 10; i++) sim.setWeights(i, [i], [65535]);
    const out = sim.epoch();
    for (let i = 0; i < 10; i++) {
      expect(out.consensus[i]).toBe(0);
      expect(out.incentive[i]).toBe(0);
      expect(out.dividends[i]).toBe(0);
      expect(out.emission[i]).toBe('99999999');
    }
  });

  // test_512_graph: 512 uids, 64 validators with equal stake, three epochs.
  // the slow BigInt reference runs the blockwise layout only (property tests cover its equality elsewhere)
  for (const interleave of name === 'runEpoch' ? [0, 1, 2] : [0]) {
    for (const serverSelf of [false, true]) {
      it(`test_512_graph (interleave ${interleave}, server self-weight ${serverSelf})`, () => {
        const n = 512;
        const { validators, servers } = distributeNodes(64, n, interleave, 7);
        const sim = new SubnetSim(n, run, { max_allowed_validators: 64 });
        for (const v of validators) sim.stake[v] = 328_125_000_000_000n;
        sim.epoch(); // issues validator permits
        for (const v of validators) sim.setWeights(v, servers, new Array(servers.length).fill(Math.floor(65535 / n)));
        if (serverSelf) for (const s of servers) sim.setWeights(s, [s], [65535]);
        for (let e = 0; e < 3; e++) sim.epoch();
        const out = sim.last!;
        const server = servers[0];
        const validator = validators[0];
        for (const uid of validators) {
          expect(out.consensus[uid]).toBe(0);
          expect(out.incentive[uid]).toBe(0);
          expect(out.dividends[uid]).toBe(1023);
          expect(out.emission[uid]).toBe('7812500');
          expect(sim.bond(uid, validator)).toBe(0);
          expect(sim.bond(uid, server)).toBe(65535);
        }
        for (const uid of servers) {
          expect(out.consensus[uid]).toBe(146);
          expect(out.incentive[uid]).toBe(146);
          expect(out.dividends[uid]).toBe(0);
          expect(out.emission[uid]).toBe('1116071');
          expect(sim.bond(uid, validator)).toBe(0);
          expect(sim.bond(uid, server)).toBe(0);
        }
      });
    }
  }
});

describe.each(engines)('test_bonds: bond EMA over a sequence of epochs (%s)', (_name, run) => {
  it('matches every bond the Rust test asserts', () => {
    const n = 8;
    const sim = new SubnetSim(n, run, { tempo: 1, max_allowed_validators: n });
    [1n, 2n, 3n, 4n, 0n, 0n, 0n, 0n].forEach((s, i) => (sim.stake[i] = s));
    sim.blockAtRegistration.fill(1);
    sim.epoch(); // run first epoch to set allowed validators
    sim.block++;
    const servers = [4, 5, 6, 7];
    for (let uid = 0; uid < 4; uid++) sim.setWeights(uid, servers, [16383, 32767, 49149, 65535]);
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 4))).toEqual([16383, 32767, 49151, 65535]);

    sim.setWeights(0, [0], [65535]); // self-weight only on val1
    sim.block++;
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 4))).toEqual([14582, 32767, 49151, 65535]);

    sim.setWeights(1, [1], [65535]); // self-weight only on val2
    sim.block++;
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 4))).toEqual([12603, 28321, 49151, 65535]);

    sim.setWeights(2, [2], [65535]); // self-weight only on val3
    sim.block++;
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 7))).toEqual([12602, 28320, 49150, 65535]);

    sim.setWeights(2, [7], [65535]); // val3 -> srv4: 1
    sim.block++;
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 7))).toEqual([10951, 24609, 49150, 65535]);

    sim.block++;
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 7))).toEqual([9559, 21482, 49150, 65535]);

    sim.block++;
    sim.epoch();
    expect([0, 1, 2, 3].map((i) => sim.bond(i, 7))).toEqual([8376, 18824, 49150, 65535]);
  });
});
