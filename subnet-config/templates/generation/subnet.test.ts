import { describe, expect, it } from 'vitest';
import { runSimulation, summarise } from 'subnetkit/simulate';
import { loadSubnet } from 'subnetkit/subnet-config';

const dir = new URL('.', import.meta.url).pathname;

describe('{{NAME}}', () => {
  it('pays the reference miner and not a random answer', async () => {
    const subnet = await loadSubnet(dir);
    const challenge = await subnet.generateChallenge({ blockHash: '0x01', validatorSecret: 'test', step: 0, uid: 1 });
    const body = await subnet.minerHandler!.respond(challenge.request, { synapse: challenge.synapse, runtime: subnet.runtime, hotkey: 'miner-a', options: {} });
    expect(subnet.checkResponse(challenge.synapse, body)).toBeUndefined();
    const { scores } = await subnet.pipeline.score([
      { challenge, response: { uid: 1, status: 'ok', body, latencyMs: 50 } },
      { challenge, response: { uid: 2, status: 'ok', body: { text: 'zzz qqq xxx', embeddings: [[0]] }, latencyMs: 50 } },
      { challenge, response: { uid: 3, status: 'timeout', latencyMs: 5000 } },
    ]);
    expect(scores[0]).toBeGreaterThan(0.5);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBe(0);
  });

  it('simulation: honest miners earn the most', async () => {
    const subnet = await loadSubnet(dir);
    const report = summarise(await runSimulation(subnet, subnet.definition.config.simulation));
    const each = (b: string) => report.behaviours.find((x) => x.role === 'miner' && x.behaviour === b)!.emissionPerEpochEach;
    for (const b of ['random', 'copier', 'lazy', 'offline']) expect(each(b)).toBeLessThan(each('honest'));
  });
});
