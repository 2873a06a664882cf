import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { SubnetError } from '../../core/errors.ts';
import type { CallDef, ConstantContext, EventDef, Hex, PalletDef, RuntimeApiDef, RuntimeCall } from '../pallet.ts';
import { type Codec, ScaleError, structCodec } from '../scale/codec.ts';
import { TypeRegistry } from '../scale/registry.ts';
import { CHAIN } from '../spec.ts';

/** JS value of an event inside `EventRecord.event`. */
export interface RuntimeEventValue {
  pallet: string;
  event: string;
  data: unknown[];
}

export interface BuiltCall {
  pallet: PalletDef;
  def: CallDef;
  argsCodec: Codec<Record<string, unknown>>;
}

export interface BuiltEvent {
  pallet: PalletDef;
  def: EventDef;
  codecs: Codec[];
}

/** The runtime assembled from `PALLETS`: outer Call/Event codecs and lookups. */
export interface Runtime {
  /** the named types of the pallets and runtime APIs, and the codecs compiled from them */
  registry: TypeRegistry;
  pallets: PalletDef[];
  palletByName: Map<string, PalletDef>;
  callCodec: Codec<RuntimeCall>;
  eventCodec: Codec<RuntimeEventValue>;
  findCall(pallet: string, call: string): BuiltCall;
  findEvent(pallet: string, event: string): BuiltEvent;
  /** DispatchError::Module for `pallet.errorName` */
  moduleError(pallet: string, errorName: string): { Module: { index: number; error: Hex } };
  /** APIs from pallets plus the node's own (`nodeApis`), in metadata order. */
  apis: RuntimeApiDef[];
  apiMethod(name: string): { api: RuntimeApiDef; method: RuntimeApiDef['methods'][number] } | undefined;
  runtimeVersion: Record<string, unknown>;
  constantValue(pallet: PalletDef, name: string): unknown;
}

/** Lower camel case of a pallet or call name, as polkadot-js sections/methods. */
export function camel(name: string): string {
  const c = name.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase());
  return c.charAt(0).toLowerCase() + c.slice(1);
}

/** blake2_64 of a runtime API name, as in `RuntimeVersion.apis`. */
export function apiId(name: string): Hex {
  return u8aToHex(blake2AsU8a(stringToU8a(name), 64)) as Hex;
}

/**
 * Assembles a runtime: its type registry (builtins, then each pallet's and
 * runtime API's `types`), to which it binds the pallets' storage items, and
 * the outer Call/Event codecs and lookups.
 */
export function buildRuntime(palletList: PalletDef[], nodeApis: RuntimeApiDef[]): Runtime {
  const pallets = [...palletList].sort((a, b) => a.index - b.index);
  const registry = new TypeRegistry();
  const palletByName = new Map<string, PalletDef>();
  const palletByIndex = new Map<number, PalletDef>();
  for (const p of pallets) {
    if (palletByIndex.has(p.index)) throw new SubnetError('DEVNET_RUNTIME', `pallets ${palletByIndex.get(p.index)!.name} and ${p.name} share index ${p.index}`);
    palletByIndex.set(p.index, p);
    palletByName.set(p.name, p);
    palletByName.set(camel(p.name), p);
    if (p.types) registry.register(p.types, p.name);
    for (const item of [...(p.storage ?? []), ...(p.devnetStorage ?? [])]) {
      if (item.pallet !== p.name) throw new SubnetError('DEVNET_RUNTIME', `storage ${item.pallet}.${item.def.name} listed in pallet ${p.name}`);
    }
  }
  const apis = [...nodeApis, ...pallets.flatMap((p) => p.runtimeApis ?? [])];
  for (const api of apis) if (api.types) registry.register(api.types, api.name);
  for (const p of pallets) for (const item of [...(p.storage ?? []), ...(p.devnetStorage ?? [])]) item.bind(registry);

  const calls = new Map<string, BuiltCall>();
  const callsByIndex = new Map<number, BuiltCall>();
  for (const p of pallets) {
    for (const def of p.calls ?? []) {
      const built: BuiltCall = {
        pallet: p,
        def,
        argsCodec: structCodec(
          def.args.map((a) => [a.name, registry.codec(a.type)] as [string, Codec]),
          `${p.name}.${def.name}`,
        ),
      };
      calls.set(`${p.name}.${def.name}`, built);
      calls.set(`${camel(p.name)}.${camel(def.name)}`, built);
      callsByIndex.set(p.index * 256 + def.index, built);
    }
  }
  const events = new Map<string, BuiltEvent>();
  const eventsByIndex = new Map<number, BuiltEvent>();
  for (const p of pallets) {
    for (const def of p.events ?? []) {
      const built: BuiltEvent = { pallet: p, def, codecs: def.fields.map((f) => registry.codec(f.type)) };
      events.set(`${p.name}.${def.name}`, built);
      eventsByIndex.set(p.index * 256 + def.index, built);
    }
  }

  // lookups by (pallet, name) pairs already seen, without building a joined string: every
  // dispatch and event of a block goes through them
  const callHits = new Map<string, Map<string, BuiltCall>>();
  const eventHits = new Map<string, Map<string, BuiltEvent>>();
  const remembered = <T>(hits: Map<string, Map<string, T>>, pallet: string, name: string, find: () => T): T => {
    let byName = hits.get(pallet);
    const hit = byName?.get(name);
    if (hit !== undefined) return hit;
    const found = find();
    if (!byName) hits.set(pallet, (byName = new Map()));
    byName.set(name, found);
    return found;
  };
  const findCall = (pallet: string, call: string): BuiltCall =>
    remembered(callHits, pallet, call, () => {
      const c = calls.get(`${pallet}.${call}`) ?? calls.get(`${camel(pallet)}.${camel(call)}`);
      if (!c) throw new ScaleError(`unknown call ${pallet}.${call}`);
      return c;
    });
  const findEvent = (pallet: string, event: string): BuiltEvent =>
    remembered(eventHits, pallet, event, () => {
      const e = events.get(`${pallet}.${event}`) ?? events.get(`${palletByName.get(pallet)?.name}.${event}`);
      if (!e) throw new SubnetError('DEVNET_RUNTIME', `unknown event ${pallet}.${event}`);
      return e;
    });

  const callCodec: Codec<RuntimeCall> = {
    encodeTo(w, v) {
      const c = findCall(v.pallet, v.call);
      w.byte(c.pallet.index);
      w.byte(c.def.index);
      c.argsCodec.encodeTo(w, v.args ?? {});
    },
    decode(r) {
      const p = r.byte();
      const i = r.byte();
      const c = callsByIndex.get(p * 256 + i);
      if (!c) throw new ScaleError(`unknown call index ${p}:${i}`);
      return { pallet: c.pallet.name, call: c.def.name, args: c.argsCodec.decode(r) };
    },
    zero: () => ({ pallet: 'System', call: 'remark', args: { remark: new Uint8Array() } }),
  };

  const eventCodec: Codec<RuntimeEventValue> = {
    encodeTo(w, v) {
      const e = findEvent(v.pallet, v.event);
      w.byte(e.pallet.index);
      w.byte(e.def.index);
      e.codecs.forEach((c, i) => c.encodeTo(w, v.data[i]));
    },
    decode(r) {
      const p = r.byte();
      const i = r.byte();
      const e = eventsByIndex.get(p * 256 + i);
      if (!e) throw new ScaleError(`unknown event index ${p}:${i}`);
      return { pallet: e.pallet.name, event: e.def.name, data: e.codecs.map((c) => c.decode(r)) };
    },
    zero: () => ({ pallet: 'System', event: 'CodeUpdated', data: [] }),
  };
  registry.setRuntimeCall(callCodec as Codec);
  registry.setRuntimeEvent(eventCodec as Codec);

  const moduleError = (pallet: string, errorName: string) => {
    const p = palletByName.get(pallet);
    const e = p?.errors?.find((x) => x.name === errorName);
    if (!p || !e) throw new SubnetError('DEVNET_RUNTIME', `unknown module error ${pallet}.${errorName}`);
    return { Module: { index: p.index, error: u8aToHex(new Uint8Array([e.index, 0, 0, 0])) as Hex } };
  };

  const apiMethods = new Map<string, { api: RuntimeApiDef; method: RuntimeApiDef['methods'][number] }>();
  for (const api of apis) for (const method of api.methods) apiMethods.set(`${api.name}_${method.name}`, { api, method });

  const runtimeVersion = {
    spec_name: CHAIN.specName,
    impl_name: CHAIN.implName,
    authoring_version: CHAIN.authoringVersion,
    spec_version: CHAIN.specVersion,
    impl_version: CHAIN.implVersion,
    apis: apis.map((a) => [apiId(a.name), a.version]),
    transaction_version: CHAIN.transactionVersion,
    system_version: CHAIN.systemVersion,
  };
  const constantCtx: ConstantContext = { runtimeVersion, registry };

  return {
    registry,
    pallets,
    palletByName,
    callCodec,
    eventCodec,
    findCall,
    findEvent,
    moduleError,
    apis,
    apiMethod: (name) => apiMethods.get(name),
    runtimeVersion,
    constantValue(pallet, name) {
      const c = pallet.constants?.find((x) => x.name === name);
      if (!c) throw new SubnetError('DEVNET_RUNTIME', `unknown constant ${pallet.name}.${name}`);
      return typeof c.value === 'function' ? (c.value as (rt: ConstantContext) => unknown)(constantCtx) : c.value;
    },
  };
}
