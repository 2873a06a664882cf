import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import { tableJson } from '../../devnet/interface/generate.ts';
import { renderSpec381Module, SPEC381_MODULE } from '../../devnet/interface/render-spec381.ts';
import type { Spec293 } from '../../devnet/interface/spec293.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), 'utf8');
const spec293Text = read('devnet/interface/spec293.json');
const spec381Text = read('devnet/interface/spec381.json');
const spec293 = JSON.parse(spec293Text) as Spec293;
const spec381 = JSON.parse(spec381Text) as RuntimeInterface;

describe('spec 293 table', () => {
  it('is written as the generator writes it', () => {
    expect(tableJson(spec293)).toBe(spec293Text);
  });

  it('is the spec-293 runtime with its pallet indices and signed extensions', () => {
    expect(spec293.runtime).toEqual({ specName: 'node-subtensor', specVersion: 293, transactionVersion: 1 });
    expect(Object.fromEntries(Object.entries(spec293.pallets).map(([name, p]) => [name, p.index]))).toMatchObject({
      System: 0,
      Balances: 5,
      SubtensorModule: 7,
      AdminUtils: 19,
      Drand: 26,
    });
    expect(spec293.signedExtensions.map((e) => e.identifier)).toContain('CheckMortality');
    expect(spec293.pallets.SubtensorModule.calls.find((c) => c.name === 'commit_crv3_weights')?.index).toBe(99);
  });
});

describe('spec 381 table (subtensor, February 2026)', () => {
  const pallet = (name: string) => {
    const p = spec381.pallets[name];
    expect(p, `pallet ${name}`).toBeDefined();
    return p;
  };
  const calls = (name: string) => pallet(name).calls.map((c) => c.name);
  const storage = (name: string) => pallet(name).storage.map((s) => s.name);

  it('renders exactly the committed devnet/pallets/subtensor/spec381.ts', () => {
    expect(renderSpec381Module(spec381)).toBe(read(SPEC381_MODULE));
  });

  it('is written as the generator writes it, and stays compact', () => {
    expect(tableJson(spec381)).toBe(spec381Text);
    expect(spec381Text.length).toBeLessThan(2_000_000);
  });

  it('records the runtime version and the extrinsic format', () => {
    expect(spec381.metadataVersion).toBe(16);
    expect(spec381.runtime).toMatchObject({ specName: 'node-subtensor', specVersion: 381, transactionVersion: 1 });
    expect(spec381.extrinsic).toEqual({ versions: [4, 5], address: 'MultiAddress', call: 'RuntimeCall', signature: 'MultiSignature' });
  });

  it('has the pallets at their indices', () => {
    expect(Object.fromEntries(Object.entries(spec381.pallets).map(([name, p]) => [name, p.index]))).toMatchObject({
      System: 0,
      Timestamp: 2,
      Balances: 5,
      TransactionPayment: 6,
      SubtensorModule: 7,
      Utility: 11,
      Sudo: 12,
      Commitments: 18,
      AdminUtils: 19,
      Drand: 26,
      Swap: 28,
    });
  });

  it('SubtensorModule: timelocked commits replace CRV3 commits; emissions are split per server and validator', () => {
    expect(calls('SubtensorModule')).toContain('commit_timelocked_weights');
    expect(calls('SubtensorModule')).not.toContain('commit_crv3_weights');
    const commit = pallet('SubtensorModule').calls.find((c) => c.name === 'commit_timelocked_weights')!;
    expect(commit.index).toBe(113);
    expect(commit.fields).toEqual([
      { name: 'netuid', type: 'NetUid' },
      { name: 'commit', type: 'Vec<u8>' },
      { name: 'reveal_round', type: 'u64' },
      { name: 'commit_reveal_version', type: 'u16' },
    ]);
    expect(storage('SubtensorModule')).toEqual(expect.arrayContaining(['TimelockedWeightCommits', 'MechanismCountCurrent', 'PendingServerEmission']));
    expect(storage('SubtensorModule')).not.toContain('PendingEmission');
    const commits = pallet('SubtensorModule').storage.find((s) => s.name === 'TimelockedWeightCommits')!;
    expect(commits).toMatchObject({
      modifier: 'Default',
      hashers: ['Twox64Concat', 'Twox64Concat'],
      keys: ['u16', 'u64'],
      value: 'Vec<(AccountId32, u64, Vec<u8>, u64)>',
      default: '0x00',
    });
  });

  it('AdminUtils no longer sets the max weight limit', () => {
    expect(calls('AdminUtils')).not.toContain('sudo_set_max_weight_limit');
    expect(calls('AdminUtils')).toContain('sudo_set_tempo');
  });

  it('Swap keeps the alpha price as a U64F64 square root per subnet', () => {
    expect(pallet('Swap').storage.find((s) => s.name === 'AlphaSqrtPrice')).toMatchObject({ hashers: ['Twox64Concat'], keys: ['u16'], value: 'U64F64' });
    expect(spec381.types.U64F64).toEqual({ path: 'substrate_fixed::FixedU128', fields: [{ name: 'bits', type: 'u128' }] });
  });

  it('Drand stores pulses and its beacon config and takes write_pulse', () => {
    expect(storage('Drand')).toEqual(expect.arrayContaining(['Pulses', 'LastStoredRound', 'BeaconConfig']));
    expect(calls('Drand')).toContain('write_pulse');
  });

  it("lists the transaction extensions in order, subtensor's own included", () => {
    const ids = spec381.transactionExtensions.map((e) => e.identifier);
    expect(ids).toEqual(expect.arrayContaining(['SudoTransactionExtension', 'SubtensorTransactionExtension', 'DrandPriority']));
    expect(ids.slice(0, 6)).toEqual(['CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce']);
    expect(spec381.transactionExtensions.find((e) => e.identifier === 'CheckGenesis')).toEqual({
      identifier: 'CheckGenesis',
      type: 'CheckGenesis',
      implicit: 'H256',
    });
  });

  it('names every type it uses: each name in an expression has a definition', () => {
    const builtin = /^(u8|u16|u32|u64|u128|u256|i8|i16|i32|i64|i128|i256|bool|str|char|Vec|Compact|Option|Result|BTreeMap|BTreeSet)$/;
    const exprs: string[] = [];
    for (const p of Object.values(spec381.pallets)) {
      for (const c of p.calls) exprs.push(...c.fields.map((f) => f.type));
      for (const e of p.events) exprs.push(...e.fields.map((f) => f.type));
      for (const c of p.constants) exprs.push(c.type);
      for (const s of p.storage) exprs.push(...s.keys, s.value);
    }
    for (const api of spec381.runtimeApis) for (const m of api.methods) exprs.push(m.output, ...m.inputs.map((i) => i.type));
    for (const t of Object.values(spec381.types)) {
      if ('fields' in t) exprs.push(...t.fields.map((f) => f.type));
      if ('variants' in t) for (const v of t.variants) exprs.push(...v.fields.map((f) => f.type));
    }
    // a named instance (`PerDispatchClass<u32>`) is defined under its whole spelling, its parameters by theirs
    const missing = new Set<string>();
    const check = (e: string) => {
      for (let i = 0; i < e.length;) {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(e.slice(i))?.[0];
        if (!name) {
          i++;
          continue;
        }
        let end = i + name.length;
        if (e[end] === '<') {
          for (let depth = 0; end < e.length; end++) {
            if (e[end] === '<') depth++;
            else if (e[end] === '>' && --depth === 0) break;
          }
          end++;
        }
        const whole = e.slice(i, end);
        if (!builtin.test(name) && !spec381.types[whole]) missing.add(`${whole} in ${e}`);
        if (end > i + name.length) check(e.slice(i + name.length + 1, end - 1));
        i = end;
      }
    };
    exprs.forEach(check);
    expect([...missing]).toEqual([]);
  });

  it('spells primitive aliases and fixed-point numbers by their Rust names', () => {
    expect(spec381.types.NetUid).toEqual({ alias: 'u16' });
    expect(spec381.types.AccountId32).toEqual({ path: 'sp_core::crypto::AccountId32', fields: [{ name: null, type: '[u8; 32]' }] });
    const staked = pallet('SubtensorModule').events.find((e) => e.name === 'StakeAdded')!;
    expect(staked.fields.map((f) => f.name)).toEqual([null, null, null, null, null, null]);
    expect(staked.fields[0].type).toBe('AccountId32');
  });

  it('lists the runtime APIs with their methods', () => {
    const subnetInfo = spec381.runtimeApis.find((a) => a.name === 'SubnetInfoRuntimeApi');
    expect(subnetInfo?.methods.map((m) => m.name)).toContain('get_subnet_hyperparams');
    expect(spec381.runtimeApis.map((a) => a.name)).toEqual(
      expect.arrayContaining(['Core', 'Metadata', 'NeuronInfoRuntimeApi', 'StakeInfoRuntimeApi', 'SwapRuntimeApi']),
    );
  });
});
