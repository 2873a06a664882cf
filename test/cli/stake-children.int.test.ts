import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';
import { type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';

/**
 * `subnet stake children set|get` and `subnet stake childkey-take set` against
 * a devnet: the children are scheduled, shown as pending, and listed once the
 * subnet's epoch after the cooldown has applied them; bad input is refused
 * before anything is sent, a take above the chain's maximum by the chain.
 */
const root = mkdtempSync(join(tmpdir(), 'subnet-stake-children-'));
const walletDir = join(root, 'wallets');
const TEMPO = 10;
let devnet: InProcessDevnet;
let alice: string;
let bob: string;

const cli = (args: string[]) => runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 90_000 });
async function json(args: string[]): Promise<Record<string, any>> {
  const r = await cli([...args, '--netuid', '1', '--hotkey-ss58', alice, '--wallet', 'alice', '--yes', '--json']);
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice').address;
  bob = keyring.addFromUri('//Bob').address;
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      balances: [[alice, '1000000000000000']],
      subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: TEMPO } },
    },
  });
  const r = await cli(['wallet', 'import', '--uri', '//Alice', '--wallet', 'alice', '--no-use-password']);
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('stake children', () => {
  it('refuses a bad child spec in one line, before asking the chain', async () => {
    const bad = await cli(['stake', 'children', 'set', '--netuid', '1', '--child', `${bob}:1.5`, '--hotkey-ss58', alice, '--wallet', 'alice', '--yes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`the proportion of child ${bob} '1.5' is more than 1`);
    const self = await cli(['stake', 'children', 'set', '--netuid', '1', '--child', `${alice}:0.5`, '--hotkey-ss58', alice, '--wallet', 'alice', '--yes']);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('is the parent hotkey itself');
  }, 120_000);

  it('set schedules the children, get shows them pending, then applied after the cooldown at the epoch', async () => {
    const set = await json(['stake', 'children', 'set', '--child', `${bob}:0.5`]);
    // PendingChildKeyCooldown is 15 blocks by default
    expect(set.cooldownBlock).toBe(set.blockNumber + 15);
    expect(set.children).toEqual([{ hotkey: bob, proportion: '9223372036854775807', percent: '50.00 %' }]);

    const pending = await json(['stake', 'children', 'get']);
    expect(pending.children).toEqual([]);
    expect(pending.pending).toEqual({ cooldownBlock: set.cooldownBlock, children: [{ hotkey: bob, proportion: '9223372036854775807', percent: '50.00 %' }] });

    // past the cooldown and one more tempo: an epoch of subnet 1 has run after the cooldown block
    await devnet.newBlock(15 + TEMPO + 1);
    const applied = await json(['stake', 'children', 'get']);
    expect(applied.children).toEqual([{ hotkey: bob, proportion: '9223372036854775807', percent: '50.00 %' }]);
    expect(applied.pending).toBeNull();
    // stake list shows the relation next to the stake on the parent hotkey
    const staked = await cli(['stake', 'add', '--netuid', '1', '--amount', '10', '--unsafe', '--hotkey-ss58', alice, '--wallet', 'alice', '--yes']);
    expect(staked.code, staked.stderr).toBe(0);
    const list = await cli(['stake', 'list', '--netuid', '1', '--wallet', 'alice', '--json']);
    const [entry] = JSON.parse(list.stdout).stakes;
    expect(entry).toMatchObject({ hotkey: alice, children: [{ hotkey: bob, percent: '50.00 %' }], parents: [] });
    const text = await cli(['stake', 'children', 'get', '--netuid', '1', '--hotkey-ss58', alice, '--wallet', 'alice']);
    expect(text.stdout).toContain('child');
    expect(text.stdout).toContain(bob);
  }, 120_000);
});

describe('stake childkey-take set', () => {
  it("sets a take under the chain's maximum and is refused above it by the runtime", async () => {
    const set = await json(['stake', 'childkey-take', 'set', '--take', '0.1']);
    expect(set).toMatchObject({ take: 6553, takePercent: '10.00 %' });
    expect((await json(['stake', 'children', 'get'])).take).toBe(6553);
    const high = await cli(['stake', 'childkey-take', 'set', '--netuid', '1', '--take', '0.5', '--hotkey-ss58', alice, '--wallet', 'alice', '--yes']);
    expect(high.code).toBe(1);
    expect(high.stderr).toContain('InvalidChildkeyTake');
  }, 120_000);
});
