import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSubnet } from '../helpers/cli-process.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * `subnet sudo apply`: the embedding example's hyperparameters onto a devnet
 * subnet owned by //Alice (who is also the sudo key), owner setters first,
 * root-only ones only with --sudo, and idempotent once applied.
 */
const root = mkdtempSync(join(tmpdir(), 'subnet-apply-'));
const walletDir = join(root, 'wallets');
const definition = join(REPO_ROOT, 'subnet-config', 'examples', 'embedding');
let devnet: DevnetHandle;

async function subnet(args: string[]): Promise<any> {
  const r = await runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, '--json', ...args], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  devnet = await startDevnet({
    mode: 'instant',
    genesis: { subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 10, immunityPeriod: 4000, activityCutoff: 6000 } } },
  });
  await subnet(['wallet', 'import', '--uri', '//Alice', '--wallet', 'owner', '--no-use-password']);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('subnet sudo apply', () => {
  it('refuses a definition whose model file is missing before sending anything', async () => {
    const broken = join(root, 'broken-definition');
    mkdirSync(broken);
    const doc = parse(readFileSync(join(definition, 'subnet.yaml'), 'utf8'));
    doc.challenge.module = resolve(definition, doc.challenge.module);
    doc.miner.module = resolve(definition, doc.miner.module);
    doc.models.embedder.path = join(root, 'missing.onnx');
    doc.models.embedder.tokenizer.path = resolve(definition, doc.models.embedder.tokenizer.path);
    writeFileSync(join(broken, 'subnet.yaml'), stringify(doc));
    const r = await runSubnet(
      [
        '--chain',
        devnet.url,
        '--wallet-dir',
        walletDir,
        '--json',
        'sudo',
        'apply',
        '--netuid',
        '1',
        '--subnet',
        broken,
        '--wallet',
        'owner',
        '--sudo',
        '--yes',
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('SUBNET_CONFIG_MISSING_FILE');
    expect(r.stderr).toContain(`models.embedder.path: ${join(root, 'missing.onnx')} does not exist`);
    const now = await subnet(['sudo', 'get', '--netuid', '1']);
    expect(Number(now.hyperparameters.tempo)).toBe(10);
    expect(Number(now.hyperparameters.immunity_period)).toBe(4000);
  }, 120_000);

  it('sends owner changes, reports root-only ones until --sudo, then has nothing left to apply', async () => {
    const first = await subnet(['sudo', 'apply', '--netuid', '1', '--subnet', definition, '--wallet', 'owner', '--yes']);
    const applied = first.applied.map((a: { name: string }) => a.name);
    expect(applied).toContain('immunity_period'); // owner parameter: 4000 -> 100
    expect(applied).toContain('activity_cutoff'); // owner parameter: 6000 -> 5000
    expect(first.skipped).toContain('tempo'); // root-only: 10 -> 99 needs --sudo
    expect(applied).not.toContain('tempo');

    const second = await subnet(['sudo', 'apply', '--netuid', '1', '--subnet', definition, '--wallet', 'owner', '--sudo', '--yes']);
    expect(second.applied.map((a: { name: string }) => a.name)).toContain('tempo');

    const now = await subnet(['sudo', 'get', '--netuid', '1']);
    expect(Number(now.hyperparameters.tempo)).toBe(99);
    expect(Number(now.hyperparameters.immunity_period)).toBe(100);
    expect(Number(now.hyperparameters.activity_cutoff)).toBe(5000);

    const third = await subnet(['sudo', 'apply', '--netuid', '1', '--subnet', definition, '--wallet', 'owner', '--sudo', '--yes']);
    expect(third.plan).toEqual([]);
    expect(third.applied).toEqual([]);
  }, 240_000);

  it("sudo set and get take btcli's name or its alias, and answer with btcli's name", async () => {
    const set = await subnet(['sudo', 'set', '--netuid', '1', '--param', 'weights_set_rate_limit', '--value', '7', '--wallet', 'owner', '--sudo', '--yes']);
    expect(set.param).toBe('weights_rate_limit');
    expect(Number(set.after)).toBe(7);
    const byAlias = await subnet(['sudo', 'get', '--netuid', '1', '--param', 'weights_set_rate_limit']);
    expect(byAlias).toMatchObject({ param: 'weights_rate_limit' });
    expect(Number(byAlias.value)).toBe(7);
    const all = await subnet(['sudo', 'get', '--netuid', '1']);
    expect(Number(all.hyperparameters.weights_rate_limit)).toBe(7);
  }, 120_000);
});

describe('root parameters of the chain', () => {
  it('sudo set network_rate_limit goes through Sudo.sudo by the sudo key; sudo get reads it back', async () => {
    const set = await subnet(['sudo', 'set', '--param', 'network_rate_limit', '--value', '5', '--wallet', 'owner', '--sudo', '--yes']);
    expect(set).toMatchObject({ param: 'network_rate_limit', root: true });
    expect(Number(set.after)).toBe(5);
    expect(Number((await subnet(['sudo', 'get', '--param', 'network_rate_limit'])).value)).toBe(5);
    const lifted = await subnet(['sudo', 'set', '--param', 'network_rate_limit', '--value', '0', '--wallet', 'owner', '--sudo', '--yes']);
    expect(Number(lifted.before)).toBe(5);
    expect(Number(lifted.after)).toBe(0);
  }, 120_000);

  it('refuses a root parameter without --sudo or with a --netuid, before signing anything', async () => {
    const noSudo = await runSubnet([
      '--chain',
      devnet.url,
      '--wallet-dir',
      walletDir,
      'sudo',
      'set',
      '--param',
      'network_rate_limit',
      '--value',
      '0',
      '--wallet',
      'owner',
      '--yes',
    ]);
    expect(noSudo.code).not.toBe(0);
    expect(noSudo.stderr).toMatch(/network_rate_limit is a root parameter.*--sudo.*\[ROOT_ONLY\]/);
    const withNetuid = await runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, 'sudo', 'get', '--netuid', '1', '--param', 'network_rate_limit']);
    expect(withNetuid.code).not.toBe(0);
    expect(withNetuid.stderr).toMatch(/drop --netuid.*\[BAD_ARGUMENT\]/);
  }, 60_000);
});
