import type { AccountId, ApiContext, RuntimeApiDef } from '../pallet.ts';

/** What the node-level runtime APIs need from the node. */
export interface NodeApiServices {
  runtimeVersion(): Record<string, unknown>;
  /** prefixed metadata bytes ("meta" + version + body) for 14 or 15 */
  metadata(version: number): Uint8Array | undefined;
  accountNonce(ctx: ApiContext, who: AccountId): number;
  queryInfo(ctx: ApiContext, extrinsic: Uint8Array, len: number): { weight: { ref_time: bigint; proof_size: bigint }; class: string; partial_fee: bigint };
  callInfo(ctx: ApiContext, call: unknown, len: number): { weight: { ref_time: bigint; proof_size: bigint }; class: string; partial_fee: bigint };
}

/**
 * Runtime APIs answered by the node itself (Core, Metadata, AccountNonceApi,
 * TransactionPaymentApi, TransactionPaymentCallApi), with the real runtime's
 * names, versions and types. `services` is bound once the node exists.
 */
export function nodeRuntimeApis(services: () => NodeApiServices): RuntimeApiDef[] {
  const fee = { inclusion_fee: null, tip: 0n };
  return [
    {
      name: 'Core',
      version: 5,
      docs: [' The `Core` runtime api that every Substrate runtime needs to implement.'],
      methods: [{ name: 'version', inputs: [], output: 'RuntimeVersion', docs: [' Returns the version of the runtime.'], call: () => services().runtimeVersion() }],
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
          call: () => fee,
        },
        { name: 'query_weight_to_fee', inputs: [{ name: 'weight', type: 'Weight' }], output: 'u64', call: () => 0n },
        { name: 'query_length_to_fee', inputs: [{ name: 'length', type: 'u32' }], output: 'u64', call: () => 0n },
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
          call: () => fee,
        },
        { name: 'query_weight_to_fee', inputs: [{ name: 'weight', type: 'Weight' }], output: 'u64', call: () => 0n },
        { name: 'query_length_to_fee', inputs: [{ name: 'length', type: 'u32' }], output: 'u64', call: () => 0n },
      ],
    },
  ];
}

