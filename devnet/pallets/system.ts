import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { AccountId, ConstantContext, Hex } from '../pallet.ts';
import { definePallet, defineStorage, ensureRoot } from '../pallet.ts';
import { CHAIN } from '../spec.ts';

/** JS value of `frame_system::AccountInfo` (with `pallet_balances::AccountData`). */
export interface AccountInfo {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  data: { free: bigint; reserved: bigint; frozen: bigint; flags: bigint };
}

export type PhaseValue = { ApplyExtrinsic: number } | 'Finalization' | 'Initialization';

export interface EventRecord {
  phase: PhaseValue;
  event: Record<string, unknown>;
  topics: Hex[];
}

/** Balances' "new logic" flag, set on every account as the real runtime does. */
export const NEW_LOGIC_FLAG = 1n << 127n;

export const Account = defineStorage<[AccountId], AccountInfo>('System', {
  name: 'Account',
  keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
  value: 'AccountInfo',
  // pallet_balances' AccountData::default() carries the new-logic flag, so the metadata's default does too
  default: { nonce: 0, consumers: 0, providers: 0, sufficients: 0, data: { free: 0n, reserved: 0n, frozen: 0n, flags: NEW_LOGIC_FLAG } },
  docs: [' The full account information for a particular account ID.'],
});
export const ExtrinsicCount = defineStorage<[], number | undefined>('System', { name: 'ExtrinsicCount', value: 'u32', modifier: 'Optional' });
export const InherentsApplied = defineStorage<[], boolean>('System', { name: 'InherentsApplied', value: 'bool' });
export const BlockWeight = defineStorage<[], unknown>('System', { name: 'BlockWeight', value: 'PerDispatchClassWeight' });
export const AllExtrinsicsLen = defineStorage<[], number | undefined>('System', { name: 'AllExtrinsicsLen', value: 'u32', modifier: 'Optional' });
export const BlockHash = defineStorage<[number], Hex>('System', {
  name: 'BlockHash',
  keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
  value: 'H256',
});
export const ExtrinsicData = defineStorage<[number], Uint8Array>('System', {
  name: 'ExtrinsicData',
  keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
  value: 'Vec<u8>',
});
export const Number_ = defineStorage<[], number>('System', { name: 'Number', value: 'u32' });
export const ParentHash = defineStorage<[], Hex>('System', { name: 'ParentHash', value: 'H256' });
export const Digest = defineStorage<[], { logs: unknown[] }>('System', { name: 'Digest', value: 'Digest' });
export const Events = defineStorage<[], EventRecord[]>('System', { name: 'Events', value: 'Vec<EventRecord>' });
export const EventCount = defineStorage<[], number>('System', { name: 'EventCount', value: 'u32' });
export const LastRuntimeUpgrade = defineStorage<[], unknown>('System', {
  name: 'LastRuntimeUpgrade',
  value: 'LastRuntimeUpgradeInfo',
  modifier: 'Optional',
});
export const UpgradedToU32RefCount = defineStorage<[], boolean>('System', { name: 'UpgradedToU32RefCount', value: 'bool' });
export const UpgradedToTripleRefCount = defineStorage<[], boolean>('System', { name: 'UpgradedToTripleRefCount', value: 'bool' });
export const ExecutionPhase = defineStorage<[], PhaseValue | undefined>('System', {
  name: 'ExecutionPhase',
  value: 'Phase',
  modifier: 'Optional',
});

const weight = (refTime: bigint, proofSize: bigint) => ({ ref_time: refTime, proof_size: proofSize });

/** Decoded from the real runtime's `System.BlockWeights` constant (spec 381). */
const BLOCK_WEIGHTS = {
  base_block: weight(431_614_000n, 0n),
  max_block: weight(4_000_000_000_000n, 18_446_744_073_709_551_615n),
  per_class: {
    normal: {
      base_extrinsic: weight(108_157_000n, 0n),
      max_extrinsic: weight(2_599_891_843_000n, 11_990_383_647_911_208_550n),
      max_total: weight(3_000_000_000_000n, 13_835_058_055_282_163_711n),
      reserved: weight(0n, 0n),
    },
    operational: {
      base_extrinsic: weight(108_157_000n, 0n),
      max_extrinsic: weight(3_599_891_843_000n, 16_602_069_666_338_596_454n),
      max_total: weight(4_000_000_000_000n, 18_446_744_073_709_551_615n),
      reserved: weight(1_000_000_000_000n, 4_611_686_018_427_387_904n),
    },
    mandatory: { base_extrinsic: weight(108_157_000n, 0n), max_extrinsic: null, max_total: null, reserved: null },
  },
};

export const system = definePallet({
  name: 'System',
  index: 0,
  types: {
    AccountData: {
      path: ['pallet_balances', 'types', 'AccountData'],
      params: [{ name: 'Balance', type: 'u64' }],
      struct: { free: 'u64', reserved: 'u64', frozen: 'u64', flags: 'ExtraFlags' },
    },
    ExtraFlags: { path: ['pallet_balances', 'types', 'ExtraFlags'], newtype: 'u128' },
    RefCount: { alias: 'u32' },
    AccountInfo: {
      path: ['frame_system', 'AccountInfo'],
      params: [
        { name: 'Nonce', type: 'u32' },
        { name: 'AccountData', type: 'AccountData' },
      ],
      struct: { nonce: 'u32', consumers: 'RefCount', providers: 'RefCount', sufficients: 'RefCount', data: 'AccountData' },
    },
    Phase: {
      path: ['frame_system', 'Phase'],
      enum: [
        { name: 'ApplyExtrinsic', index: 0, type: 'u32' },
        { name: 'Finalization', index: 1 },
        { name: 'Initialization', index: 2 },
      ],
    },
    EventRecord: {
      path: ['frame_system', 'EventRecord'],
      params: [
        { name: 'E', type: 'RuntimeEvent' },
        { name: 'T', type: 'H256' },
      ],
      struct: { phase: 'Phase', event: 'RuntimeEvent', topics: 'Vec<H256>' },
    },
    DigestItem: {
      path: ['sp_runtime', 'generic', 'digest', 'DigestItem'],
      enum: [
        // in the order sp_runtime declares them, as its metadata lists them
        { name: 'PreRuntime', index: 6, types: ['[u8; 4]', 'Vec<u8>'] },
        { name: 'Consensus', index: 4, types: ['[u8; 4]', 'Vec<u8>'] },
        { name: 'Seal', index: 5, types: ['[u8; 4]', 'Vec<u8>'] },
        { name: 'Other', index: 0, type: 'Vec<u8>' },
        { name: 'RuntimeEnvironmentUpdated', index: 8 },
      ],
    },
    Digest: { path: ['sp_runtime', 'generic', 'digest', 'Digest'], struct: { logs: 'Vec<DigestItem>' } },
    PerDispatchClassWeight: {
      path: ['frame_support', 'dispatch', 'PerDispatchClass'],
      params: [{ name: 'T', type: 'Weight' }],
      struct: { normal: 'Weight', operational: 'Weight', mandatory: 'Weight' },
    },
    WeightsPerClass: {
      path: ['frame_system', 'limits', 'WeightsPerClass'],
      struct: { base_extrinsic: 'Weight', max_extrinsic: 'Option<Weight>', max_total: 'Option<Weight>', reserved: 'Option<Weight>' },
    },
    PerDispatchClassWeightsPerClass: {
      path: ['frame_support', 'dispatch', 'PerDispatchClass'],
      params: [{ name: 'T', type: 'WeightsPerClass' }],
      struct: { normal: 'WeightsPerClass', operational: 'WeightsPerClass', mandatory: 'WeightsPerClass' },
    },
    BlockWeights: {
      path: ['frame_system', 'limits', 'BlockWeights'],
      struct: { base_block: 'Weight', max_block: 'Weight', per_class: 'PerDispatchClassWeightsPerClass' },
    },
    PerDispatchClassU32: {
      path: ['frame_support', 'dispatch', 'PerDispatchClass'],
      params: [{ name: 'T', type: 'u32' }],
      struct: { normal: 'u32', operational: 'u32', mandatory: 'u32' },
    },
    BlockLength: { path: ['frame_system', 'limits', 'BlockLength'], struct: { max: 'PerDispatchClassU32' } },
    RuntimeDbWeight: { path: ['sp_weights', 'RuntimeDbWeight'], struct: { read: 'u64', write: 'u64' } },
    RuntimeVersion: {
      path: ['sp_version', 'RuntimeVersion'],
      struct: {
        spec_name: 'str',
        impl_name: 'str',
        authoring_version: 'u32',
        spec_version: 'u32',
        impl_version: 'u32',
        apis: 'Vec<([u8; 8], u32)>',
        transaction_version: 'u32',
        system_version: 'u8',
      },
    },
    LastRuntimeUpgradeInfo: {
      path: ['frame_system', 'LastRuntimeUpgradeInfo'],
      struct: { spec_version: 'Compact<u32>', spec_name: 'str' },
    },
  },
  calls: [
    {
      index: 0,
      name: 'remark',
      args: [{ name: 'remark', type: 'Vec<u8>' }],
      docs: ['Make some on-chain remark.'],
      dispatch() {},
    },
    {
      index: 1,
      name: 'set_heap_pages',
      args: [{ name: 'pages', type: 'u64' }],
      docs: ["Set the number of pages in the WebAssembly environment's heap (a no-op on the devnet)."],
      dispatch(ctx) {
        ensureRoot(ctx.origin);
      },
    },
    {
      index: 4,
      name: 'set_storage',
      args: [{ name: 'items', type: 'Vec<(Vec<u8>, Vec<u8>)>' }],
      docs: ['Set some items of storage.'],
      dispatch(ctx, { items }: { items: [Uint8Array, Uint8Array][] }) {
        ensureRoot(ctx.origin);
        for (const [k, v] of items) ctx.state.set(toHex(k), v);
      },
    },
    {
      index: 5,
      name: 'kill_storage',
      args: [{ name: 'keys', type: 'Vec<Vec<u8>>' }],
      docs: ['Kill some items from storage.'],
      dispatch(ctx, { keys }: { keys: Uint8Array[] }) {
        ensureRoot(ctx.origin);
        for (const k of keys) ctx.state.delete(toHex(k));
      },
    },
    {
      index: 6,
      name: 'kill_prefix',
      args: [
        { name: 'prefix', type: 'Vec<u8>' },
        { name: 'subkeys', type: 'u32' },
      ],
      docs: ['Kill all storage items with a key that starts with the given prefix.'],
      dispatch(ctx, { prefix }: { prefix: Uint8Array }) {
        ensureRoot(ctx.origin);
        for (const k of ctx.state.keys(toHex(prefix))) ctx.state.delete(k);
      },
    },
    {
      index: 7,
      name: 'remark_with_event',
      args: [{ name: 'remark', type: 'Vec<u8>' }],
      docs: ['Make some on-chain remark and emit event.'],
      dispatch(ctx, { remark }: { remark: Uint8Array }) {
        if (ctx.origin.kind !== 'signed') return ctx.fail('CallFiltered');
        ctx.deposit('Remarked', [ctx.origin.who, blake2Hex(remark)]);
      },
    },
  ],
  storage: [
    Account,
    ExtrinsicCount,
    InherentsApplied,
    BlockWeight,
    AllExtrinsicsLen,
    BlockHash,
    ExtrinsicData,
    Number_,
    ParentHash,
    Digest,
    Events,
    EventCount,
    LastRuntimeUpgrade,
    UpgradedToU32RefCount,
    UpgradedToTripleRefCount,
    ExecutionPhase,
  ],
  events: [
    { index: 0, name: 'ExtrinsicSuccess', fields: [{ name: 'dispatch_info', type: 'DispatchEventInfo' }], docs: ['An extrinsic completed successfully.'] },
    {
      index: 1,
      name: 'ExtrinsicFailed',
      fields: [
        { name: 'dispatch_error', type: 'DispatchError' },
        { name: 'dispatch_info', type: 'DispatchEventInfo' },
      ],
      docs: ['An extrinsic failed.'],
    },
    { index: 2, name: 'CodeUpdated', fields: [], docs: ['`:code` was updated.'] },
    { index: 3, name: 'NewAccount', fields: [{ name: 'account', type: 'AccountId32' }], docs: ['A new account was created.'] },
    { index: 4, name: 'KilledAccount', fields: [{ name: 'account', type: 'AccountId32' }], docs: ['An account was reaped.'] },
    {
      index: 5,
      name: 'Remarked',
      fields: [
        { name: 'sender', type: 'AccountId32' },
        { name: 'hash', type: 'H256' },
      ],
      docs: ['On on-chain remark happened.'],
    },
    {
      index: 6,
      name: 'UpgradeAuthorized',
      fields: [
        { name: 'code_hash', type: 'H256' },
        { name: 'check_version', type: 'bool' },
      ],
      docs: ['An upgrade was authorized.'],
    },
    {
      index: 7,
      name: 'RejectedInvalidAuthorizedUpgrade',
      fields: [
        { name: 'code_hash', type: 'H256' },
        { name: 'error', type: 'DispatchError' },
      ],
      docs: ['An invalid authorized upgrade was rejected while trying to apply it.'],
    },
  ],
  errors: [
    { index: 0, name: 'InvalidSpecName', docs: ['The name of specification does not match between the current runtime and the new runtime.'] },
    {
      index: 1,
      name: 'SpecVersionNeedsToIncrease',
      docs: ['The specification version is not allowed to decrease between the current runtime and the new runtime.'],
    },
    { index: 2, name: 'FailedToExtractRuntimeVersion', docs: ['Failed to extract the runtime version from the new runtime.'] },
    { index: 3, name: 'NonDefaultComposite', docs: ['Suicide called when the account has non-default composite data.'] },
    { index: 4, name: 'NonZeroRefCount', docs: ['There is a non-zero reference count preventing the account from being purged.'] },
    { index: 5, name: 'CallFiltered', docs: ['The origin filter prevent the call to be dispatched.'] },
    { index: 6, name: 'MultiBlockMigrationsOngoing', docs: ['A multi-block migration is ongoing and prevents the current code from being replaced.'] },
    { index: 7, name: 'NothingAuthorized', docs: ['No upgrade authorized.'] },
    { index: 8, name: 'Unauthorized', docs: ['The submitted code is not authorized.'] },
  ],
  constants: [
    { name: 'BlockWeights', type: 'BlockWeights', value: BLOCK_WEIGHTS, docs: [' Block & extrinsics weights: base values and limits.'] },
    {
      name: 'BlockLength',
      type: 'BlockLength',
      value: { max: { normal: 7_864_320, operational: 10_485_760, mandatory: 10_485_760 } },
      docs: [' The maximum length of a block (in bytes).'],
    },
    { name: 'BlockHashCount', type: 'u32', value: 2400, docs: [' Maximum number of block number to block hash mappings to keep (oldest pruned first).'] },
    {
      name: 'DbWeight',
      type: 'RuntimeDbWeight',
      value: { read: 25_000_000n, write: 100_000_000n },
      docs: [' The weight of runtime database operations the runtime can invoke.'],
    },
    {
      name: 'Version',
      type: 'RuntimeVersion',
      value: (rt: ConstantContext) => rt.runtimeVersion,
      docs: [" Get the chain's in-code version."],
    },
    { name: 'SS58Prefix', type: 'u16', value: CHAIN.ss58Format, docs: [' The designated SS58 prefix of this chain.'] },
  ],
});

function toHex(b: Uint8Array): Hex {
  return u8aToHex(b) as Hex;
}

function blake2Hex(b: Uint8Array): Hex {
  return blake2AsHex(b, 256) as Hex;
}
