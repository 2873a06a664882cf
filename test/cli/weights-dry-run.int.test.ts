import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitHash } from '../../chain/commit-reveal.ts';
import { runSubnet } from '../helpers/cli-process.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * `subnet weights commit --dry-run --json` against a devnet child process: it prints
 * what would be committed for the mode the chain is in, and sends nothing. The devnet's
 * genesis sets `CommitRevealWeightsVersion` 2, so the paths checked here are v2 and
 * commit-reveal off; the timelocked (v4) dry run is in weights-timelocked.int.test.ts.
 */
const root = mkdtempSync(join(tmpdir(), 'subnet-wdry-'));
const walletDir = join(root, 'wallets');
let devnet: DevnetHandle;
let hotkey: string;

async function subnet(args: string[]): Promise<any> {
  const r = await runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout);
}

async function head(): Promise<number> {
  return parseInt((await devnet.rpc<{ number: string }>('chain_getHeader')).number, 16);
}

const DRY = [
  'weights',
  'commit',
  '--netuid',
  '1',
  '--uids',
  '0,1',
  '--weights',
  '65535,1000',
  '--raw',
  '--version-key',
  '5',
  '--wallet',
  'owner',
  '--dry-run',
  '--json',
];

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant', genesis: { subtensorModule: { commitRevealWeightsVersion: 2, subnet: { tempo: 10, startCall: true } } } });
  hotkey = (await subnet(['wallet', 'import', '--uri', '//Alice', '--wallet', 'owner', '--no-use-password', '--json'])).hotkey;
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('subnet weights commit --dry-run', () => {
  it('with commit-reveal v2 on: the commit_weights call, its hash and the payload with the salt; nothing sent', async () => {
    await subnet(['sudo', 'set', '--netuid', '1', '--param', 'commit_reveal_weights_enabled', '--value', 'true', '--sudo', '--wallet', 'owner', '--json']);
    const before = await head();
    const d = await subnet(DRY);
    expect(d).toMatchObject({ mode: 'v2', call: 'commit_weights', netuid: 1, payload: { hotkey, uids: [0, 1], values: [65535, 1000], versionKey: '5' } });
    expect(d.payload.salt).toHaveLength(8);
    const expected = u8aToHex(commitHash(decodeAddress(hotkey), { netuid: 1, uids: [0, 1], values: [65535, 1000], salt: d.payload.salt, versionKey: 5n }));
    expect(d.hash).toBe(expected);
    expect(await head()).toBe(before);
    expect(existsSync(join(walletDir, 'owner', 'pending-commits.json'))).toBe(false);
  }, 120_000);

  it('with commit-reveal off: says it would send set_weights with the payload', async () => {
    await subnet(['sudo', 'set', '--netuid', '1', '--param', 'commit_reveal_weights_enabled', '--value', 'false', '--sudo', '--wallet', 'owner', '--json']);
    const before = await head();
    const d = await subnet(DRY);
    expect(d).toEqual({
      mode: 'disabled',
      call: 'set_weights',
      netuid: 1,
      mechid: 0,
      payload: { hotkey, uids: [0, 1], values: [65535, 1000], versionKey: '5' },
    });
    // another mechanism is set with set_mechanism_weights (the devnet checks the mechanism exists only when it is sent)
    const m = await subnet([...DRY, '--mechid', '1']);
    expect(m).toMatchObject({ mode: 'disabled', call: 'set_mechanism_weights', netuid: 1, mechid: 1 });
    expect(await head()).toBe(before);
  }, 120_000);
});
