import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * A participant's whole flow, end to end through the `subnet` CLI against a
 * devnet child process, starting from an empty wallet directory.
 */
const root = mkdtempSync(join(tmpdir(), 'subnet-accept-'));
const walletDir = join(root, 'wallets');
let devnet: DevnetHandle;
let url: string;

async function subnet(args: string[], expectCode = 0): Promise<{ json: any; stdout: string; stderr: string }> {
  const r = await runSubnet(['--chain', url, '--wallet-dir', walletDir, ...args], { timeoutMs: 120_000 });
  if (r.code !== expectCode) {
    const node =
      devnet.cli.proc.exitCode !== null || devnet.cli.proc.signalCode !== null
        ? `\ndevnet exited (${devnet.cli.proc.exitCode ?? devnet.cli.proc.signalCode}):\n${devnet.cli.stderr().slice(-3000)}`
        : '';
    throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}${node}`);
  }
  let json: any;
  try {
    json = args.includes('--json') && r.code === 0 ? JSON.parse(r.stdout) : undefined;
  } catch {
    throw new Error(`subnet ${args.join(' ')}: stdout is not JSON:\n${r.stdout}`);
  }
  return { json, stdout: r.stdout, stderr: r.stderr };
}

async function newBlocks(count: number): Promise<void> {
  if (count > 0) await devnet.newBlock(count);
}

async function head(): Promise<number> {
  return parseInt((await devnet.rpc<{ number: string }>('chain_getHeader')).number, 16);
}

beforeAll(async () => {
  // commit-reveal v2 (CommitRevealWeightsVersion 2): its end-to-end flow through the CLI is checked
  // below; v4, the runtime default, is in weights-timelocked.int.test.ts and test/validator
  devnet = await startDevnet({ mode: 'instant', genesis: { subtensorModule: { commitRevealWeightsVersion: 2 } } });
  url = devnet.url;
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

const addr: Record<string, { coldkey: string; hotkey: string }> = {};
const uid: Record<string, number> = {};
let netuid: number;

describe('acceptance: owner, validator and two miners through the CLI', () => {
  it('1-3: imports //Alice as owner, creates three wallets, funds them', async () => {
    const owner = await subnet(['wallet', 'import', '--uri', '//Alice', '--wallet', 'owner', '--no-use-password', '--json']);
    addr.owner = owner.json;
    for (const name of ['validator', 'miner1', 'miner2']) {
      addr[name] = (await subnet(['wallet', 'create', '--wallet', name, '--no-use-password', '--json'])).json;
    }
    for (const name of ['validator', 'miner1', 'miner2']) {
      const t = await subnet(['wallet', 'transfer', '--wallet', 'owner', '--dest', addr[name].coldkey, '--amount', '1000.5', '--yes', '--json']);
      expect(t.json.amount).toBe('1000.500000000');
    }
    // hotkeys sign weights and axons: like any substrate account they must exist (hold a balance) to sign
    for (const name of ['validator', 'miner1', 'miner2']) {
      await subnet(['wallet', 'transfer', '--wallet', 'owner', '--dest', addr[name].hotkey, '--amount', '1', '--yes', '--json']);
    }
    const balances = await subnet(['wallet', 'balance', '--all', '--json']);
    const byWallet = Object.fromEntries(balances.json.balances.map((b: { wallet: string; balance: string }) => [b.wallet, b.balance]));
    expect(byWallet.validator).toBe('1000.500000000');
    expect(byWallet.miner2).toBe('1000.500000000');
  }, 400_000);

  it('4: creates and starts a subnet', async () => {
    const created = await subnet(['subnets', 'create', '--wallet', 'owner', '--yes', '--json']);
    netuid = created.json.netuid;
    expect(netuid).toBeGreaterThan(0);
    // start_call is accepted DurationOfStartCall (10 on the fast runtime) blocks after registration
    const early = await subnet(['subnets', 'start', '--netuid', String(netuid), '--wallet', 'owner'], 1);
    expect(early.stderr).toMatch(/NeedWaitingMoreBlocksToStarCall/);
    await newBlocks(10);
    await subnet(['subnets', 'start', '--netuid', String(netuid), '--wallet', 'owner', '--json']);
    const list = await subnet(['subnets', 'list', '--json']);
    expect(list.json.map((s: { netuid: number }) => s.netuid)).toContain(netuid);
  }, 300_000);

  it('5-7: registers all three, stakes the validator, serves the miners’ axons', async () => {
    const regs = await Promise.all(
      ['validator', 'miner1', 'miner2'].map((w) => subnet(['register', '--netuid', String(netuid), '--wallet', w, '--yes', '--json'])),
    );
    regs.forEach((r, i) => {
      uid[['validator', 'miner1', 'miner2'][i]] = r.json.uid;
    });
    expect(new Set(Object.values(uid)).size).toBe(3);
    const staked = await subnet(['stake', 'add', '--netuid', String(netuid), '--amount', '500', '--unsafe', '--wallet', 'validator', '--yes', '--json']);
    expect(BigInt(staked.json.afterRao)).toBeGreaterThan(0n);
    await Promise.all(
      ['miner1', 'miner2'].map((w, i) =>
        subnet(['axon', 'serve', '--netuid', String(netuid), '--ip', `10.0.0.${i + 1}`, '--port', String(8091 + i), '--wallet', w, '--json']),
      ),
    );
    const mg = (await subnet(['metagraph', '--netuid', String(netuid), '--json'])).json;
    expect(mg.hotkeys[uid.miner1]).toBe(addr.miner1.hotkey);
    expect(mg.axons[uid.miner2]).toMatchObject({ ip: '10.0.0.2', port: 8092, ipType: 4 });
    expect(mg.stake[uid.validator]).toBeGreaterThan(0);
    const stakes = (await subnet(['stake', 'list', '--wallet', 'validator', '--netuid', String(netuid), '--json'])).json;
    expect(stakes.stakes).toHaveLength(1);
    expect(stakes.stakes[0]).toMatchObject({ netuid, hotkey: addr.validator.hotkey });
    const shown = (await subnet(['subnets', 'show', '--netuid', String(netuid), '--json'])).json;
    expect(shown.n).toBe(4);
    expect(BigInt(shown.burnRao)).toBeGreaterThan(0n);
  }, 400_000);

  it('owner hyperparameter change: commit_reveal_weights_enabled off, then read back', async () => {
    // registration counts as a weights update: lift the 100-block rate limit (root-only: //Alice is the devnet's sudo key)
    await subnet(['sudo', 'set', '--netuid', String(netuid), '--param', 'weights_rate_limit', '--value', '0', '--sudo', '--wallet', 'owner', '--json']);
    await subnet(['sudo', 'set', '--netuid', String(netuid), '--param', 'commit_reveal_weights_enabled', '--value', 'false', '--wallet', 'owner', '--json']);
    const hp = (await subnet(['sudo', 'get', '--netuid', String(netuid), '--json'])).json.hyperparameters;
    expect(hp.commit_reveal_weights_enabled).toBe(false);
  }, 300_000);

  it('8-10: sets weights on miner1, advances a tempo, sees incentive on miner1 only', async () => {
    // a validator permit is assigned at an epoch: pass one first
    await newBlocks(12);
    const set = await subnet(['weights', 'set', '--netuid', String(netuid), '--uids', String(uid.miner1), '--weights', '1', '--wallet', 'validator', '--json']);
    expect(set.json.mode).toBe('set');
    expect(set.json.values).toEqual([65535]);
    await newBlocks(12);
    const mg = (await subnet(['metagraph', '--netuid', String(netuid), '--json'])).json;
    expect(mg.incentive[uid.miner1]).toBeGreaterThan(0);
    expect(mg.incentive[uid.miner2]).toBe(0);
    const table = await subnet(['metagraph', '--netuid', String(netuid)]);
    expect(table.stdout).toContain('total');
  }, 400_000);

  it('prints chain errors by name: SettingWeightsTooFast', async () => {
    await subnet(['sudo', 'set', '--netuid', String(netuid), '--param', 'weights_rate_limit', '--value', '100', '--sudo', '--wallet', 'owner', '--json']);
    const r = await subnet(['weights', 'set', '--netuid', String(netuid), '--uids', String(uid.miner2), '--weights', '1', '--wallet', 'validator'], 1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/SubtensorModule\.SettingWeightsTooFast/);
    expect(r.stderr).toContain('— a hotkey may set weights once every `weights_rate_limit` blocks');
  }, 300_000);

  it('commit-reveal v2 end to end: commit in one process, reveal from another', async () => {
    // weights_rate_limit is root-only: the owner wallet is //Alice, the devnet's sudo key
    await subnet(['sudo', 'set', '--netuid', String(netuid), '--param', 'weights_rate_limit', '--value', '0', '--sudo', '--wallet', 'owner', '--json']);
    await subnet(['sudo', 'set', '--netuid', String(netuid), '--param', 'commit_reveal_weights_enabled', '--value', 'true', '--wallet', 'owner', '--json']);
    const set = await subnet([
      'weights',
      'set',
      '--netuid',
      String(netuid),
      '--uids',
      `${uid.miner1},${uid.miner2}`,
      '--weights',
      '1,1',
      '--wallet',
      'validator',
      '--json',
    ]);
    expect(set.json.mode).toBe('commit');
    expect(set.json.hash).toMatch(/^0x[0-9a-f]{64}$/);
    const early = await subnet(['weights', 'reveal', '--netuid', String(netuid), '--wallet', 'validator', '--json']);
    expect(early.json.outcomes.map((o: { status: string }) => o.status)).toEqual(['not-yet']);
    // the reveal is accepted only inside the next epoch: land it on the window's first block
    const { revealFrom } = early.json.outcomes[0];
    expect(revealFrom).toBeGreaterThan(set.json.blockNumber);
    await newBlocks(revealFrom - 1 - (await head()));
    const revealed = await subnet(['weights', 'reveal', '--netuid', String(netuid), '--wallet', 'validator', '--json']);
    expect(revealed.json.outcomes.map((o: { status: string }) => o.status)).toEqual(['revealed']);
    const shown = (await subnet(['weights', 'show', '--netuid', String(netuid), '--uid', String(uid.validator), '--json'])).json;
    expect([...shown.weights[uid.validator]].sort((a: number[], b: number[]) => a[0] - b[0])).toEqual(
      [
        [uid.miner1, 65535],
        [uid.miner2, 65535],
      ].sort((a, b) => a[0] - b[0]),
    );
    const again = await subnet(['weights', 'reveal', '--netuid', String(netuid), '--wallet', 'validator', '--json']);
    expect(again.json.outcomes).toEqual([]);
  }, 400_000);
});
