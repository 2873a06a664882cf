/**
 * The vocabulary shared by the SCALE codecs, the storage items and the pallet
 * API (`devnet/pallet.ts` re-exports it for pallet authors).
 */

/** `0x`-prefixed lowercase hex. */
export type Hex = `0x${string}`;
/** A 32-byte account id as `0x` + 64 hex chars (lowercase). `ss58` helpers: devnet/account.ts. */
export type AccountId = Hex;

/** A type expression in polkadot-js notation, or the name of a registered custom type. */
export type TypeExpr = string;

/**
 * A custom type for the metadata's portable registry. `path` is the Rust path
 * the real runtime uses (polkadot-js derives type names from it), e.g.
 * `['pallet_subtensor', 'rpc_info', 'neuron_info', 'NeuronInfoLite']`.
 */
export type CustomType =
  /** struct with named fields, in declaration order */
  | { path: string[]; params?: TypeParam[]; struct: Record<string, TypeExpr>; docs?: string[] }
  /** enum: unit variants have no `fields`/`type`/`types`; `type` is one unnamed field, `types` several; `fields` named ones */
  | { path: string[]; params?: TypeParam[]; enum: EnumVariant[]; docs?: string[] }
  /** tuple struct with one field (`struct NetUid(u16)`): JS value is the inner value */
  | { path: string[]; params?: TypeParam[]; newtype: TypeExpr; docs?: string[] }
  /** a pure alias, no own entry in the registry (`Balance` = `u64`) */
  | { alias: TypeExpr };

/** Generic parameters recorded in the metadata (polkadot-js uses some, e.g. on UncheckedExtrinsic). */
export interface TypeParam {
  name: string;
  type?: TypeExpr;
}

export interface EnumVariant {
  name: string;
  index: number;
  type?: TypeExpr;
  /** several unnamed fields (`PreRuntime(ConsensusEngineId, Vec<u8>)`): the JS value is the array of them */
  types?: TypeExpr[];
  fields?: Record<string, TypeExpr>;
  docs?: string[];
}
