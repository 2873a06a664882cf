import { u8aConcat, u8aToHex } from '@polkadot/util';
import { TypeRegistry } from '@polkadot/types';
import type { PalletDef } from '../pallet.ts';
import type { Runtime } from '../runtime/build.ts';
import { encode } from '../scale/codec.ts';
import { field, PortableBuilder, type SiVariant } from './portable.ts';

const MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]); // "meta"
const RUNTIME_CRATE = 'node_subtensor_runtime';

/** Rust crate of a pallet, for type paths (`pallet_balances::pallet::Call`). */
export function palletCrate(name: string): string {
  if (name === 'System') return 'frame_system';
  if (name === 'SubtensorModule') return 'pallet_subtensor';
  // subtensor's own forks of these pallets, as spec 381 names them
  if (name === 'Swap' || name === 'Utility') return `pallet_subtensor_${name.toLowerCase()}`;
  return `pallet_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** The module of a pallet's `Call`/`Event`/`Error` enums: subtensor's swap pallet nests its `pallet` module in one of the same name. */
function palletModule(name: string): string[] {
  return name === 'Swap' ? [palletCrate(name), 'pallet', 'pallet'] : [palletCrate(name), 'pallet'];
}

/** The runtime's signed extensions, in order: identifier, extra type (in the extrinsic), additional signed (in the payload). */
export const SIGNED_EXTENSIONS: { identifier: string; path: string[]; extra: Record<string, string> | string | null; additional: string }[] = [
  { identifier: 'CheckNonZeroSender', path: ['frame_system', 'extensions', 'check_non_zero_sender', 'CheckNonZeroSender'], extra: null, additional: '()' },
  { identifier: 'CheckSpecVersion', path: ['frame_system', 'extensions', 'check_spec_version', 'CheckSpecVersion'], extra: null, additional: 'u32' },
  { identifier: 'CheckTxVersion', path: ['frame_system', 'extensions', 'check_tx_version', 'CheckTxVersion'], extra: null, additional: 'u32' },
  { identifier: 'CheckGenesis', path: ['frame_system', 'extensions', 'check_genesis', 'CheckGenesis'], extra: null, additional: 'H256' },
  { identifier: 'CheckMortality', path: ['frame_system', 'extensions', 'check_mortality', 'CheckMortality'], extra: 'Era', additional: 'H256' },
  { identifier: 'CheckNonce', path: ['node_subtensor_runtime', 'check_nonce', 'CheckNonce'], extra: 'Compact<u32>', additional: '()' },
  { identifier: 'CheckWeight', path: ['frame_system', 'extensions', 'check_weight', 'CheckWeight'], extra: null, additional: '()' },
  { identifier: 'ChargeTransactionPayment', path: ['pallet_transaction_payment', 'ChargeTransactionPayment'], extra: 'Compact<u64>', additional: '()' },
  // spec 381's three dataless extensions: nothing in the extrinsic, nothing in the signed payload
  { identifier: 'SudoTransactionExtension', path: ['node_subtensor_runtime', 'sudo_wrapper', 'SudoTransactionExtension'], extra: null, additional: '()' },
  {
    identifier: 'SubtensorTransactionExtension',
    path: ['pallet_subtensor', 'extensions', 'subtensor', 'SubtensorTransactionExtension'],
    extra: null,
    additional: '()',
  },
  { identifier: 'DrandPriority', path: ['pallet_drand', 'drand_priority', 'DrandPriority'], extra: null, additional: '()' },
  {
    identifier: 'CheckMetadataHash',
    path: ['frame_metadata_hash_extension', 'CheckMetadataHash'],
    extra: { mode: 'MetadataHashMode' },
    additional: 'Option<[u8; 32]>',
  },
];

interface Built {
  v14: Uint8Array;
  v15: Uint8Array;
}

/** Builds metadata V14 and V15 (with runtime APIs) from the runtime's pallets; returns prefixed ("meta" + version) bytes. */
export function buildMetadata(runtime: Runtime): Built {
  let callId: number | undefined;
  let eventId: number | undefined;
  let extrinsicId: number | undefined;
  const palletCallIds = new Map<string, number>();
  const palletEventIds = new Map<string, number>();
  const palletErrorIds = new Map<string, number>();

  const b: PortableBuilder = new PortableBuilder(runtime.registry, (name) => {
    if (name === 'Call' || name === 'RuntimeCall') return (callId ??= outerCall());
    if (name === 'RuntimeEvent') return (eventId ??= outerEvent());
    if (name === 'Era') return era();
    if (name === 'Extrinsic') return (extrinsicId ??= extrinsic());
    return undefined;
  });

  const era = () => {
    const known = b.memoized('#Era');
    if (known !== undefined) return known;
    const variants: SiVariant[] = [{ name: 'Immortal', fields: [], index: 0, docs: [] }];
    const u8 = b.id('u8');
    for (let i = 1; i < 256; i++) variants.push({ name: `Mortal${i}`, fields: [field(null, u8)], index: i, docs: [] });
    return b.add({ path: ['sp_runtime', 'generic', 'era', 'Era'], params: [], def: { Variant: { variants } }, docs: [] }, '#Era');
  };

  const palletCall = (p: PalletDef) => {
    if (!p.calls?.length) return undefined;
    const id = b.reserve();
    palletCallIds.set(p.name, id);
    const variants = [...p.calls]
      .sort((x, y) => x.index - y.index)
      .map((c) => ({
        name: c.name,
        index: c.index,
        docs: c.docs ?? [],
        fields: c.args.map((a) => field(a.name, b.id(a.type), a.type)),
      }));
    return b.set(id, {
      path: [...palletModule(p.name), 'Call'],
      params: [{ name: 'T', type: null }],
      def: { Variant: { variants } },
      docs: ['Contains a variant per dispatchable extrinsic that this pallet has.'],
    });
  };
  const palletEvent = (p: PalletDef) => {
    if (!p.events?.length) return undefined;
    const id = b.reserve();
    palletEventIds.set(p.name, id);
    const variants = [...p.events]
      .sort((x, y) => x.index - y.index)
      .map((e) => ({
        name: e.name,
        index: e.index,
        docs: e.docs ?? [],
        fields: e.fields.map((f) => field(f.name === '' ? null : f.name, b.id(f.type), f.type)),
      }));
    return b.set(id, {
      path: [...palletModule(p.name), 'Event'],
      params: [{ name: 'T', type: null }],
      def: { Variant: { variants } },
      docs: ['The `Event` enum of this pallet'],
    });
  };
  const palletError = (p: PalletDef) => {
    if (!p.errors?.length) return undefined;
    const variants = [...p.errors].sort((x, y) => x.index - y.index).map((e) => ({ name: e.name, index: e.index, docs: e.docs ?? [], fields: [] }));
    const id = b.add({
      path: [...palletModule(p.name), 'Error'],
      params: [{ name: 'T', type: null }],
      def: { Variant: { variants } },
      docs: ['The `Error` enum of this pallet.'],
    });
    palletErrorIds.set(p.name, id);
    return id;
  };

  function outerCall(): number {
    const id = b.reserve('Call');
    const variants = runtime.pallets
      .filter((p) => p.calls?.length)
      .map((p) => ({
        name: p.name,
        index: p.index,
        docs: [],
        fields: [
          field(null, palletCall(p)!, `self::sp_api_hidden_includes_construct_runtime::hidden_include::dispatch\n::CallableCallFor<${p.name}, Runtime>`),
        ],
      }));
    return b.set(id, { path: [RUNTIME_CRATE, 'RuntimeCall'], params: [], def: { Variant: { variants } }, docs: [] });
  }
  function outerEvent(): number {
    const id = b.reserve('RuntimeEvent');
    const variants = runtime.pallets
      .filter((p) => p.events?.length)
      .map((p) => ({ name: p.name, index: p.index, docs: [], fields: [field(null, palletEvent(p)!, `${palletCrate(p.name)}::Event<Runtime>`)] }));
    return b.set(id, { path: [RUNTIME_CRATE, 'RuntimeEvent'], params: [], def: { Variant: { variants } }, docs: [] });
  }
  function extrinsic(): number {
    const id = b.reserve('#Extrinsic');
    const extra = b.add({ path: [], params: [], def: { Tuple: SIGNED_EXTENSIONS.map((e) => b.memoized(`#ext:${e.identifier}`)!) }, docs: [] });
    return b.set(id, {
      path: ['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'],
      params: [
        { name: 'Address', type: b.id('MultiAddress') },
        { name: 'Call', type: b.id('Call') },
        { name: 'Signature', type: b.id('MultiSignature') },
        { name: 'Extra', type: extra },
      ],
      def: { Composite: { fields: [field(null, b.id('Vec<u8>'))] } },
      docs: [],
    });
  }
  // signed extension types are referenced by the Extra tuple under synthetic names
  for (const e of SIGNED_EXTENSIONS) {
    const key = `#ext:${e.identifier}`;
    const fields =
      e.extra === null
        ? []
        : typeof e.extra === 'string'
          ? [field(null, b.id(e.extra), e.extra)]
          : Object.entries(e.extra).map(([n, t]) => field(n, b.id(t), t));
    b.add({ path: e.path, params: [{ name: 'T', type: null }], def: { Composite: { fields } }, docs: [] }, key);
  }

  const extrinsicType = b.id('Extrinsic');
  const callType = b.id('Call');
  const eventType = b.id('RuntimeEvent');
  const runtimeType = b.add({ path: [RUNTIME_CRATE, 'Runtime'], params: [], def: { Composite: { fields: [] } }, docs: [] });

  const pallets = runtime.pallets.map((p) => {
    const storage = p.storage?.length
      ? {
          prefix: p.name,
          items: p.storage.map((item) => {
            const keys = item.def.keys ?? [];
            const value = b.id(item.def.value);
            return {
              name: item.def.name,
              modifier: item.def.modifier ?? 'Default',
              type: keys.length
                ? {
                    Map: {
                      hashers: keys.map((k) => k.hasher),
                      key: keys.length === 1 ? b.id(keys[0].type) : b.id(`(${keys.map((k) => k.type).join(', ')})`),
                      value,
                    },
                  }
                : { Plain: value },
              fallback: u8aToHex(item.defaultBytes()),
              docs: item.def.docs ?? [],
            };
          }),
        }
      : null;
    const constants = (p.constants ?? []).map((c) => ({
      name: c.name,
      type: b.id(c.type),
      value: u8aToHex(encode(runtime.registry.codec(c.type), runtime.constantValue(p, c.name))),
      docs: c.docs ?? [],
    }));
    return {
      name: p.name,
      storage,
      calls: p.calls?.length ? { type: palletCallIds.get(p.name) } : null,
      events: p.events?.length ? { type: palletEventIds.get(p.name) } : null,
      constants,
      errors: p.errors?.length ? { type: palletError(p) } : null,
      index: p.index,
      docs: p.docs ?? [],
    };
  });
  const errorType = b.add({
    path: [RUNTIME_CRATE, 'RuntimeError'],
    params: [],
    def: {
      Variant: {
        variants: runtime.pallets
          .filter((p) => palletErrorIds.has(p.name))
          .map((p) => ({
            name: p.name,
            index: p.index,
            docs: [],
            fields: [field(null, palletErrorIds.get(p.name)!, `${palletCrate(p.name)}::Error<Runtime>`)],
          })),
      },
    },
    docs: [],
  });

  const signedExtensions = SIGNED_EXTENSIONS.map((e) => ({
    identifier: e.identifier,
    type: b.memoized(`#ext:${e.identifier}`)!,
    additionalSigned: b.id(e.additional),
  }));
  const apis = runtime.apis.map((api) => ({
    name: api.name,
    docs: api.docs ?? [],
    methods: api.methods.map((m) => ({
      name: m.name,
      inputs: m.inputs.map((i) => ({ name: i.name, type: b.id(i.type) })),
      output: b.id(m.output),
      docs: m.docs ?? [],
    })),
  }));

  const registry = new TypeRegistry();
  const lookup = { types: b.types };
  const v14 = registry.createType('MetadataV14', {
    lookup,
    pallets: pallets.map(({ docs: _docs, ...rest }) => rest),
    extrinsic: { type: extrinsicType, version: 4, signedExtensions },
    type: runtimeType,
  });
  const v15 = registry.createType('MetadataV15', {
    lookup,
    pallets,
    extrinsic: {
      version: 4,
      addressType: b.id('MultiAddress'),
      callType,
      signatureType: b.id('MultiSignature'),
      extraType: b.types[extrinsicType].type.params[3].type,
      signedExtensions,
    },
    type: runtimeType,
    apis,
    outerEnums: { callType, eventType, errorType },
    custom: { map: new Map() },
  });
  return {
    v14: u8aConcat(MAGIC, new Uint8Array([14]), v14.toU8a()),
    v15: u8aConcat(MAGIC, new Uint8Array([15]), v15.toU8a()),
  };
}
