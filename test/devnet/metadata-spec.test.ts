import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import type { Spec293 } from '../../devnet/interface/spec293.ts';
import { buildMetadata } from '../../devnet/metadata/build.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { nodeRuntimeApis } from '../../devnet/runtime/node-apis.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// Everything the devnet's own pallets declare must match the real runtime's interface: indices,
// names, argument and field names and SCALE types, storage hashers/modifiers/defaults, errors,
// constants, signed extensions. Each item is compared with the newest recorded runtime that has it
// in the form the devnet serves: spec 293 (devnet/interface/spec293.json) for the pallets below,
// spec 381 (devnet/interface/spec381.json) for the Drand pallet and the items in SERVED_AS_381,
// which the devnet serves as 381 has them.
const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec293.json'), 'utf8')) as Spec293;
const spec381 = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;
const MINE = ['System', 'Timestamp', 'Balances', 'TransactionPayment', 'Utility', 'Sudo'];
const MINE_381 = ['Drand'];
// items of the pallets above served as spec 381 has them: the block time of its 250 ms fast-block build
const SERVED_AS_381 = ['Timestamp.MinimumPeriod'];

// the real runtime's Rust type names → the SCALE type polkadot-js resolves from our metadata
const CALL_TYPES: Record<string, string> = {
  'AccountIdLookupOf<T>': 'SpRuntimeMultiAddress',
  'T::Balance': 'Compact<u64>',
  'T::Moment': 'Compact<u64>',
  'Box<<T as Config>::RuntimeCall>': 'NodeSubtensorRuntimeRuntimeCall',
  'Vec<<T as Config>::RuntimeCall>': 'Vec<Call>',
  'T::Hash': 'PrimitiveTypesH256',
  'Vec<u8>': 'Bytes',
  'Vec<KeyValue>': 'Vec<(Bytes,Bytes)>',
  'Vec<Key>': 'Vec<Bytes>',
  Key: 'Bytes',
  Weight: 'SpWeightsWeightV2Weight',
};
const EVENT_TYPES: Record<string, string> = {
  'T::AccountId': 'SpCoreCryptoAccountId32',
  'T::Balance': 'u64',
  'BalanceOf<T>': 'u64',
  'T::Hash': 'PrimitiveTypesH256',
  'Option<T::AccountId>': 'Option<AccountId32>',
  DispatchError: 'SpRuntimeDispatchError',
  DispatchEventInfo: 'FrameSystemDispatchEventInfo',
  DispatchResult: 'Result<Null,SpRuntimeDispatchError>',
  Status: 'FrameSupportTokensMiscBalanceStatus',
};

let registry: TypeRegistry;
let metadata: Metadata;

beforeAll(async () => {
  await cryptoWaitReady();
  const runtime = buildRuntime(
    PALLETS,
    nodeRuntimeApis(() => {
      throw new Error('not needed');
    }),
  );
  registry = new TypeRegistry();
  metadata = new Metadata(registry, u8aToHex(buildMetadata(runtime).v15));
  registry.setMetadata(metadata);
});

/** polkadot-js' name for a named type (`SpRuntimeDispatchError`), else its type string (`Compact<u64>`). */
const typeOf = (id: { toNumber(): number }) => registry.lookup.getName(id.toNumber()) ?? registry.lookup.getTypeDef(id.toNumber()).type.replace(/\s/g, '');

describe('devnet metadata matches subtensor spec 293', () => {
  for (const name of MINE) {
    it(`${name}: index, calls, events, errors, constants, storage`, () => {
      const want = spec.pallets[name];
      const pallet = metadata.asLatest.pallets.find((p) => p.name.toString() === name)!;
      expect(pallet, `${name} is in the metadata`).toBeDefined();
      expect(pallet.index.toNumber()).toBe(want.index);

      if (pallet.calls.isSome) {
        const variants = registry.lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants;
        for (const v of variants) {
          const w = want.calls.find((c) => c.name === v.name.toString());
          expect(w, `${name}.${v.name} exists in the spec`).toBeDefined();
          expect(v.index.toNumber(), `${name}.${v.name} index`).toBe(w!.index);
          expect(v.fields.map((f) => f.name.unwrap().toString())).toEqual(w!.fields.map((f) => f.name));
          expect(v.fields.map((f) => typeOf(f.type))).toEqual(w!.fields.map((f) => CALL_TYPES[f.type] ?? f.type));
        }
      } else expect(want.calls).toEqual([]);

      const events = pallet.events.isSome ? registry.lookup.getSiType(pallet.events.unwrap().type).def.asVariant.variants : [];
      expect(events.map((v) => [v.index.toNumber(), v.name.toString()])).toEqual(want.events.map((e) => [e.index, e.name]));
      for (const v of events) {
        const w = want.events.find((e) => e.name === v.name.toString())!;
        // an unnamed field (a tuple variant's) has no name in the metadata; spec293.json spells it ''
        expect(
          v.fields.map((f) => (f.name.isSome ? f.name.unwrap().toString() : '')),
          `${name}.${v.name} fields`,
        ).toEqual(w.fields.map((f) => f.name));
        expect(
          v.fields.map((f) => typeOf(f.type)),
          `${name}.${v.name} types`,
        ).toEqual(w.fields.map((f) => EVENT_TYPES[f.type] ?? f.type));
      }

      const errors = pallet.errors.isSome ? registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant.variants : [];
      expect(errors.map((v) => [v.index.toNumber(), v.name.toString()])).toEqual(want.errors.map((e) => [e.index, e.name]));

      expect(pallet.constants.map((c) => c.name.toString())).toEqual(want.constants.map((c) => c.name));
      for (const c of pallet.constants) {
        const w = want.constants.find((x) => x.name === c.name.toString())!;
        if (c.name.toString() === 'Version') continue; // carries the devnet's own API list
        if (SERVED_AS_381.includes(`${name}.${c.name}`)) {
          expect(c.value.toHex(), `${name}.${c.name}`).toBe(spec381.pallets[name].constants.find((x) => x.name === c.name.toString())!.value);
          continue;
        }
        // the spec's long values are cut short; compare what it has
        expect(c.value.toHex().startsWith(w.value) || w.value.startsWith(c.value.toHex()), `${name}.${c.name} = ${c.value.toHex()}`).toBe(true);
      }

      const items = pallet.storage.isSome ? pallet.storage.unwrap().items : [];
      for (const item of items) {
        const w = want.storage.find((s) => s.name === item.name.toString());
        expect(w, `${name}.${item.name} exists in the spec`).toBeDefined();
        expect(item.modifier.toString()).toBe(w!.modifier);
        expect(item.type.isMap ? 'map' : 'plain').toBe(w!.kind);
        if (item.type.isMap) expect(item.type.asMap.hashers.map((h) => h.toString())).toEqual(w!.hashers);
        expect(item.fallback.toHex().startsWith(w!.default) || w!.default.startsWith(item.fallback.toHex()), `${name}.${item.name} default`).toBe(true);
      }
    });
  }

  it('declares the real runtime signed extensions in order', () => {
    const ours = metadata.asV15.extrinsic.signedExtensions.map((e) => e.identifier.toString());
    expect(ours).toEqual(spec.signedExtensions.map((e) => e.identifier));
    const types = metadata.asV15.extrinsic.signedExtensions.map((e) => typeOf(e.type));
    expect(types).toContain('FrameSystemExtensionsCheckMortality');
    expect(metadata.asV15.extrinsic.version.toNumber()).toBe(4);
  });
});

/** spec381.json names a composite by its last path segment: compare it by its whole Rust path. */
function sameType381(id: { toNumber(): number }, type: string): [string, string] {
  const def = spec381.types[type] as { path?: string } | undefined;
  if (def?.path) return [registry.lookup.getSiType(id.toNumber()).path.map(String).join('::'), def.path];
  return [typeOf(id), polkadotName381(type)];
}

/** A structural type of spec381.json as polkadot-js names it (`Option<MultiSignature>` → `Option<SpRuntimeMultiSignature>`). */
function polkadotName381(type: string): string {
  return type.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => {
    const def = spec381.types[name] as { path?: string; alias?: string } | undefined;
    if (def?.alias) return def.alias;
    if (!def?.path) return name;
    return def.path
      .split('::')
      .map((seg) =>
        seg
          .split('_')
          .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
          .join(''),
      )
      .join('');
  });
}

describe('devnet metadata matches subtensor spec 381 where it serves 381', () => {
  for (const name of MINE_381) {
    it(`${name}: index, calls, events, errors, constants, storage`, () => {
      const want = spec381.pallets[name];
      const pallet = metadata.asLatest.pallets.find((p) => p.name.toString() === name)!;
      expect(pallet, `${name} is in the metadata`).toBeDefined();
      expect(pallet.index.toNumber()).toBe(want.index);
      const fieldName = (f: { name: { isSome: boolean; unwrap(): { toString(): string } } }) => (f.name.isSome ? f.name.unwrap().toString() : null);

      const calls = registry.lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants;
      expect(calls.map((v) => [v.index.toNumber(), v.name.toString()])).toEqual(want.calls.map((c) => [c.index, c.name]));
      for (const v of calls) {
        const w = want.calls.find((c) => c.name === v.name.toString())!;
        expect(v.fields.map(fieldName), `${name}.${v.name} fields`).toEqual(w.fields.map((f) => f.name));
        for (const [i, f] of v.fields.entries()) {
          const [ours, theirs] = sameType381(f.type, w.fields[i].type);
          expect(ours, `${name}.${v.name} field ${i}`).toBe(theirs);
        }
      }

      const events = registry.lookup.getSiType(pallet.events.unwrap().type).def.asVariant.variants;
      expect(events.map((v) => [v.index.toNumber(), v.name.toString()])).toEqual(want.events.map((e) => [e.index, e.name]));
      for (const v of events) {
        const w = want.events.find((e) => e.name === v.name.toString())!;
        expect(v.fields.map(fieldName), `${name}.${v.name} fields`).toEqual(w.fields.map((f) => f.name));
        for (const [i, f] of v.fields.entries()) {
          const [ours, theirs] = sameType381(f.type, w.fields[i].type);
          expect(ours, `${name}.${v.name} field ${i}`).toBe(theirs);
        }
      }

      const errors = registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant.variants;
      expect(errors.map((v) => [v.index.toNumber(), v.name.toString()])).toEqual(want.errors.map((e) => [e.index, e.name]));

      expect(pallet.constants.map((c) => [c.name.toString(), c.value.toHex()])).toEqual(want.constants.map((c) => [c.name, c.value]));

      const items = pallet.storage.unwrap().items;
      expect(items.map((i) => i.name.toString())).toEqual(want.storage.map((s) => s.name));
      for (const item of items) {
        const w = want.storage.find((s) => s.name === item.name.toString())!;
        expect(item.modifier.toString(), `${name}.${item.name} modifier`).toBe(w.modifier);
        expect(item.type.isMap ? item.type.asMap.hashers.map((h) => h.toString()) : [], `${name}.${item.name} hashers`).toEqual(w.hashers);
        const value = item.type.isMap ? item.type.asMap.value : item.type.asPlain;
        const [ours, theirs] = sameType381(value, w.value);
        expect(ours, `${name}.${item.name} value`).toBe(theirs);
        expect(item.fallback.toHex(), `${name}.${item.name} default`).toBe(w.default);
      }
    });
  }
});
