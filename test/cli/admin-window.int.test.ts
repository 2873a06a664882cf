import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAllowedBlock } from '../../chain/admin-window.ts';
import { blocksUntilEpoch } from '../../chain/epoch-schedule.ts';
import { runSubnet } from '../helpers/cli-process.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * `subnet sudo set` against spec 381's admin freeze window and the owner's hyperparameter rate
 * limit: a refusal is one line with its code and the block to retry at; the two root parameters
 * are set and read like the others. Subnet 1 is owned by //Alice, also the sudo key.
 */
const NETUID = 1;
const TEMPO = 30;
const WINDOW = 4;
const root = mkdtempSync(join(tmpdir(), 'subnet-admin-window-'));
const walletDir = join(root, 'wallets');
let devnet: DevnetHandle;

function cli(args: string[]) {
  return runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 120_000 });
}

async function json(args: string[]): Promise<any> {
  const r = await cli(['--json', ...args]);
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function head(): Promise<number> {
  return Number.parseInt((await devnet.rpc<{ number: string }>('chain_getHeader')).number, 16);
}

/** Moves the head so that the next block (the next transaction's) has `left` blocks before the epoch. */
async function nextLandsWith(left: number): Promise<number> {
  const now = await head();
  // in block b the runtime counts blocksUntilEpoch(b) blocks to the epoch (the epoch block itself aside)
  let target = now + 1;
  while (blocksUntilEpoch(NETUID, TEMPO, target) !== left) target++;
  if (target - 1 > now) await devnet.rpc('dev_newBlock', [{ count: target - 1 - now }]);
  return target;
}

beforeAll(async () => {
  devnet = await startDevnet({
    mode: 'instant',
    genesis: { subtensorModule: { adminFreezeWindow: WINDOW, subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: TEMPO } } },
  });
  await json(['wallet', 'import', '--uri', '//Alice', '--wallet', 'owner', '--no-use-password']);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the admin freeze window and the owner rate limit from the CLI', () => {
  it('sets and reads admin_freeze_window and owner_hparam_rate_limit as root parameters', async () => {
    expect(Number((await json(['sudo', 'get', '--param', 'admin_freeze_window'])).value)).toBe(WINDOW);
    const set = await json(['sudo', 'set', '--param', 'owner_hparam_rate_limit', '--value', '1', '--wallet', 'owner', '--sudo', '--yes']);
    expect(set).toMatchObject({ param: 'owner_hparam_rate_limit', root: true });
    expect(Number(set.after)).toBe(1);
  }, 120_000);

  it('a second owner change of one hyperparameter is refused with the block to retry at', async () => {
    const landed = await nextLandsWith(TEMPO - 2);
    await json(['sudo', 'set', '--netuid', String(NETUID), '--param', 'rho', '--value', '12', '--wallet', 'owner', '--yes']);
    const again = await cli(['sudo', 'set', '--netuid', String(NETUID), '--param', 'rho', '--value', '13', '--wallet', 'owner', '--yes']);
    expect(again.code).not.toBe(0);
    const retry = nextAllowedBlock({ netuid: NETUID, tempo: TEMPO, freezeWindow: WINDOW, rateLimitTempos: 1, lastChange: landed, byRoot: false }, landed + 1);
    expect(retry).toBe(landed + TEMPO);
    const lines = again.stderr.trim().split('\n');
    expect(lines.some((l) => new RegExp(`rho.*once per 1 tempo.*retry at block ${retry}\\b.*\\[CHAIN_OWNER_RATE_LIMITED\\]`).test(l))).toBe(true);
  }, 120_000);

  it('a change inside the freeze window is refused with the block after the epoch', async () => {
    const landed = await nextLandsWith(WINDOW - 1);
    const frozen = await cli(['sudo', 'set', '--netuid', String(NETUID), '--param', 'max_burn', '--value', '200000000000', '--wallet', 'owner', '--yes']);
    expect(frozen.code).not.toBe(0);
    // WINDOW - 1 blocks before the epoch block, which is frozen too: the block after it opens
    const opens = landed + WINDOW;
    expect(frozen.stderr).toMatch(new RegExp(`frozen in the last ${WINDOW} blocks.*retry at block ${opens}\\b.*\\[CHAIN_ADMIN_FROZEN\\]`));
  }, 120_000);
});
