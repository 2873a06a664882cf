import { describe, expect, it } from 'vitest';
import { emptyMetagraph } from '../../chain/metagraph.ts';
import type { SubnetSnapshot } from '../../dashboard/source.ts';
import { toWireSnapshot } from '../../dashboard/wire.ts';
import { diagnoseConsensus } from '../../validator/consensus-reach.ts';

/** Uid 0 the subnet owner (permit, the owner cut as stake, no weights), uid 1 a validator weighting miner uid 2. */
function ownerOutweighsValidator(): SubnetSnapshot {
  const metagraph = emptyMetagraph(1, 100, 3);
  metagraph.stake.set([1700, 1000, 0]);
  metagraph.validatorPermit.splice(0, 3, true, true, false);
  return {
    metagraph,
    weights: [[], [[2, 1]], []],
    status: {
      url: 'ws://x',
      chain: 'c',
      block: 100,
      blockHash: '0x64',
      seenAt: 0,
      tempo: 10,
      blocksUntilEpoch: 3,
      connected: true,
      kappa: 32767 / 65535,
      trustComputed: false,
    },
  };
}

describe('toWireSnapshot', () => {
  it('carries the consensus diagnosis that `subnet metagraph` prints, from the same function', () => {
    const snap = ownerOutweighsValidator();
    const wire = toWireSnapshot(snap);
    expect(wire.consensus).toEqual(
      diagnoseConsensus({ stake: snap.metagraph.stake, validatorPermit: snap.metagraph.validatorPermit, weights: snap.weights, kappa: snap.status.kappa }),
    );
    expect(wire.consensus.problems).toEqual([
      "uid 1's weights alone cannot form consensus: uid 1 holds 37 % of permitted stake, κ is 50 %, so Yuma clips every weight to 0 and miners earn nothing; permitted but setting no weights: uid 0 (63 %)",
    ]);
    // the JSON the page receives keeps it
    expect(JSON.parse(JSON.stringify(wire)).consensus.validators[0]).toMatchObject({ uid: 1, formsConsensus: false });
  });

  it('reports no problem once the owner weights the same miner', () => {
    const snap = ownerOutweighsValidator();
    snap.weights[0] = [[2, 1]];
    expect(toWireSnapshot(snap).consensus.problems).toEqual([]);
  });
});
