import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { PendingCommitStore } from '../../chain/pending-commits.ts';
import { ChainMetagraphSource } from '../../dashboard/chain-source.ts';
import { toWireSnapshot } from '../../dashboard/wire.ts';
import { encodeWeightsTlockPayload, roundTime, timelockDecrypt } from '../../core/timelock/index.ts';
import { runSubnet } from '../helpers/cli-process.ts';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * `subnet weights commit` and `subnet weights status` against a devnet child process in
 * commit-reveal v4 mode: the devnet's Drand pallet publishes its local beacon's pulses and the
 * chain reveals timelocked commits itself. The devnet's clock is moved with `dev_timeTravel`
 * so the drand rounds pass without waiting for them.
 */
const NETUID = 1;
const TEMPO = 10;
const root = mkdtempSync(join(tmpdir(), 'subnet-wtl-'));
const walletDir = join(root, 'wallets');
let devnet: DevnetHandle;
let api: ApiPromise;
let hotkey: string;
let beacon: { genesisTime: number; period: number };

async function subnet(args: string[], expectCode = 0): Promise<any> {
  const r = await runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 60_000 });
  if (r.code !== expectCode) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout);
}

async function head(): Promise<number> {
  return parseInt((await devnet.rpc<{ number: string }>('chain_getHeader')).number, 16);
}

async function newBlocks(count: number): Promise<void> {
  if (count > 0) await devnet.rpc('dev_newBlock', [{ count }]);
}

/** Moves the devnet clock past `round`'s publication, then produces blocks up to `block` (at least one). */
async function passRoundAndReach(round: number, block: number): Promise<void> {
  await devnet.rpc('dev_timeTravel', [(roundTime(round, beacon) + 1) * 1000]);
  await newBlocks(Math.max(1, block - (await head())));
}

async function pulseSignature(round: number): Promise<Uint8Array> {
  const v = (await api.query.drand.pulses(round)) as unknown as { isSome: boolean; unwrap(): { signature: { toU8a(bare: boolean): Uint8Array } } };
  expect(v.isSome, `pulse of round ${round} stored`).toBe(true);
  return v.unwrap().signature.toU8a(true);
}

async function weightsRow(uid: number): Promise<[number, number][]> {
  return ((await api.query.subtensorModule.weights(NETUID, uid)) as unknown as { toJSON(): unknown }).toJSON() as [number, number][];
}

const COMMIT = [
  'weights',
  'commit',
  '--netuid',
  String(NETUID),
  '--uids',
  '0',
  '--weights',
  '65535',
  '--raw',
  '--version-key',
  '0',
  '--wallet',
  'owner',
  '--json',
];

beforeAll(async () => {
  await cryptoWaitReady();
  devnet = await startDevnet({
    mode: 'instant',
    genesis: {
      subtensorModule: {
        commitRevealWeightsVersion: 4,
        subnet: { tempo: TEMPO, commitRevealWeightsEnabled: true, weightsSetRateLimit: 0, minAllowedWeights: 1 },
      },
    },
  });
  api = await connectApi(devnet.url);
  const c = (await api.query.drand.beaconConfig()) as unknown as { genesisTime: { toString(): string }; period: { toString(): string } };
  beacon = { genesisTime: Number(c.genesisTime.toString()), period: Number(c.period.toString()) };
  hotkey = (await subnet(['wallet', 'import', '--uri', '//Alice', '--hotkey-uri', '//Alice', '--wallet', 'owner', '--no-use-password', '--json'])).hotkey;
}, 90_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('subnet weights in commit-reveal v4 mode', () => {
  it('commit --dry-run prints the timelocked commit, which the stored pulse of its round opens to the payload', async () => {
    const before = await head();
    const d = await subnet([...COMMIT.slice(0, -1), '--dry-run', '--json']);
    expect(d).toMatchObject({
      mode: 'timelocked',
      call: 'commit_timelocked_weights',
      netuid: NETUID,
      commitRevealVersion: 4,
      beacon: 'chain',
      payload: { hotkey, uids: [0], values: [65535], versionKey: '0' },
    });
    expect(await head()).toBe(before);
    expect(d.revealRound).toBeGreaterThan(Number((await api.query.drand.lastStoredRound()).toString()));
    await passRoundAndReach(d.revealRound, (await head()) + 1);
    const plaintext = timelockDecrypt(hexToU8a(d.commit), await pulseSignature(d.revealRound));
    expect(u8aToHex(plaintext)).toBe(u8aToHex(encodeWeightsTlockPayload({ hotkey: decodeAddress(hotkey), uids: [0], values: [65535], versionKey: 0n })));
  }, 120_000);

  it('a real commit is revealed by the chain in its reveal epoch, and weights status says so', async () => {
    const c = await subnet(COMMIT);
    expect(c).toMatchObject({ mode: 'timelocked' });
    const status = await subnet(['weights', 'status', '--netuid', String(NETUID), '--wallet', 'owner', '--json']);
    expect(status.outcomes.map((o: { status: string }) => o.status)).toEqual(['pending']);
    const { revealRound, firstRevealBlock } = status.outcomes[0];
    await passRoundAndReach(revealRound, firstRevealBlock + 1);
    expect(await weightsRow(0)).toEqual([[0, 65535]]);
    const after = await subnet(['weights', 'status', '--netuid', String(NETUID), '--wallet', 'owner', '--json']);
    expect(after.outcomes).toMatchObject([{ status: 'revealed', revealRound }]);
  }, 180_000);

  it('a corrupted commit is dropped by the chain, and weights status reports it dropped with the reason', async () => {
    // the plan a client would send, with its ciphertext damaged before sending
    const d = await subnet([...COMMIT.slice(0, -1), '--dry-run', '--json']);
    const bytes = hexToU8a(d.commit);
    for (let i = bytes.length - 8; i < bytes.length; i++) bytes[i] ^= 0xff;
    const commit = u8aToHex(bytes);
    // the wallet's hotkey is //Alice (the genesis subnet's owner hotkey, uid 0)
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    expect(alice.address).toBe(hotkey);
    const rowBefore = await weightsRow(0);
    await new Promise<void>((resolve, reject) => {
      void api.tx.subtensorModule
        .commitTimelockedWeights(NETUID, commit, d.revealRound, 4)
        .signAndSend(alice, (r) => {
          if (r.dispatchError) reject(new Error(r.dispatchError.toString()));
          else if (r.status.isInBlock) resolve();
        })
        .catch(reject);
    });
    const commitBlock = await head();
    const store = new PendingCommitStore(join(walletDir, 'owner', 'pending-commits.json'));
    store.add({
      kind: 'timelocked',
      netuid: NETUID,
      mechid: 0,
      hotkey,
      hash: blake2AsHex(bytes, 256),
      commit,
      revealRound: d.revealRound,
      commitBlock,
      included: true,
      commitEpoch: d.commitEpoch,
      revealEpoch: d.revealEpoch,
      firstRevealBlock: d.firstRevealBlock,
      uids: [0],
      values: [65535],
      versionKey: 0n,
    });
    await passRoundAndReach(d.revealRound, d.firstRevealBlock + 1);
    expect(await weightsRow(0)).toEqual(rowBefore);
    const events = ((await api.query.system.events()) as unknown as { event: { method: string } }[]).map((e) => e.event.method);
    expect(events).not.toContain('TimelockedWeightsRevealed');
    const status = await subnet(['weights', 'status', '--netuid', String(NETUID), '--wallet', 'owner', '--json'], 1);
    expect(status.outcomes).toMatchObject([{ hash: blake2AsHex(bytes, 256), status: 'dropped', reason: 'undecryptable' }]);
  }, 180_000);

  it("subnet metagraph lists pending commits per validator, and the dashboard's source follows one from pending to revealed", async () => {
    const client = await SubtensorClient.connect(devnet.url);
    const source = new ChainMetagraphSource(client, NETUID);
    try {
      await source.read();
      const c = await subnet(COMMIT);
      const mg = await subnet(['metagraph', '--netuid', String(NETUID), '--json']);
      // (whether its round arrived depends on how far earlier tests moved the devnet's clock)
      expect(mg.timelockedCommits).toMatchObject([{ uid: 0, hotkey, revealRound: c.revealRound, roundArrived: expect.any(Boolean) }]);
      const text = await runSubnet(['--chain', devnet.url, 'metagraph', '--netuid', String(NETUID)]);
      expect(text.stdout).toContain(`timelocked commits pending (1):`);
      expect(text.stdout).toMatch(
        new RegExp(`uid 0 +committed at block \\d+ \\(epoch \\d+\\) +drand round ${c.revealRound}: (waiting for the round|round arrived)`),
      );

      const pending = toWireSnapshot(await source.read());
      expect(pending.timelocked).toMatchObject([{ uid: 0, hotkey, revealRound: c.revealRound, status: 'pending', roundArrived: expect.any(Boolean) }]);
      const status = await subnet(['weights', 'status', '--netuid', String(NETUID), '--wallet', 'owner', '--json']);
      const mine = status.outcomes.find((o: { revealRound: number }) => o.revealRound === c.revealRound);
      await passRoundAndReach(c.revealRound, mine.firstRevealBlock + 1);
      const after = toWireSnapshot(await source.read());
      expect(after.timelocked).toMatchObject([{ uid: 0, hotkey, revealRound: c.revealRound, status: 'revealed' }]);
      const emptied = await subnet(['metagraph', '--netuid', String(NETUID), '--json']);
      expect(emptied.timelockedCommits).toEqual([]);
    } finally {
      await source.close();
      await client.close();
    }
  }, 180_000);
});
