import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';
import { connectApi, type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';
import { mustSubmit, submit } from '../subtensor/chain-client.ts';

/**
 * `subnets list` / `subnets show` speak prices: each subnet's price in τ per
 * alpha, its pool and its name. Subnet 1 starts with the 1000 TAO / 1000
 * alpha pool of the minimum lock; Bob's 100 TAO stake then puts 99_949_645_228
 * RAO into it (fee 100e9 × 33/65535) and takes 90_867_473_489 alpha out
 * (test/swap/move-stake.int.test.ts).
 */
const TAO = 1_000_000_000n;
const root = mkdtempSync(join(tmpdir(), 'subnet-prices-'));
const walletDir = join(root, 'wallets');
let devnet: InProcessDevnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;

const cli = (args: string[]) => runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 90_000 });
async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
  devnet = await startInProcessDevnet({
    mode: 'instant',
    genesis: {
      balances: [
        [alice.address, '1000000000000000000'],
        [bob.address, '1000000000000000000'],
      ],
      subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } },
    },
  });
  api = await connectApi(devnet.url);
  await ok(['wallet', 'import', '--uri', '//Alice', '--wallet', 'alice', '--no-use-password']);
}, 120_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('subnet names and prices', () => {
  it('subnets create --name registers with an identity that subnets list shows', async () => {
    const created = JSON.parse(await ok(['subnets', 'create', '--name', 'text prompts', '--wallet', 'alice', '--yes', '--json']));
    expect(created).toMatchObject({ netuid: 2, name: 'text prompts' });
    const identity = (await api.query.subtensorModule.subnetIdentitiesV3(2)).toHuman() as Record<string, string>;
    expect(identity).toMatchObject({ subnetName: 'text prompts', githubRepo: '', description: '' });
    const list = JSON.parse(await ok(['subnets', 'list', '--json']));
    // the root subnet (netuid 0) exists from genesis and is listed first
    expect(list.map((s: { netuid: number; name: string }) => [s.netuid, s.name])).toEqual([
      [0, ''],
      [1, ''],
      [2, 'text prompts'],
    ]);
  }, 120_000);

  it('set_subnet_identity is the owner’s: it renames the subnet, anyone else is refused', async () => {
    const tx = (name: string) => api.tx.subtensorModule.setSubnetIdentity(1, name, '', '', '', '', '', '', '');
    expect((await submit(api, tx('stolen'), bob)).error).toBe('subtensorModule.NotSubnetOwner');
    expect((await submit(api, tx('x'.repeat(257)), alice)).error).toBe('subtensorModule.InvalidIdentity');
    const out = await mustSubmit(api, tx('embeddings'), alice);
    expect(out.events.filter((e) => e.event.method === 'SubnetIdentitySet').map((e) => e.event.data.toJSON())).toEqual([[1]]);
  });

  it('subnets list and show: the price, the pool and alpha outstanding, as the chain holds them', async () => {
    await mustSubmit(api, api.tx.subtensorModule.addStake(alice.address, 1, 100n * TAO), bob);
    const price = BigInt((await api.call.swapRuntimeApi.currentAlphaPrice(1)).toString());
    // besides Bob's alpha, every block from subnet 1's first emission block (1) on mints its alpha
    // emission into alpha outstanding (pending until its epoch): 1 α a block, far below the first halving
    const block = BigInt((await api.rpc.chain.getHeader()).number.toString());
    const alphaOut = 90_867_473_489n + block * TAO;
    const alphaOutText = `${alphaOut / TAO}.${String(alphaOut % TAO).padStart(9, '0')}`;
    const list = JSON.parse(await ok(['subnets', 'list', '--json']));
    const one = list.find((s: { netuid: number }) => s.netuid === 1);
    expect(one).toMatchObject({
      name: 'embeddings',
      symbol: 'α1',
      priceRao: String(price),
      taoInRao: String(1000n * TAO + 99_949_645_228n),
      alphaInRao: String(1000n * TAO - 90_867_473_489n),
      alphaOutRao: String(alphaOut),
    });
    // the fresh subnet 2 is still at price 1
    expect(list.find((s: { netuid: number }) => s.netuid === 2)).toMatchObject({ price: '1.000000000', taoIn: '1000.000000000', alphaOut: '0.000000000' });
    // where the runtime records each subnet's TAO emission, the shares add up to the whole; the TAO
    // goes by TAO-flow shares, so in a block where no subnet has a positive flow yet (Bob's stake
    // enters the flow average at the next block) no subnet gets TAO and every share is 0
    const shares = list.map((s: { emissionShare: number | null }) => s.emissionShare);
    if (shares.every((s: number | null) => s !== null)) {
      const emitted = (await api.query.subtensorModule.subnetTaoInEmission.entries()).reduce((a, [, v]) => a + BigInt(v.toString()), 0n);
      if (emitted > 0n) expect(shares.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 6);
      else expect(shares.every((s: number) => s === 0)).toBe(true);
    } else expect(shares.every((s: number | null) => s === null)).toBe(true);

    const text = await ok(['subnets', 'list']);
    expect(text).toContain('embeddings');
    expect(text).toContain(`τ${one.price}/α1`);
    const shown = await ok(['subnets', 'show', '--netuid', '1']);
    expect(shown).toContain(`subnet 1 'embeddings' at block`);
    expect(shown).toContain(`price τ${one.price} per α1; pool τ${one.taoIn} and ${one.alphaIn} α1, ${alphaOutText} α1 outstanding`);
    expect(JSON.parse(await ok(['subnets', 'show', '--netuid', '1', '--json']))).toMatchObject({ name: 'embeddings', priceRao: String(price) });
  }, 120_000);
});
