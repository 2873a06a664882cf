/**
 * The devnet's pallet interface. A pallet is a plain object (`PalletDef`)
 * listed in `devnet/runtime.ts`; the node builds metadata (V14/V15),
 * call dispatch, events, errors, storage, genesis and runtime APIs from it.
 *
 * Everything is synchronous: storage lives in memory during block execution,
 * so handlers, hooks and runtime APIs never await.
 *
 * Types are written as type expressions (`TypeExpr`), the polkadot-js notation
 * (`u16`, `Compact<u64>`, `Vec<(u16, u64)>`, `[u8; 32]`, `Option<AxonInfo>`,
 * `AccountId32`, `MultiAddress`, `Call`, ...) plus the custom types a pallet
 * registers in `types`. See devnet/README.md for the JS value of each.
 */

import type { AccountId, CustomType, TypeExpr } from './scale/types.ts';
import type { TypeRegistry } from './scale/registry.ts';
import type { State, StateReader } from './state/types.ts';
import type { StorageItem } from './storage/item.ts';

export { defineStorage } from './storage/item.ts';
export type { StorageItem, StorageDef, StorageKeyDef, Hasher } from './storage/item.ts';
export type { AccountId, CustomType, EnumVariant, Hex, TypeExpr, TypeParam } from './scale/types.ts';
export type { State, StateReader } from './state/types.ts';

/** Who dispatches a call. */
export type Origin = { kind: 'signed'; who: AccountId } | { kind: 'root' } | { kind: 'none' };

/** The JS value of `sp_runtime::DispatchError` (e.g. `'BadOrigin'`, `{ Module: { index: 5, error: '0x02000000' } }`). */
export type DispatchErrorValue = string | Record<string, unknown>;

/** `frame_support::dispatch::Pays`: whether the signer pays a fee for a call. */
export type Pays = 'Yes' | 'No';

/**
 * What a handler may return, as `DispatchResultWithPostInfo` does: `pays: 'No'`
 * waives the fee after the fact (pallet_sudo returns it on success). The
 * reported `pays_fee` is `No` when either the declared or the returned one is.
 */
export interface PostDispatchInfo {
  pays?: Pays;
}

export type DispatchResult = { ok: true; post?: PostDispatchInfo } | { ok: false; error: DispatchErrorValue };

/**
 * Thrown by a handler to fail a dispatch with any DispatchError. The dispatch's
 * storage changes are rolled back; the extrinsic is still included and
 * `System.ExtrinsicFailed` records the error.
 */
export class DispatchFailure extends Error {
  readonly error: DispatchErrorValue;
  constructor(error: DispatchErrorValue, message?: string) {
    super(message ?? `dispatch failed: ${JSON.stringify(error)}`);
    this.name = 'DispatchFailure';
    this.error = error;
  }
}

/**
 * `DispatchError::Module` of a pallet's error by name; the runtime resolves the
 * pallet and error indices, so `@polkadot/api` decodes `pallet.ErrorName`.
 */
export class ModuleError extends DispatchFailure {
  readonly pallet: string;
  readonly errorName: string;
  constructor(pallet: string, errorName: string) {
    super('Other', `${pallet}.${errorName}`);
    this.name = 'ModuleError';
    this.pallet = pallet;
    this.errorName = errorName;
  }
}

/** Fails with `DispatchError::BadOrigin` unless signed; returns the signer. */
export function ensureSigned(origin: Origin): AccountId {
  if (origin.kind !== 'signed') throw new DispatchFailure('BadOrigin');
  return origin.who;
}

/** Fails with `DispatchError::BadOrigin` unless root. */
export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'root') throw new DispatchFailure('BadOrigin');
}

/** A decoded runtime call (`Call` / `Box<Call>` arguments, e.g. in `sudo.sudo`). */
export interface RuntimeCall {
  pallet: string;
  call: string;
  /** decoded arguments keyed by their declared names */
  args: Record<string, unknown>;
}

/** Available to hooks and dispatch handlers; bound to the pallet that runs. */
export interface RuntimeContext {
  readonly state: State;
  readonly blockNumber: number;
  /** `Timestamp.Now` of the block being built, in ms */
  readonly now: bigint;
  /** Deposits one of the current pallet's events; `fields` in declaration order, or keyed by field name. */
  deposit(event: string, fields?: unknown[] | Record<string, unknown>): void;
  /** Deposits another pallet's event (e.g. `Balances.Transfer` from a helper). */
  depositEvent(pallet: string, event: string, fields?: unknown[] | Record<string, unknown>): void;
  /** Throws the current pallet's module error by name. */
  fail(error: string): never;
}

export interface DispatchContext extends RuntimeContext {
  readonly origin: Origin;
  /** Dispatches a nested call (sudo, utility) in its own storage layer; never throws for dispatch errors. */
  dispatch(call: RuntimeCall, origin: Origin): DispatchResult;
  /** Runs `fn` in a storage layer that is rolled back if it throws. */
  transactional<T>(fn: () => T): T;
}

/** Runtime API handlers read state at the requested block. */
export interface ApiContext {
  readonly state: StateReader;
  readonly blockNumber: number;
  readonly now: bigint;
}

export interface GenesisContext {
  readonly state: State;
  /** //Alice..//Ferdie, funded by the dev genesis */
  readonly devAccounts: { name: string; address: string; accountId: AccountId }[];
}

export interface ArgDef {
  name: string;
  type: TypeExpr;
}

export interface CallDef<A = any> {
  index: number;
  name: string;
  args: ArgDef[];
  docs?: string[];
  /** ref-time weight, for a call `runtime/call-weights.ts` does not list (default 10_000_000): fees are charged on it */
  weight?: bigint;
  /** `Operational` / `Mandatory` dispatch class (default `Normal`) */
  class?: 'Normal' | 'Operational' | 'Mandatory';
  /**
   * The declared `Pays` of `#[pallet::weight((w, class, Pays::No))]` (default `Yes`).
   * Subtensor's CheckNonce skips the providers check for `No`, so an unfunded
   * hotkey can send these calls (set_weights, serve_axon, ...).
   */
  pays?: Pays;
  /** Decoded args keyed by `args[].name`. Throw `DispatchFailure`/`ModuleError` (or `ctx.fail`) to fail. */
  dispatch(ctx: DispatchContext, args: A): void | PostDispatchInfo;
  /**
   * The pallet's transaction extension check of a signed call (subtensor's
   * `SubtensorTransactionExtension::validate`): a code refuses the transaction as
   * `InvalidTransaction::Custom(code)`, in the pool and when a block is built; undefined passes.
   */
  validate?(ctx: ValidateContext, args: A): number | undefined;
}

export interface ValidateContext {
  readonly state: StateReader;
  readonly who: AccountId;
  /** the number of the block the transaction would go in */
  readonly blockNumber: number;
}

export interface EventDef {
  index: number;
  name: string;
  fields: { name: string; type: TypeExpr }[];
  docs?: string[];
}

export interface ErrorDef {
  index: number;
  name: string;
  docs?: string[];
}

export interface ConstantDef {
  name: string;
  type: TypeExpr;
  /** JS value, encoded with `type`; or a function of the built runtime returning it */
  value: unknown | ((rt: ConstantContext) => unknown);
  docs?: string[];
}

/** What a constant thunk can read about the built runtime. */
export interface ConstantContext {
  /** JS value of `sp_version::RuntimeVersion` (snake_case fields) */
  runtimeVersion: Record<string, unknown>;
  /** the runtime's types, e.g. to decode a value kept as SCALE bytes */
  registry: TypeRegistry;
}

export interface RuntimeApiMethodDef<A = any> {
  name: string;
  inputs: ArgDef[];
  output: TypeExpr;
  docs?: string[];
  /** Decoded inputs keyed by name; returns the JS value of `output`. */
  call(ctx: ApiContext, args: A): unknown;
}

/** Answered by `state_call('<Api>_<method>', SCALE(inputs))`. */
export interface RuntimeApiDef {
  name: string;
  version: number;
  /** Custom types the API's inputs and outputs name, registered with the pallets' types. */
  types?: Record<string, CustomType>;
  methods: RuntimeApiMethodDef[];
  docs?: string[];
}

export interface PalletHooks {
  /** Before the block's extrinsics; `ctx.blockNumber` is the block being built. */
  onInitialize?(ctx: RuntimeContext): void;
  /** After the block's extrinsics. */
  onFinalize?(ctx: RuntimeContext): void;
}

export interface GenesisDef {
  /** Section name in the genesis JSON file (e.g. `subtensorModule`); `undefined` when absent. */
  key: string;
  build(ctx: GenesisContext, config: unknown): void;
}

export interface PalletDef {
  name: string;
  index: number;
  docs?: string[];
  /** Custom types by name, shared by all pallets (names must be unique in the runtime). */
  types?: Record<string, CustomType>;
  calls?: CallDef[];
  storage?: StorageItem<any, any>[];
  /** Items the devnet keeps in state that the real runtime lacks: bound like `storage`, absent from the metadata. */
  devnetStorage?: StorageItem<any, any>[];
  events?: EventDef[];
  errors?: ErrorDef[];
  constants?: ConstantDef[];
  hooks?: PalletHooks;
  runtimeApis?: RuntimeApiDef[];
  genesis?: GenesisDef;
}

/** Identity function that type-checks a pallet definition. */
export function definePallet(def: PalletDef): PalletDef {
  return def;
}
