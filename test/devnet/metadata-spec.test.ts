import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { interfaceFromMetadata, type RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import { type NamedType, reachableTypes } from '../../devnet/interface/type-names.ts';
import { buildMetadata } from '../../devnet/metadata/build.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { nodeRuntimeApis } from '../../devnet/runtime/node-apis.ts';
import { CHAIN } from '../../devnet/spec.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// Every item the devnet's metadata serves must be spec 381's: pallet indices, each served call
// (index, argument names and types), the whole event and error lists in order (field names, unnamed
// = null, and types), the constants (names, types, values), each served storage item (modifier,
// hashers, key and value types, default) and the transaction extensions. The devnet's metadata is
// read back with the same reader that derived spec381.json, so both are spelled alike.
const spec381 = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;

// nothing is served that spec 381 lacks
const NOT_IN_381: string[] = [];
// constants whose value is the devnet's own: the runtime version lists the runtime APIs the devnet implements
const OWN_VALUE = ['System.Version'];

let ours: RuntimeInterface;

/** The enums the devnet serves part of: the outer call and event enums and each pallet's `Call` and `Event`. */
function isServedSubset(name: string, def: NamedType): boolean {
  return name === 'RuntimeCall' || name === 'RuntimeEvent' || ('path' in def && /::(Call|Event)$/.test(def.path));
}

beforeAll(async () => {
  await cryptoWaitReady();
  const runtime = buildRuntime(
    PALLETS,
    nodeRuntimeApis(() => {
      throw new Error('not needed');
    }),
  );
  ours = interfaceFromMetadata(buildMetadata(runtime).v15, 'the devnet');
});

describe('devnet metadata matches subtensor spec 381', () => {
  for (const name of PALLETS.map((p) => p.name)) {
    it(`${name}: index, calls, events, errors, constants, storage`, () => {
      const want = spec381.pallets[name];
      const have = ours.pallets[name];
      expect(want, `${name} is a pallet of spec 381`).toBeDefined();
      expect(have.index).toBe(want.index);

      for (const call of have.calls) {
        expect(call, `${name}.${call.name}`).toEqual(want.calls.find((c) => c.name === call.name));
      }
      expect(have.events, `${name} events`).toEqual(want.events);
      expect(
        have.errors.map((e) => [e.index, e.name]),
        `${name} errors`,
      ).toEqual(want.errors.map((e) => [e.index, e.name]));

      expect(have.constants.map((c) => [c.name, c.type])).toEqual(want.constants.map((c) => [c.name, c.type]));
      for (const c of have.constants) {
        if (OWN_VALUE.includes(`${name}.${c.name}`)) continue;
        expect(c.value, `${name}.${c.name}`).toBe(want.constants.find((x) => x.name === c.name)!.value);
      }

      for (const item of have.storage) {
        if (NOT_IN_381.includes(`${name}.${item.name}`)) continue;
        expect(item, `${name}.${item.name}`).toEqual(want.storage.find((s) => s.name === item.name));
      }
    });
  }

  it('serves no item outside spec 381 but the listed ones', () => {
    const extra = Object.entries(ours.pallets).flatMap(([name, p]) =>
      p.storage.filter((s) => !spec381.pallets[name].storage.some((w) => w.name === s.name)).map((s) => `${name}.${s.name}`),
    );
    expect(extra).toEqual(NOT_IN_381);
    const removed = Object.entries(ours.pallets).flatMap(([name, p]) =>
      p.calls.filter((c) => !spec381.pallets[name].calls.some((w) => w.name === c.name)).map((c) => `${name}.${c.name}`),
    );
    expect(removed).toEqual([]);
  });

  it("declares spec 381's transaction extensions in order, with its types", () => {
    expect(ours.transactionExtensions.map((e) => [e.identifier, e.type])).toEqual(spec381.transactionExtensions.map((e) => [e.identifier, e.type]));
    for (const e of ours.transactionExtensions) expect(ours.types[e.type], e.identifier).toEqual(spec381.types[e.type]);
  });

  it('is the spec-381 runtime: version, transaction version, extrinsic format', () => {
    expect(ours.runtime).toMatchObject({ specName: spec381.runtime!.specName, specVersion: 381, transactionVersion: spec381.runtime!.transactionVersion });
    expect(CHAIN.specVersion).toBe(spec381.runtime!.specVersion);
    // the devnet signs and decodes v4 extrinsics (what @polkadot/api 16 sends); 381 also accepts v5
    expect(ours.extrinsic).toEqual({ ...spec381.extrinsic, versions: [4] });
  });

  it('defines every type reachable from a served pallet item or transaction extension as 381 does', () => {
    const exprs: string[] = ours.transactionExtensions.flatMap((e) => [e.type, e.implicit]);
    for (const p of Object.values(ours.pallets)) {
      for (const c of p.calls) exprs.push(...c.fields.map((f) => f.type));
      for (const e of p.events) exprs.push(...e.fields.map((f) => f.type));
      for (const s of p.storage) exprs.push(...s.keys, s.value);
      for (const c of p.constants) exprs.push(c.type);
    }
    const names = [...reachableTypes(ours.types, exprs)].sort();
    // the Rust names 381 gives primitives (RefCount, RoundNumber), str for Cow<str>, DigestItem's two fields, Compact<()>
    expect(names).toEqual(expect.arrayContaining(['AccountInfo', 'DigestItem', 'MultiAddress', 'Pulse', 'RefCount', 'RoundNumber', 'RuntimeCall']));
    for (const name of names) {
      const have = ours.types[name];
      const want = spec381.types[name];
      expect(want, `${name} is a type of spec 381`).toBeDefined();
      if (!isServedSubset(name, have) || !('variants' in have) || !('variants' in want)) {
        expect(have, name).toEqual(want);
        continue;
      }
      // the devnet serves some of the variants: each one is 381's variant of that index
      expect(have.path, name).toBe(want.path);
      for (const v of have.variants) expect(v, `${name}::${v.name}`).toEqual(want.variants.find((w) => w.index === v.index));
    }
  });

  it('spells the newtypes as 381 declares them: NetUid, TaoBalance and AlphaBalance are primitives under their Rust names', () => {
    for (const name of ['NetUid', 'NetUidStorageIndex', 'TaoBalance', 'AlphaBalance', 'U64F64']) {
      expect(ours.types[name], name).toEqual(spec381.types[name]);
    }
  });
});
