import { Metadata, TypeRegistry } from '@polkadot/types';
import type { RuntimeVersion, SiLookupTypeId } from '@polkadot/types/interfaces';
import { SubnetError } from '../../core/errors.ts';
import { type NamedType, type TypeField, TypeNames } from './type-names.ts';

/**
 * The whole interface of a runtime, read from its SCALE metadata: every pallet's
 * calls, events, errors, constants and storage, the transaction extensions, the
 * runtime APIs and the runtime version, with readable type expressions (see
 * `TypeNames`) and the definitions of the named types they use.
 */
export interface RuntimeInterface {
  source: string;
  metadataVersion: number;
  runtime: { specName: string; implName: string; specVersion: number; implVersion: number; transactionVersion: number; authoringVersion: number } | null;
  extrinsic: { versions: number[]; address: string; call: string; signature: string };
  transactionExtensions: { identifier: string; type: string; implicit: string }[];
  pallets: Record<string, PalletInterface>;
  runtimeApis: { name: string; version: number; methods: { name: string; inputs: { name: string; type: string }[]; output: string }[] }[];
  types: Record<string, NamedType>;
}
export interface PalletInterface {
  index: number;
  calls: { index: number; name: string; fields: { name: string; type: string }[] }[];
  events: { index: number; name: string; fields: TypeField[] }[];
  errors: { index: number; name: string; docs: string }[];
  constants: { name: string; type: string; value: string }[];
  storage: StorageInterface[];
}
export interface StorageInterface {
  name: string;
  modifier: 'Default' | 'Optional';
  hashers: string[];
  keys: string[];
  value: string;
  default: string;
}

/** Decodes SCALE metadata (V14 and later; V16 as recorded from subtensor) into a `RuntimeInterface`. */
export function interfaceFromMetadata(bytes: Uint8Array, source: string): RuntimeInterface {
  const registry = new TypeRegistry();
  let metadata: Metadata;
  try {
    metadata = new Metadata(registry, bytes);
  } catch (cause) {
    throw new SubnetError('INTERFACE_INPUT_INVALID', `cannot decode the metadata of ${source}`, { cause });
  }
  const version = metadata.version;
  if (version < 14) throw new SubnetError('INTERFACE_INPUT_INVALID', `${source} is metadata V${version}; the generator reads V14 and later`);
  const md = metadata.asLatest;
  const names = new TypeNames(md.lookup);
  const t = (id: { toNumber(): number }) => names.expr(id.toNumber());
  /** The variants of a pallet's call, event or error enum, each field with its type expression. */
  const variantsOf = (id: SiLookupTypeId) => {
    const owner = md.lookup.getSiType(id);
    return owner.def.asVariant.variants.map((v) => ({
      index: v.index.toNumber(),
      name: v.name.toString(),
      docs: v.docs,
      fields: v.fields.map((f) => names.field(f, owner)),
    }));
  };
  const firstLine = (docs: { toString(): string }[]) => (docs.length ? docs[0].toString().trim() : '');

  const pallets: Record<string, PalletInterface> = {};
  for (const p of md.pallets) {
    pallets[p.name.toString()] = {
      index: p.index.toNumber(),
      calls: p.calls.isSome
        ? variantsOf(p.calls.unwrap().type).map((v) => ({ index: v.index, name: v.name, fields: v.fields.map((f) => ({ name: f.name ?? '', type: f.type })) }))
        : [],
      events: p.events.isSome ? variantsOf(p.events.unwrap().type).map((v) => ({ index: v.index, name: v.name, fields: v.fields })) : [],
      errors: p.errors.isSome ? variantsOf(p.errors.unwrap().type).map((v) => ({ index: v.index, name: v.name, docs: firstLine(v.docs) })) : [],
      constants: p.constants.map((c) => ({ name: c.name.toString(), type: t(c.type), value: c.value.toHex() })),
      storage: p.storage.isSome
        ? p.storage.unwrap().items.map((s): StorageInterface => {
            const map = s.type.isMap ? s.type.asMap : null;
            // a map with several hashers is keyed by a tuple, one element per hasher
            const keys = !map ? [] : map.hashers.length === 1 ? [t(map.key)] : md.lookup.getSiType(map.key).def.asTuple.map((k) => t(k));
            return {
              name: s.name.toString(),
              modifier: s.modifier.isOptional ? 'Optional' : 'Default',
              hashers: map ? map.hashers.map((h) => h.toString()) : [],
              keys,
              value: t(map ? map.value : s.type.asPlain),
              default: s.fallback.toHex(),
            };
          })
        : [],
    };
  }

  const runtimeApis = md.apis.map((api) => ({
    name: api.name.toString(),
    version: api.version.toNumber(),
    methods: api.methods.map((m) => ({
      name: m.name.toString(),
      inputs: m.inputs.map((i) => ({ name: i.name.toString(), type: t(i.type) })),
      output: t(m.output),
    })),
  }));
  const ex = md.extrinsic;
  const transactionExtensions = ex.transactionExtensions.map((e) => ({ identifier: e.identifier.toString(), type: t(e.type), implicit: t(e.implicit) }));
  const extrinsic = { versions: Array.from(ex.versions.toU8a(true)), address: t(ex.addressType), call: t(ex.callType), signature: t(ex.signatureType) };

  const versionConst = md.pallets.find((p) => p.name.toString() === 'System')?.constants.find((c) => c.name.toString() === 'Version');
  let runtime: RuntimeInterface['runtime'] = null;
  if (versionConst) {
    const v = registry.createTypeUnsafe<RuntimeVersion>('RuntimeVersion', [versionConst.value]);
    runtime = {
      specName: v.specName.toString(),
      implName: v.implName.toString(),
      specVersion: v.specVersion.toNumber(),
      implVersion: v.implVersion.toNumber(),
      transactionVersion: v.transactionVersion.toNumber(),
      authoringVersion: v.authoringVersion.toNumber(),
    };
  }

  const types: Record<string, NamedType> = {};
  for (const name of [...names.types.keys()].sort()) types[name] = names.types.get(name)!;
  return { source, metadataVersion: version, runtime, extrinsic, transactionExtensions, pallets, runtimeApis, types };
}
