import { describe, expect, it } from 'vitest';
import { fixedProportionToU16 } from '../../consensus/fixed.ts';
import { engines } from './engines.ts';
import { SubnetSim } from './subnet-sim.ts';

// Ports of tests/epoch/yuma_3.rs: Yuma3 bonds with liquid alpha over six epochs,
// compared at the Rust tests' tolerance of 1e-3.

/** `set_alpha_values_32(I32F32::from_num(x), ..)` stores `floor(x * 65535)` via I32F32. */
function alphaU16(x: number): number {
  return fixedProportionToU16(BigInt(Math.round(x * 2 ** 32)));
}

function setup(run: (typeof engines)[number][1], stakes: number[]): SubnetSim {
  const n = stakes.length;
  const sim = new SubnetSim(n, run, {
    tempo: 1,
    bonds_penalty: 0,
    alpha_sigmoid_steepness: 1000,
    bonds_moving_average: 975_000,
    kappa: Math.floor(65535 / 2),
    liquid_alpha: true,
    alpha_low: alphaU16(0.1),
    alpha_high: alphaU16(0.3),
    yuma3: true,
    max_allowed_validators: 3,
  });
  stakes.forEach((s, i) => (sim.stake[i] = BigInt(s)));
  sim.blockAtRegistration.fill(1);
  sim.block++;
  sim.epoch(); // permits
  return sim;
}

function setWeights(sim: SubnetSim, rows: number[][], servers: number[]): void {
  rows.forEach((w, uid) => sim.setWeights(uid, servers, w));
}

function expectClose(actual: number, expected: number, what: string): void {
  if (Math.abs(actual - expected) > 1e-3) throw new Error(`${what}: ${actual} not within 1e-3 of ${expected}`);
}

function checkEpoch(sim: SubnetSim, bonds: number[][], dividends: number[], epoch: number): void {
  sim.block++;
  const out = sim.epoch();
  // get_bonds_fixed_proportion: stored u16 / 65535 (I32F32 truncating division)
  bonds.forEach((row, v) =>
    row.forEach((t, k) => {
      const server = 3 + k;
      expectClose(Number((BigInt(sim.bond(v, server)) << 32n) / 65535n) / 2 ** 32, t, `epoch ${epoch} bond[${v}][${server}]`);
    }),
  );
  dividends.forEach((t, uid) => expectClose(Number((BigInt(out.dividends[uid]) << 32n) / 65535n) / 2 ** 32, t, `epoch ${epoch} dividend[${uid}]`));
}

const MAX = 65535;

describe.each(engines)('Yuma3 with liquid alpha (%s)', (_name, run) => {
  it('test_yuma_3_kappa_moves_first', () => {
    const sim = setup(run, [8, 1, 1, 0, 0]);
    const bonds = [
      [
        [0.1013, 0],
        [0.1013, 0],
        [0.1013, 0],
      ],
      [
        [0.0908, 0.1013],
        [0.3697, 0],
        [0.3697, 0],
      ],
      [
        [0.0815, 0.1924],
        [0.317, 0.1013],
        [0.558, 0],
      ],
      [
        [0.0731, 0.2742],
        [0.2765, 0.1924],
        [0.4306, 0.1013],
      ],
      [
        [0.0656, 0.3478],
        [0.2435, 0.2742],
        [0.3589, 0.1924],
      ],
      [
        [0.0588, 0.4139],
        [0.2157, 0.3478],
        [0.3089, 0.2742],
      ],
    ];
    const dividends = [
      [0.8, 0.1, 0.1, 0, 0],
      [1.0, 0, 0, 0, 0],
      [0.9382, 0.0618, 0, 0, 0],
      [0.8819, 0.0773, 0.0407, 0, 0],
      [0.8564, 0.0844, 0.0592, 0, 0],
      [0.8418, 0.0884, 0.0697, 0, 0],
    ];
    for (let e = 0; e < 6; e++) {
      if (e === 0)
        setWeights(
          sim,
          [
            [MAX, 0],
            [MAX, 0],
            [MAX, 0],
          ],
          [3, 4],
        );
      if (e === 1)
        setWeights(
          sim,
          [
            [0, MAX],
            [MAX, 0],
            [MAX, 0],
          ],
          [3, 4],
        );
      if (e === 2)
        setWeights(
          sim,
          [
            [0, MAX],
            [0, MAX],
            [MAX, 0],
          ],
          [3, 4],
        );
      if (e === 3)
        setWeights(
          sim,
          [
            [0, MAX],
            [0, MAX],
            [0, MAX],
          ],
          [3, 4],
        );
      checkEpoch(sim, bonds[e], dividends[e], e);
    }
  });

  it('test_yuma_3_kappa_moves_last', () => {
    const sim = setup(run, [8, 1, 1, 0, 0]);
    const bonds = [
      [
        [0.1013, 0],
        [0.1013, 0],
        [0.1013, 0],
      ],
      [
        [0.1924, 0],
        [0.0908, 0.2987],
        [0.1924, 0],
      ],
      [
        [0.2742, 0],
        [0.0815, 0.5081],
        [0.1715, 0.2987],
      ],
      [
        [0.2416, 0.1013],
        [0.0731, 0.558],
        [0.1531, 0.3697],
      ],
      [
        [0.2141, 0.1924],
        [0.0656, 0.6028],
        [0.1369, 0.4336],
      ],
      [
        [0.1903, 0.2742],
        [0.0588, 0.643],
        [0.1225, 0.491],
      ],
    ];
    const dividends = [
      [0.8, 0.1, 0.1, 0, 0],
      [0.8446, 0.0498, 0.1056, 0, 0],
      [0.8966, 0.0333, 0.0701, 0, 0],
      [0.4663, 0.321, 0.2127, 0, 0],
      [0.5976, 0.234, 0.1683, 0, 0],
      [0.6592, 0.1932, 0.1475, 0, 0],
    ];
    for (let e = 0; e < 6; e++) {
      if (e === 0)
        setWeights(
          sim,
          [
            [MAX, 0],
            [MAX, 0],
            [MAX, 0],
          ],
          [3, 4],
        );
      if (e === 1)
        setWeights(
          sim,
          [
            [MAX, 0],
            [0, MAX],
            [MAX, 0],
          ],
          [3, 4],
        );
      if (e === 2)
        setWeights(
          sim,
          [
            [MAX, 0],
            [0, MAX],
            [0, MAX],
          ],
          [3, 4],
        );
      if (e === 3)
        setWeights(
          sim,
          [
            [0, MAX],
            [0, MAX],
            [0, MAX],
          ],
          [3, 4],
        );
      checkEpoch(sim, bonds[e], dividends[e], e);
    }
  });

  it('test_yuma_3_one_epoch_switch', () => {
    const sim = setup(run, [33, 33, 34, 0, 0]);
    const bonds = [
      [
        [0.1013, 0],
        [0.1013, 0],
        [0.1013, 0],
      ],
      [
        [0.1924, 0],
        [0.1924, 0],
        [0.1924, 0],
      ],
      [
        [0.2742, 0],
        [0.2742, 0],
        [0.1715, 0.2987],
      ],
      [
        [0.3478, 0],
        [0.3478, 0],
        [0.2554, 0.2618],
      ],
      [
        [0.4139, 0],
        [0.4139, 0],
        [0.3309, 0.2312],
      ],
      [
        [0.4733, 0],
        [0.4733, 0],
        [0.3987, 0.2051],
      ],
    ];
    const dividends = [
      [0.33, 0.33, 0.34, 0, 0],
      [0.33, 0.33, 0.34, 0, 0],
      [0.3782, 0.3782, 0.2436, 0, 0],
      [0.3628, 0.3628, 0.2745, 0, 0],
      [0.3541, 0.3541, 0.2917, 0, 0],
      [0.3487, 0.3487, 0.3026, 0, 0],
    ];
    for (let e = 0; e < 6; e++) {
      if (e === 2)
        setWeights(
          sim,
          [
            [MAX, 0],
            [MAX, 0],
            [0, MAX],
          ],
          [3, 4],
        );
      else
        setWeights(
          sim,
          [
            [MAX, 0],
            [MAX, 0],
            [MAX, 0],
          ],
          [3, 4],
        );
      checkEpoch(sim, bonds[e], dividends[e], e);
    }
  });

  it('test_yuma_3_stable_miner', () => {
    const sim = setup(run, [8, 1, 1, 0, 0, 0]);
    const h = Math.floor(MAX / 2);
    const bonds = [
      [
        [0.0507, 0, 0.0507],
        [0.0507, 0, 0.0507],
        [0.0507, 0, 0.0507],
      ],
      [
        [0.0962, 0, 0.0962],
        [0.0455, 0.1, 0.0962],
        [0.0962, 0, 0.0962],
      ],
      [
        [0.0863, 0.0507, 0.1371],
        [0.0408, 0.1405, 0.1371],
        [0.177, 0, 0.1371],
      ],
      [
        [0.0774, 0.0962, 0.1739],
        [0.0367, 0.177, 0.1739],
        [0.1579, 0.0507, 0.1739],
      ],
      [
        [0.0694, 0.1371, 0.2069],
        [0.0329, 0.2097, 0.2069],
        [0.1411, 0.0962, 0.2069],
      ],
      [
        [0.0623, 0.1739, 0.2366],
        [0.0296, 0.2391, 0.2366],
        [0.1263, 0.1371, 0.2366],
      ],
    ];
    const dividends = [
      [0.8, 0.1, 0.1, 0, 0, 0],
      [0.8226, 0.0745, 0.1028, 0, 0, 0],
      [0.775, 0.1685, 0.0565, 0, 0, 0],
      [0.7864, 0.1372, 0.0764, 0, 0, 0],
      [0.7912, 0.1241, 0.0847, 0, 0, 0],
      [0.7937, 0.1173, 0.089, 0, 0, 0],
    ];
    const servers = [3, 4, 5];
    for (let e = 0; e < 6; e++) {
      if (e === 0)
        setWeights(
          sim,
          [
            [h, 0, h],
            [h, 0, h],
            [h, 0, h],
          ],
          servers,
        );
      if (e === 1)
        setWeights(
          sim,
          [
            [h, 0, h],
            [0, h, h],
            [h, 0, h],
          ],
          servers,
        );
      if (e === 2)
        setWeights(
          sim,
          [
            [0, h, h],
            [0, h, h],
            [h, 0, h],
          ],
          servers,
        );
      if (e === 3)
        setWeights(
          sim,
          [
            [0, h, h],
            [0, h, h],
            [0, h, h],
          ],
          servers,
        );
      checkEpoch(sim, bonds[e], dividends[e], e);
    }
  });

  it('test_yuma_3_liquid_alpha_disabled (dividends)', () => {
    const sim = setup(run, [33, 33, 34, 0, 0]);
    sim.params.liquid_alpha = false;
    const dividends = [
      [0.33, 0.33, 0.34, 0, 0],
      [0.33, 0.33, 0.34, 0, 0],
      [0.3734, 0.3734, 0.2532, 0, 0],
      [0.3611, 0.3611, 0.2779, 0, 0],
      [0.3541, 0.3541, 0.2919, 0, 0],
      [0.3495, 0.3495, 0.3009, 0, 0],
    ];
    for (let e = 0; e < 6; e++) {
      if (e === 2)
        setWeights(
          sim,
          [
            [MAX, 0],
            [MAX, 0],
            [0, MAX],
          ],
          [3, 4],
        );
      else
        setWeights(
          sim,
          [
            [MAX, 0],
            [MAX, 0],
            [MAX, 0],
          ],
          [3, 4],
        );
      checkEpoch(sim, [], dividends[e], e);
    }
    // Yuma3 stores plain proportions: after six epochs of alpha = 0.025 the bond is 1 - 0.975^6 of the weight
    expect(sim.bond(0, 3)).toBeGreaterThan(0);
  });
});
