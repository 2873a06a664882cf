import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModels } from '../../scoring/models/ensure.ts';
import { REPO_ROOT, runSubnet, spawnSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { startDevnet, type DevnetHandle } from '../helpers/devnet.ts';

/**
 * The README's devnet walk-through ("Try it on a devnet", "Register as a
 * miner", "Run a validator"), run through the real CLI as a newcomer would,
 * ending with the miner paid. Each command is the README's own line (the test
 * checks that the README still says it), run with the README's environment
 * variables for the chain, wallet directory, password and prompts; only
 * ports become free ones and long-running processes get `--json` and a data
 * dir of the test's own.
 */
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
/** the README with shell line continuations joined */
const readmeLines = readme.replace(/\s*\\\n\s*/g, ' ');
const root = mkdtempSync(join(tmpdir(), 'subnet-walkthrough-'));
const walletDir = join(root, 'wallets');
/** a person takes minutes between `subnets start` and the validator's stake; at 4 blocks a second that is this many blocks */
const TYPING_BLOCKS = 1200;

let devnet: DevnetHandle;
let env: NodeJS.ProcessEnv;
const children: CliProcess[] = [];

/** The README line `line`, checked to be there, as argv for `subnet` (without `npx subnet`). */
function readmeLine(line: string): string[] {
  expect(readmeLines.includes(line), `the README no longer says: ${line}`).toBe(true);
  return [...line.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) => m[0]).slice(2);
}

/** `wallet transfer … --dest <coldkey address> …` with the address filled in. */
function transferTo(coldkey: string): string[] {
  const args = readmeLine('npx subnet wallet transfer --wallet owner --dest <coldkey address> --amount 2000');
  const at = args.indexOf('<coldkey');
  return [...args.slice(0, at), coldkey, ...args.slice(at + 2)];
}

async function wallet(name: string): Promise<{ coldkey: string; hotkey: string }> {
  const wallets = (await run([...readmeLine('npx subnet wallet list'), '--json'])).json as {
    name: string;
    coldkey: string;
    hotkeys: { name: string; address: string }[];
  }[];
  const w = wallets.find((x) => x.name === name)!;
  return { coldkey: w.coldkey, hotkey: w.hotkeys.find((h) => h.name === 'default')!.address };
}

/** `--port 8091` → a free port: tests run side by side. */
function freePorts(args: string[]): string[] {
  return args.map((a, i) => (['--port', '--metrics-port'].includes(args[i - 1]) ? '0' : a));
}

async function run(args: string[], expectCode = 0): Promise<{ stdout: string; stderr: string; json: any }> {
  const r = await runSubnet(args, { env, timeoutMs: 180_000 });
  if (r.code !== expectCode) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return { stdout: r.stdout, stderr: r.stderr, json: args.includes('--json') ? JSON.parse(r.stdout) : undefined };
}

function start(args: string[], name: string): CliProcess {
  const child = spawnSubnet([...args, '--json', ...(args[0] === 'validator' ? ['--data-dir', join(root, name)] : [])], { env });
  children.push(child);
  return child;
}

function waitForEvent(child: CliProcess, event: string, test: (e: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>> {
  return child
    .waitForLine((line) => {
      try {
        const e = JSON.parse(line) as Record<string, any>;
        return e.event === event && test(e);
      } catch {
        return false;
      }
    }, timeoutMs)
    .then((line) => JSON.parse(line) as Record<string, any>);
}

async function metagraph(): Promise<any> {
  return (await run([...readmeLine('npx subnet metagraph --netuid 1'), '--json'])).json;
}

async function head(): Promise<number> {
  return parseInt((await devnet.rpc<{ number: string }>('chain_getHeader')).number, 16);
}

async function waitForBlock(block: number): Promise<void> {
  while ((await head()) < block) await new Promise((r) => setTimeout(r, 250));
}

beforeAll(async () => {
  ensureModels();
  const genesis = JSON.parse(/echo '(\{.*\})' > devnet-genesis\.json/.exec(readme)![1]) as Record<string, unknown>;
  readmeLine('npx subnet devnet --reset --genesis devnet-genesis.json');
  devnet = await startDevnet({ mode: { blockTimeMs: 250 }, genesis, reset: true, readyTimeoutMs: 120_000 });
  env = { SUBNET_CHAIN: devnet.url, SUBNET_WALLET_DIR: walletDir, SUBNET_COLDKEY_PASSWORD: 'walk-through password', SUBNET_YES: '1' };
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGTERM', 10_000)));
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('the README walk-through on a devnet', () => {
  let owner: { coldkey: string; hotkey: string };
  let minerUid: number;
  let validatorUid: number;
  let validator: CliProcess;

  it('owner: imports //Alice, creates and starts subnet 1', async () => {
    await run(readmeLine('npx subnet wallet import --uri //Alice --wallet owner'));
    const both = readmeLine('npx subnet subnets create --wallet owner && npx subnet subnets start --netuid 1 --wallet owner');
    const create = both.slice(0, both.indexOf('&&'));
    const startSubnet = both.slice(both.indexOf('&&') + 3);
    await run(create);
    // start_call is accepted a few blocks after creation (DurationOfStartCall): as a person would, try again
    for (let attempt = 0; ; attempt++) {
      const r = await runSubnet(startSubnet, { env, timeoutMs: 120_000 });
      if (r.code === 0) break;
      expect(r.stderr).toMatch(/NeedWaitingMoreBlocksToStarCall/);
      expect(attempt).toBeLessThan(20);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    owner = await wallet('owner');
    // the minutes a person spends on the next commands: the owner's hotkey collects the owner cut meanwhile
    for (let made = 0; made < TYPING_BLOCKS; made += 200) await devnet.newBlock(200);
  }, 400_000);

  it('miner: creates and funds a wallet, registers, serves', async () => {
    await run(readmeLine('npx subnet wallet create --wallet miner1'));
    const miner1 = await wallet('miner1');
    await run(transferTo(miner1.coldkey));
    await run(readmeLine('npx subnet register --netuid 1 --wallet miner1 --hotkey default'));
    const miner = start(
      freePorts(readmeLine('npx subnet miner start --netuid 1 --subnet subnet-config/examples/embedding --wallet miner1 --port 8091')),
      'miner1',
    );
    await miner.waitForEvent('ready', 150_000);
    const mg = await metagraph();
    minerUid = mg.hotkeys.indexOf(miner1.hotkey);
    expect(minerUid).toBeGreaterThan(0);
    expect(mg.axons[minerUid].port).toBeGreaterThan(0);
  }, 400_000);

  it('validator: creates and funds a wallet, registers, stakes 1000 τ, starts; alone it cannot form consensus and says so', async () => {
    await run(readmeLine('npx subnet wallet create --wallet validator'));
    const v = await wallet('validator');
    await run(transferTo(v.coldkey));
    await run(readmeLine('npx subnet register --netuid 1 --wallet validator'));
    await run(readmeLine('npx subnet stake add --netuid 1 --wallet validator --amount 1000 --unsafe'));
    let mg = await metagraph();
    validatorUid = mg.hotkeys.indexOf(v.hotkey);
    const ownerUid = mg.hotkeys.indexOf(owner.hotkey);
    // what makes the walk-through fail without the owner's validator: the owner outweighs the validator
    expect(mg.stake[ownerUid]).toBeGreaterThan(mg.stake[validatorUid]);
    // 1000 τ buy just under 499.874 α from the new subnet's pool (1000 τ / 1000 α, fee 33/65535;
    // the two registration burns, 0.1 τ and 0.126 τ, bought a little alpha first); emission can only add to it
    expect(mg.stake[validatorUid]).toBeGreaterThan(499.7);

    validator = start(
      freePorts(
        readmeLine(
          'npx subnet validator start --netuid 1 --subnet subnet-config/examples/embedding --wallet validator --hotkey default --metrics-port 9100 --audit',
        ),
      ),
      'validator',
    );
    await validator.waitForEvent('ready', 150_000);
    const warning = await waitForEvent(validator, 'warning', (e) => e.code === 'consensus-out-of-reach', 240_000);
    expect(warning.message).toMatch(
      /^your weights alone cannot form consensus: you hold \d+ % of permitted stake, κ is 50 %, so Yuma clips every weight to 0 and miners earn nothing; permitted but setting no weights: uid (\d+) \(\d+ %\)$/,
    );
    expect(Number(/uid (\d+) \(/.exec(warning.message)![1])).toBe(ownerUid);
    expect(validator.stderr()).toContain('your weights alone cannot form consensus');

    // the subnet has commit-reveal v4 on, as subnets created the normal way do: the validator commits
    // timelocked weights and the chain reveals them at the start of the next epoch
    const committed = await waitForEvent(validator, 'weights', (e) => e.ok === true && e.action === 'commit' && e.commitReveal === 'timelocked', 240_000);
    // once its weights are on chain, `subnet metagraph` shows the same diagnosis, and an epoch later the miner has earned nothing
    let onChain = await metagraph();
    for (let i = 0; i < 40 && onChain.diagnosis.problems.length === 0; i++) {
      await waitForBlock(Math.max(onChain.block, committed.block) + 4);
      onChain = await metagraph();
    }
    await waitForBlock(onChain.block + 12);
    const table = await run(readmeLine('npx subnet metagraph --netuid 1'));
    expect(table.stdout).toContain(`consensus (κ 50 %): uid ${validatorUid}'s weights alone cannot form consensus: uid ${validatorUid} holds`);
    mg = await metagraph();
    expect(mg.diagnosis.problems).toHaveLength(1);
    expect(mg.incentive[minerUid]).toBe(0);
  }, 600_000);

  it("the owner's validator: the miner earns incentive, and the diagnosis clears", async () => {
    const ownerValidator = start(
      freePorts(readmeLine('npx subnet validator start --netuid 1 --subnet subnet-config/examples/embedding --wallet owner --metrics-port 9101')),
      'owner',
    );
    await ownerValidator.waitForEvent('ready', 150_000);
    const set = await waitForEvent(ownerValidator, 'weights', (e) => e.ok === true && e.action === 'commit' && e.uids.includes(minerUid), 240_000);
    // the chain reveals the commit at the start of the next epoch; the epoch after pays by both rows
    await waitForBlock(set.block + 12);
    let mg = await metagraph();
    for (let i = 0; i < 20 && !(mg.incentive[minerUid] > 0); i++) {
      await waitForBlock(mg.block + 11);
      mg = await metagraph();
    }
    expect(mg.incentive[minerUid]).toBeGreaterThan(0);
    expect(mg.diagnosis.problems).toEqual([]);
    expect(mg.diagnosis.validators.map((v: { uid: number }) => v.uid).sort()).toEqual([mg.hotkeys.indexOf(owner.hotkey), validatorUid].sort());
    const table = await run(readmeLine('npx subnet metagraph --netuid 1'));
    expect(table.stdout).toContain('consensus (κ 50 %): the weights of every validator that sets them can form consensus');
  }, 600_000);
});
