import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Spec293 } from '../../devnet/interface/spec293.ts';
import { buildMetadata } from '../../devnet/metadata/build.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { nodeRuntimeApis } from '../../devnet/runtime/node-apis.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// Everything the devnet's own pallets declare must match the real runtime's
// interface (spec 293, devnet/interface/spec293.json): indices, names, argument and field names and SCALE
// types, storage hashers/modifiers/defaults, errors, constants, signed extensions.
const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec293.json'), 'utf8')) as Spec293;
const MINE = ['System', 'Timestamp', 'Balances', 'TransactionPayment', 'Utility', 'Sudo'];

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
  const runtime = buildRuntime(PALLETS, nodeRuntimeApis(() => {
    throw new Error('not needed');
  }));
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
        expect(v.fields.map((f) => f.name.unwrap().toString()), `${name}.${v.name} fields`).toEqual(w.fields.map((f) => f.name));
        expect(v.fields.map((f) => typeOf(f.type)), `${name}.${v.name} types`).toEqual(w.fields.map((f) => EVENT_TYPES[f.type] ?? f.type));
      }

      const errors = pallet.errors.isSome ? registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant.variants : [];
      expect(errors.map((v) => [v.index.toNumber(), v.name.toString()])).toEqual(want.errors.map((e) => [e.index, e.name]));

      expect(pallet.constants.map((c) => c.name.toString())).toEqual(want.constants.map((c) => c.name));
      for (const c of pallet.constants) {
        const w = want.constants.find((x) => x.name === c.name.toString())!;
        if (c.name.toString() === 'Version') continue; // carries the devnet's own API list
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
