import type { AccountId, ApiContext, CustomType, Hex, RuntimeApiDef } from '../pallet.ts';
import { lengthToFee, weightToFee } from '../pallets/transaction-payment.ts';

/** `RuntimeDispatchInfo` as its codec takes it. */
export interface RuntimeDispatchInfoValue {
  weight: { ref_time: bigint; proof_size: bigint };
  class: string;
  partial_fee: bigint;
}

/** `FeeDetails` as its codec takes it. */
export interface FeeDetailsValue {
  inclusion_fee: { base_fee: bigint; len_fee: bigint; adjusted_weight_fee: bigint } | null;
  tip: bigint;
}

/** What the node-level runtime APIs need from the node. */
export interface NodeApiServices {
  runtimeVersion(): Record<string, unknown>;
  /** prefixed metadata bytes ("meta" + version + body) for 14 or 15 */
  metadata(version: number): Uint8Array | undefined;
  accountNonce(ctx: ApiContext, who: AccountId): number;
  queryInfo(ctx: ApiContext, extrinsic: Uint8Array, len: number): RuntimeDispatchInfoValue;
  queryFeeDetails(ctx: ApiContext, extrinsic: Uint8Array, len: number): FeeDetailsValue;
  callInfo(ctx: ApiContext, call: unknown, len: number): RuntimeDispatchInfoValue;
  callFeeDetails(ctx: ApiContext, call: unknown, len: number): FeeDetailsValue;
  /** TaggedTransactionQueue_validate_transaction: `tx` without its length prefix, checked against `ctx.state` (the block `blockHash`) */
  validateTransaction(ctx: ApiContext, tx: Uint8Array, blockHash: Hex): TransactionValidity;
}

/** `sp_runtime::transaction_validity::TransactionValidity` as its codec takes it. */
export type TransactionValidity =
  | { Ok: { priority: bigint; requires: Uint8Array[]; provides: Uint8Array[]; longevity: bigint; propagate: boolean } }
  | { Err: { Invalid: string | { Custom: number } } | { Unknown: string | { Custom: number } } };

/** `query_weight_to_fee` and `query_length_to_fee`, the same in both payment APIs. */
const FEE_CONVERSIONS: RuntimeApiDef['methods'] = [
  {
    name: 'query_weight_to_fee',
    inputs: [{ name: 'weight', type: 'Weight' }],
    output: 'u64',
    call: (_ctx, { weight }: { weight: { ref_time: bigint } }) => weightToFee(weight.ref_time),
  },
  {
    name: 'query_length_to_fee',
    inputs: [{ name: 'length', type: 'u32' }],
    output: 'u64',
    call: (_ctx, { length }: { length: number }) => lengthToFee(length),
  },
];

/** sp_runtime's transaction validity types (TaggedTransactionQueue's input and output). */
const TRANSACTION_VALIDITY_TYPES: Record<string, CustomType> = {
  TransactionSource: {
    path: ['sp_runtime', 'transaction_validity', 'TransactionSource'],
    enum: [
      { name: 'InBlock', index: 0 },
      { name: 'Local', index: 1 },
      { name: 'External', index: 2 },
    ],
  },
  TransactionPriority: { alias: 'u64' },
  TransactionLongevity: { alias: 'u64' },
  ValidTransaction: {
    path: ['sp_runtime', 'transaction_validity', 'ValidTransaction'],
    struct: { priority: 'TransactionPriority', requires: 'Vec<Vec<u8>>', provides: 'Vec<Vec<u8>>', longevity: 'TransactionLongevity', propagate: 'bool' },
  },
  InvalidTransaction: {
    path: ['sp_runtime', 'transaction_validity', 'InvalidTransaction'],
    enum: [
      { name: 'Call', index: 0 },
      { name: 'Payment', index: 1 },
      { name: 'Future', index: 2 },
      { name: 'Stale', index: 3 },
      { name: 'BadProof', index: 4 },
      { name: 'AncientBirthBlock', index: 5 },
      { name: 'ExhaustsResources', index: 6 },
      { name: 'Custom', index: 7, type: 'u8' },
      { name: 'BadMandatory', index: 8 },
      { name: 'MandatoryValidation', index: 9 },
      { name: 'BadSigner', index: 10 },
      { name: 'IndeterminateImplicit', index: 11 },
      { name: 'UnknownOrigin', index: 12 },
    ],
  },
  UnknownTransaction: {
    path: ['sp_runtime', 'transaction_validity', 'UnknownTransaction'],
    enum: [
      { name: 'CannotLookup', index: 0 },
      { name: 'NoUnsignedValidator', index: 1 },
      { name: 'Custom', index: 2, type: 'u8' },
    ],
  },
  TransactionValidityError: {
    path: ['sp_runtime', 'transaction_validity', 'TransactionValidityError'],
    enum: [
      { name: 'Invalid', index: 0, type: 'InvalidTransaction' },
      { name: 'Unknown', index: 1, type: 'UnknownTransaction' },
    ],
  },
};

/**
 * Runtime APIs answered by the node itself (Core, Metadata, AccountNonceApi,
 * TransactionPaymentApi, TransactionPaymentCallApi), with the real runtime's
 * names, versions and types. `services` is bound once the node exists.
 */
export function nodeRuntimeApis(services: () => NodeApiServices): RuntimeApiDef[] {
  return [
    {
      name: 'Core',
      version: 5,
      docs: [' The `Core` runtime api that every Substrate runtime needs to implement.'],
      methods: [
        { name: 'version', inputs: [], output: 'RuntimeVersion', docs: [' Returns the version of the runtime.'], call: () => services().runtimeVersion() },
      ],
    },
    {
      name: 'Metadata',
      version: 2,
      docs: [' The `Metadata` api trait that returns metadata for the runtime.'],
      methods: [
        { name: 'metadata', inputs: [], output: 'Vec<u8>', docs: [' Returns the metadata of a runtime.'], call: () => services().metadata(14) },
        {
          name: 'metadata_at_version',
          inputs: [{ name: 'version', type: 'u32' }],
          output: 'Option<Vec<u8>>',
          docs: [' Returns the metadata at a given version.'],
          call: (_ctx, { version }: { version: number }) => services().metadata(version) ?? null,
        },
        { name: 'metadata_versions', inputs: [], output: 'Vec<u32>', docs: [' Returns the supported metadata versions.'], call: () => [14, 15] },
      ],
    },
    {
      // polkadot-api validates every transaction through it before and while tracking it
      name: 'TaggedTransactionQueue',
      version: 3,
      types: TRANSACTION_VALIDITY_TYPES,
      docs: [' The `TaggedTransactionQueue` api trait for interfering with the transaction queue.'],
      methods: [
        {
          name: 'validate_transaction',
          inputs: [
            { name: 'source', type: 'TransactionSource' },
            { name: 'tx', type: 'Extrinsic' },
            { name: 'block_hash', type: 'H256' },
          ],
          output: 'Result<ValidTransaction, TransactionValidityError>',
          docs: [' Validate the transaction.'],
          call: (ctx, { tx, block_hash }: { tx: Uint8Array; block_hash: Hex }) => services().validateTransaction(ctx, tx, block_hash),
        },
      ],
    },
    {
      name: 'AccountNonceApi',
      version: 1,
      docs: [' The API to query account nonce.'],
      methods: [
        {
          name: 'account_nonce',
          inputs: [{ name: 'account', type: 'AccountId32' }],
          output: 'u32',
          docs: [' Get current account nonce of given `AccountId`.'],
          call: (ctx, { account }: { account: AccountId }) => services().accountNonce(ctx, account),
        },
      ],
    },
    {
      name: 'TransactionPaymentApi',
      version: 4,
      methods: [
        {
          name: 'query_info',
          inputs: [
            { name: 'uxt', type: 'Extrinsic' },
            { name: 'len', type: 'u32' },
          ],
          output: 'RuntimeDispatchInfo',
          call: (ctx, { uxt, len }: { uxt: Uint8Array; len: number }) => services().queryInfo(ctx, uxt, len),
        },
        {
          name: 'query_fee_details',
          inputs: [
            { name: 'uxt', type: 'Extrinsic' },
            { name: 'len', type: 'u32' },
          ],
          output: 'FeeDetails',
          call: (ctx, { uxt, len }: { uxt: Uint8Array; len: number }) => services().queryFeeDetails(ctx, uxt, len),
        },
        ...FEE_CONVERSIONS,
      ],
    },
    {
      name: 'TransactionPaymentCallApi',
      version: 3,
      methods: [
        {
          name: 'query_call_info',
          inputs: [
            { name: 'call', type: 'Call' },
            { name: 'len', type: 'u32' },
          ],
          output: 'RuntimeDispatchInfo',
          call: (ctx, { call, len }: { call: unknown; len: number }) => services().callInfo(ctx, call, len),
        },
        {
          name: 'query_call_fee_details',
          inputs: [
            { name: 'call', type: 'Call' },
            { name: 'len', type: 'u32' },
          ],
          output: 'FeeDetails',
          call: (ctx, { call, len }: { call: unknown; len: number }) => services().callFeeDetails(ctx, call, len),
        },
        ...FEE_CONVERSIONS,
      ],
    },
  ];
}
