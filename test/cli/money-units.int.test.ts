import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * Money through the real `subnet` binary: TAO is τ, a subnet's stake is its
 * alpha (the devnet stores no TokenSymbol, so subnet 1's alpha is `α1`), and
 * each amount option takes the unit its extrinsic takes.
 */
const root = mkdtempSync(join(tmpdir(), 'subnet-money-'));
const walletDir = join(root, 'wallets');
let devnet: DevnetHandle;

const cli = (args: string[]) => runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 90_000 });
async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant', genesis: { subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice' } } } });
  await ok(['wallet', 'import', '--uri', '//Alice', '--wallet', 'alice', '--no-use-password']);
  await ok(['register', '--netuid', '1', '--wallet', 'alice', '--yes']);
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('TAO and alpha in the CLI', () => {
  it('stake add takes TAO and shows the stake in alpha; stake remove takes alpha', async () => {
    // 10 TAO move a 1000 TAO pool's price by about 2 %: past the default 0.5 % tolerance
    const added = await ok(['stake', 'add', '--netuid', '1', '--amount', '10', '--tolerance', '0.05', '--wallet', 'alice', '--yes']);
    const [received, changed] = added.trim().split('\n');
    expect(received).toMatch(/^Received \d+\.\d{9} α1 \(quoted \d+\.\d{9} α1\)$/);
    expect(changed).toMatch(/^Stake of \S+ on \S+ \(subnet 1\): \d+\.\d{9} α1 → \d+\.\d{9} α1; coldkey balance τ\d+\.\d{9} → τ\d+\.\d{9} \(block \d+\)$/);

    const before = JSON.parse(await ok(['stake', 'list', '--wallet', 'alice', '--netuid', '1', '--json']));
    expect(before.stakes[0]).toMatchObject({ netuid: 1, symbol: 'α1' });
    const removed = JSON.parse(await ok(['stake', 'remove', '--netuid', '1', '--amount', '1', '--wallet', 'alice', '--yes', '--json']));
    expect(removed).toMatchObject({ amount: '1.000000000', amountUnit: 'alpha', symbol: 'α1' });
    // remove_stake takes alpha: exactly one alpha leaves the stake, whatever TAO it pays
    expect(BigInt(removed.afterRao) + 1_000_000_000n).toBe(BigInt(before.stakes[0].stakeRao));
    // and the coldkey is paid in TAO
    expect(Number(removed.balanceAfter)).toBeGreaterThan(Number(removed.balanceBefore));

    const list = await ok(['stake', 'list', '--wallet', 'alice', '--netuid', '1']);
    const listed = JSON.parse(await ok(['stake', 'list', '--wallet', 'alice', '--netuid', '1', '--json'])).stakes[0];
    expect(list).toContain('stake (alpha)');
    // the stake is alpha; only its value at the current price is TAO
    expect(list).toContain(`${listed.stake} α1`);
    expect(list).not.toContain(`τ${listed.stake}`);
    expect(list).toContain('value (TAO)');
    expect(list).toContain(`τ${listed.value}`);
  }, 180_000);

  it('the help and the confirmation name the unit of --amount', async () => {
    const add = await cli(['stake', 'add', '--help']);
    expect(add.stdout).toMatch(/--amount <tao>\s+amount in TAO/);
    const remove = await cli(['stake', 'remove', '--help']);
    expect(remove.stdout).toMatch(/--amount <alpha>\s+amount in the subnet's alpha/);
    const asked = await cli(['stake', 'remove', '--netuid', '1', '--amount', '2', '--wallet', 'alice']);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('Unstake 2.000000000 α1 (alpha of subnet 1) from hotkey');
    expect(asked.stderr).toContain('[CONFIRMATION_REQUIRED]');
  }, 60_000);

  it("the metagraph labels stake and emission with the subnet's alpha", async () => {
    const text = await ok(['metagraph', '--netuid', '1']);
    expect(text).toContain('stake α1');
    expect(text).toContain('emission α1');
    expect(text).not.toContain('stake τ');
    const mg = JSON.parse(await ok(['metagraph', '--netuid', '1', '--json']));
    expect(mg.alphaSymbol).toBe('α1');
    // each stake's value is TAO at the pool's current price, the price `stake list` values it at
    expect(text).toContain('value τ');
    expect(text).toContain(`price τ${mg.alphaPrice} per α1`);
    const listed = JSON.parse(await ok(['stake', 'list', '--wallet', 'alice', '--netuid', '1', '--json'])).stakes[0];
    expect(mg.alphaPrice).toBe(listed.price);
    const uid = mg.hotkeys.indexOf(listed.hotkey);
    expect(uid).toBeGreaterThanOrEqual(0);
    expect(mg.stakeValue[uid]).toMatch(/^\d+\.\d{9}$/);
    // the metagraph carries stake as a float of alpha: its value agrees with the exact one to a few RAO
    const gap = BigInt(mg.stakeValueRao[uid]) - BigInt(listed.valueRao);
    expect(gap < 0n ? -gap : gap).toBeLessThanOrEqual(1000n);
    expect(BigInt(listed.valueRao)).toBeGreaterThan(0n);
  }, 60_000);

  it('register shows the current burn in τ before asking', async () => {
    const created = JSON.parse(await ok(['wallet', 'create', '--wallet', 'newcomer', '--no-use-password', '--json']));
    await ok(['wallet', 'transfer', '--wallet', 'alice', '--dest', created.coldkey, '--amount', '100', '--yes']);
    const burn = JSON.parse(await ok(['subnets', 'show', '--netuid', '1', '--json'])).burn as string;
    const r = await cli(['register', '--netuid', '1', '--wallet', 'newcomer']);
    expect(r.code).toBe(1);
    const shown = r.stderr.indexOf(`Burn cost on subnet 1: τ${burn}`);
    const asked = r.stderr.indexOf(`for τ${burn}?`);
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(asked).toBeGreaterThan(shown);
    expect(r.stderr).toContain('[CONFIRMATION_REQUIRED]');
  }, 120_000);

  it('subnets create shows the lock cost in τ and the balance, and asks before locking', async () => {
    const balance = JSON.parse(await ok(['wallet', 'balance', '--wallet', 'alice', '--json'])).balances[0].balance as string;
    const r = await cli(['subnets', 'create', '--wallet', 'alice']);
    expect(r.code).toBe(1);
    // nothing was registered before: the chain charges exactly the minimum lock
    const shown = r.stderr.indexOf(`Lock cost of a new subnet: τ1000.000000000 (balance τ${balance})`);
    const asked = r.stderr.indexOf('Lock τ1000.000000000 to create a subnet owned by wallet');
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(asked).toBeGreaterThan(shown);
    expect(r.stderr).toContain('[CONFIRMATION_REQUIRED]');
    expect(r.stderr).toContain('pass --yes');

    const created = JSON.parse(await ok(['subnets', 'create', '--wallet', 'alice', '--yes', '--json']));
    expect(created).toMatchObject({ netuid: 2, lock: '1000.000000000' });
    expect(BigInt(created.lockRao)).toBe(1_000_000_000_000n);
  }, 120_000);

  it('subnets create refuses a coldkey below the lock cost before asking', async () => {
    const r = await cli(['subnets', 'create', '--wallet', 'newcomer', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[INSUFFICIENT_BALANCE]');
    expect(r.stderr).toMatch(/below the subnet lock cost τ\d+\.\d{9}; fund it first/);
  }, 60_000);
});
