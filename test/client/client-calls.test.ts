import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata/decorate';
import type { Call, RuntimeVersion } from '@polkadot/types/interfaces';
import { stringCamelCase, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUBTENSOR_SIGNED_EXTENSIONS } from '../../chain/client.ts';
import { HYPERPARAMETERS } from '../../chain/hyperparameters.ts';
import { ROOT_PARAMETERS } from '../../chain/root-parameters.ts';
import { checkSignature } from '../../devnet/extrinsic/check.ts';
import { decodeExtrinsic } from '../../devnet/extrinsic/decode.ts';
import type { RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import type { NamedType } from '../../devnet/interface/type-names.ts';
import { buildMetadata } from '../../devnet/metadata/build.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime, type Runtime } from '../../devnet/runtime/build.ts';
import { nodeRuntimeApis } from '../../devnet/runtime/node-apis.ts';
import { CHAIN } from '../../devnet/spec.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// Every extrinsic the client can send is built and signed the way the client does it (@polkadot/api's
// types over the devnet's metadata, the client's transaction extensions), then decoded and its signature
// checked by the devnet. A call the devnet does not serve must be spec 381's, with the arguments the client
// passes; a call spec 381 lacks may only be sent behind a check of the connected runtime's metadata.
const spec381 = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;
const SENDERS = ['chain', 'cli', 'validator', 'miner', 'demo'];

interface CallSite {
  pallet: string;
  call: string;
  where: string;
  /** arguments the site passes, when it names them in place */
  arity?: number;
  /** the client fills the first argument with the netuid and types the rest from the metadata (bool or integers) */
  setter?: 'subnet' | 'root';
}

// sites whose call name is a variable, with every value it takes
const DYNAMIC_SITES: Record<string, (where: string) => CallSite[]> = {
  "txOf('Balances', call)": (where) => ['transfer_allow_death', 'transfer_keep_alive'].map((call) => ({ pallet: 'Balances', call, where, arity: 2 })),
  "txOf('AdminUtils', setter)": (where) => [
    ...HYPERPARAMETERS.flatMap((h) => (h.setter ? [{ pallet: 'AdminUtils', call: h.setter, where, setter: 'subnet' as const }] : [])),
    ...ROOT_PARAMETERS.map((r) => ({ pallet: 'AdminUtils', call: r.setter, where, setter: 'root' as const })),
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The number of top-level arguments in `text` from just after an opening parenthesis. */
function arityAt(text: string, from: number): number | undefined {
  let depth = 0;
  const args: string[] = [''];
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) {
        // a trailing comma leaves an empty last argument; a spread's count is only known at run time
        const given = args.map((a) => a.trim()).filter((a) => a !== '');
        return given.some((a) => a.startsWith('...')) ? undefined : given.length;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push('');
      continue;
    }
    args[args.length - 1] += ch;
  }
  throw new Error('unbalanced call');
}

/** Every call the senders build: `txOf('Pallet', 'call')(…)`, the variable sites above, `api.tx.pallet.call(…)`. */
function clientCallSites(): { sites: CallSite[]; unknown: string[] } {
  const sites: CallSite[] = [];
  const unknown: string[] = [];
  const byCamel = new Map<string, { pallet: string; call: string }>();
  for (const [pallet, p] of Object.entries(spec381.pallets)) {
    for (const c of p.calls) byCamel.set(`${stringCamelCase(pallet)}.${stringCamelCase(c.name)}`, { pallet, call: c.name });
  }
  for (const file of SENDERS.flatMap((d) => sourceFiles(join(REPO_ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(REPO_ROOT, file);
    for (const m of text.matchAll(/txOf\(([^)]*)\)(\()?/g)) {
      if (m[0].startsWith('txOf(pallet')) continue; // the definition
      const literal = /^'(\w+)', '(\w+)'$/.exec(m[1]);
      if (literal) sites.push({ pallet: literal[1], call: literal[2], where, arity: m[2] ? arityAt(text, m.index + m[0].length) : undefined });
      else if (DYNAMIC_SITES[`txOf(${m[1]})`]) sites.push(...DYNAMIC_SITES[`txOf(${m[1]})`](where));
      else unknown.push(`${where}: txOf(${m[1]})`);
    }
    for (const m of text.matchAll(/\.tx\.(\w+)\.(\w+)\(/g)) {
      const known = byCamel.get(`${m[1]}.${m[2]}`);
      if (known) sites.push({ ...known, where, arity: arityAt(text, m.index + m[0].length) });
      else unknown.push(`${where}: api.tx.${m[1]}.${m[2]}`);
    }
  }
  return { sites, unknown };
}

/** A Rust type of spec381.json as what it encodes as, through its aliases (`NetUid` → `u16`). */
function primitive(type: string): string {
  const def: NamedType | undefined = spec381.types[type];
  return def && 'alias' in def ? primitive(def.alias) : type;
}

let runtime: Runtime;
let registry: TypeRegistry;
let tx: ReturnType<typeof expandMetadata>['tx'];
const { sites, unknown } = clientCallSites();
const calls = [...new Map(sites.map((s) => [`${s.pallet}.${s.call}`, s])).values()];

beforeAll(async () => {
  await cryptoWaitReady();
  runtime = buildRuntime(
    PALLETS,
    nodeRuntimeApis(() => {
      throw new Error('nothing is executed');
    }),
  );
  registry = new TypeRegistry();
  const metadata = new Metadata(registry, buildMetadata(runtime).v14);
  registry.setMetadata(metadata, undefined, SUBTENSOR_SIGNED_EXTENSIONS);
  tx = expandMetadata(registry, metadata).tx;
});

describe("the client's extrinsics against spec 381", () => {
  it('finds every call the client builds, and no site it cannot resolve', () => {
    expect(unknown, 'a call site whose pallet or call the test cannot name: list it in DYNAMIC_SITES').toEqual([]);
    const names = calls.map((s) => `${s.pallet}.${s.call}`);
    for (const known of [
      'SubtensorModule.set_weights',
      'SubtensorModule.commit_timelocked_weights',
      'Sudo.sudo',
      'Utility.batch_all',
      'AdminUtils.sudo_set_tempo',
    ]) {
      expect(names).toContain(known);
    }
  });

  it('sends no call spec 381 lacks, except setters the client first looks up in the runtime', () => {
    const lacking = calls.filter((s) => !spec381.pallets[s.pallet]?.calls.some((c) => c.name === s.call));
    for (const s of lacking) {
      // setHyperparameter and applySubnetConfig call assertSettable, which asks the runtime's metadata first
      const guarded = s.setter === 'subnet' && HYPERPARAMETERS.some((h) => h.setter === s.call && h.removed);
      expect(guarded, `${s.pallet}.${s.call} (${s.where}) is not a call of spec 381`).toBe(true);
    }
    expect(lacking.map((s) => s.call)).toEqual(['sudo_set_max_weight_limit']);
  });

  for (const site of calls) {
    const name = `${site.pallet}.${site.call}`;
    const real = spec381.pallets[site.pallet]?.calls.find((c) => c.name === site.call);
    if (!real) continue;
    const served = PALLETS.find((p) => p.name === site.pallet)?.calls?.find((c) => c.name === site.call);

    it(`${name}${served ? '' : ' (not served by the devnet)'}: spec 381 takes the arguments the client passes`, () => {
      if (site.arity !== undefined) expect(real.fields.length, `${name} in ${site.where}`).toBe(site.arity);
      if (site.setter) {
        // setHyperparameter passes the netuid first; the values are parsed as bool or integers of the call's type,
        // or (the mechanism emission split) an optional list of u16 shares
        const values = site.setter === 'subnet' ? real.fields.slice(1) : real.fields;
        if (site.setter === 'subnet') expect(real.fields[0], name).toEqual({ name: 'netuid', type: 'NetUid' });
        for (const f of values) expect(primitive(f.type), `${name}.${f.name}`).toMatch(/^(bool|[ui](8|16|32|64|128)|Option<Vec<u16>>)$/);
      }
      if (served) expect(served.args.map((a) => a.name)).toEqual(real.fields.map((f) => f.name));
    });

    if (!served) continue;
    it(`${name}: built and signed as the client does, the devnet decodes it and accepts the signature`, () => {
      const fn = (tx as unknown as Record<string, Record<string, (...args: unknown[]) => Call>>)[stringCamelCase(site.pallet)][stringCamelCase(site.call)];
      const meta = (fn as unknown as { meta: { args: { type: { toString(): string } }[] } }).meta;
      const call = fn(...meta.args.map((a) => registry.createType(a.type.toString())));
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      const genesisHash = `0x${'42'.repeat(32)}` as const;
      const ext = registry.createType('Extrinsic', call, { version: 4 });
      ext.sign(alice, {
        blockHash: genesisHash,
        genesisHash,
        nonce: 7,
        era: registry.createType('ExtrinsicEra'),
        runtimeVersion: registry.createType<RuntimeVersion>('RuntimeVersion', { specVersion: CHAIN.specVersion, transactionVersion: CHAIN.transactionVersion }),
        signedExtensions: registry.signedExtensions,
      });
      const decoded = decodeExtrinsic(runtime, ext.toU8a());
      expect(decoded.call).toMatchObject({ pallet: site.pallet, call: site.call });
      expect(decoded.signed).toMatchObject({ signer: u8aToHex(alice.publicKey), nonce: 7 });
      expect(() => checkSignature(decoded, { genesisHash, currentNumber: 0, blockHash: (n) => (n === 0 ? genesisHash : undefined) })).not.toThrow();
      // signed for another chain, the devnet refuses it
      expect(() => checkSignature(decoded, { genesisHash: `0x${'43'.repeat(32)}`, currentNumber: 0, blockHash: () => `0x${'43'.repeat(32)}` })).toThrow(
        /bad signature/,
      );
    });
  }
});
