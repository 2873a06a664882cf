import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMetadata } from '../../devnet/metadata/build.ts';
import { swapPallet } from '../../devnet/pallets/swap/index.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { nodeRuntimeApis } from '../../devnet/runtime/node-apis.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// The Swap pallet exists only from the dTAO pool runtimes on: what it declares must be
// spec 381's (devnet/interface/spec381.json): index, storage names, hashers, key and
// value types, modifiers and defaults, errors, the calls and events it has, constants,
// and SwapRuntimeApi.
interface Spec381Pallet {
  index: number;
  calls: { index: number; name: string; fields: { name: string; type: string }[] }[];
  events: { index: number; name: string; fields: { name: string; type: string }[] }[];
  errors: { index: number; name: string }[];
  constants: { name: string; type: string; value: string }[];
  storage: { name: string; modifier: string; hashers: string[]; keys: string[]; value: string; default: string }[];
}
interface Spec381 {
  pallets: Record<string, Spec381Pallet>;
  runtimeApis: { name: string; version: number; methods: { name: string; inputs: { name: string; type: string }[]; output: string }[] }[];
}
const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as Spec381;
const want = spec.pallets.Swap!;

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

describe('the Swap pallet matches spec 381', () => {
  it('has its index and its error list', () => {
    expect(swapPallet.index).toBe(want.index);
    expect(swapPallet.errors!.map((e) => [e.index, e.name])).toEqual(want.errors.map((e) => [e.index, e.name]));
  });

  it('declares every storage item with the real hashers, types, modifier and default', () => {
    expect(swapPallet.storage!.map((s) => s.def.name)).toEqual(want.storage.map((s) => s.name));
    for (const item of swapPallet.storage!) {
      const w = want.storage.find((s) => s.name === item.def.name)!;
      expect(
        (item.def.keys ?? []).map((k) => k.hasher),
        `${w.name} hashers`,
      ).toEqual(w.hashers);
      expect(
        (item.def.keys ?? []).map((k) => k.type),
        `${w.name} keys`,
      ).toEqual(w.keys);
      expect(item.def.value, `${w.name} value`).toBe(w.value);
      expect(item.def.modifier ?? 'Default', `${w.name} modifier`).toBe(w.modifier);
    }
    const pallet = metadata.asLatest.pallets.find((p) => p.name.toString() === 'Swap')!;
    for (const item of pallet.storage.unwrap().items) {
      const w = want.storage.find((s) => s.name === item.name.toString())!;
      expect(item.fallback.toHex(), `${w.name} default`).toBe(w.default);
    }
  });

  it('declares its calls, events and constants as the real pallet does', () => {
    for (const c of swapPallet.calls!) {
      const w = want.calls.find((x) => x.name === c.name)!;
      expect(c.index, c.name).toBe(w.index);
      expect(c.args.map((a) => [a.name, a.type])).toEqual(w.fields.map((f) => [f.name, f.type]));
    }
    for (const e of swapPallet.events!) {
      const w = want.events.find((x) => x.name === e.name)!;
      expect(e.index, e.name).toBe(w.index);
      expect(e.fields.map((f) => [f.name, f.type])).toEqual(w.fields.map((f) => [f.name, f.type]));
    }
    const pallet = metadata.asLatest.pallets.find((p) => p.name.toString() === 'Swap')!;
    for (const c of pallet.constants) {
      const w = want.constants.find((x) => x.name === c.name.toString());
      expect(w, `${c.name} exists in spec 381`).toBeDefined();
      expect(c.value.toHex(), c.name.toString()).toBe(w!.value);
    }
  });

  it('serves SwapRuntimeApi with the real methods and types', () => {
    const ours = swapPallet.runtimeApis![0]!;
    const real = spec.runtimeApis.find((a) => a.name === ours.name)!;
    expect(ours.version).toBe(real.version);
    expect(ours.methods.map((m) => [m.name, m.inputs.map((i) => [i.name, i.type]), m.output])).toEqual(
      real.methods.map((m) => [m.name, m.inputs.map((i) => [i.name, i.type]), m.output]),
    );
  });
});
