import { blake2AsHex } from '@polkadot/util-crypto';
import type { Logger } from '../../core/logger.ts';
import type {
  AccountId,
  DispatchContext,
  DispatchErrorValue,
  DispatchResult,
  Hex,
  Origin,
  PalletDef,
  RuntimeCall,
  RuntimeContext,
  StateReader,
} from '../pallet.ts';
import { DispatchFailure, ModuleError } from '../pallet.ts';
import type { Extrinsic } from '../extrinsic/decode.ts';
import { encodeUnsigned } from '../extrinsic/decode.ts';
import { InvalidTransaction } from '../extrinsic/validity.ts';
import {
  Account,
  AllExtrinsicsLen,
  BlockHash,
  BlockWeight,
  Digest,
  EventCount,
  Events,
  ExtrinsicCount,
  Number_,
  ParentHash,
  type PhaseValue,
} from '../pallets/system.ts';
import { burnFees, canPayFee, feeDetails, finalFee, settleFee, TRANSACTION_EXTENSIONS_WEIGHT, withdrawFee } from '../pallets/transaction-payment.ts';
import { CALL_WEIGHTS } from '../runtime/call-weights.ts';
import type { Runtime } from '../runtime/build.ts';
import { Overlay } from '../state/overlay.ts';
import type { Changes } from '../state/chain-store.ts';
import { encodeBody } from './body.ts';
import { type BlockRecord, hashHeader, type Header } from './header.ts';
import { Writer } from '../scale/codec.ts';
import { orderedTrieRoot } from '../trie/ordered-root.ts';
import type { Trie } from '../trie/trie.ts';

export const DEFAULT_CALL_WEIGHT = 10_000_000n;
const BLOCK_HASH_COUNT = 2400;

export interface DispatchInfo {
  weight: { ref_time: bigint; proof_size: bigint };
  class: 'Normal' | 'Operational' | 'Mandatory';
  pays_fee: 'Yes' | 'No';
}

/** The call's declared weight: the runtime's (`CALL_WEIGHTS`), else its `CallDef`'s, else the default. */
export function callWeight(runtime: Runtime, call: RuntimeCall): bigint {
  const c = runtime.findCall(call.pallet, call.call);
  const w = CALL_WEIGHTS[c.pallet.name]?.[c.def.name];
  if (w === undefined) return c.def.weight ?? DEFAULT_CALL_WEIGHT;
  return typeof w === 'bigint' ? w : w(call.args, (inner) => callWeight(runtime, inner));
}

/**
 * The call's declared DispatchInfo (what the signed extensions see before dispatch). A signed
 * extrinsic's weight includes its transaction extensions' (`DispatchInfo::total_weight`): that is
 * what fees are charged on and what `ExtrinsicSuccess` reports.
 */
export function dispatchInfo(runtime: Runtime, call: RuntimeCall, signed = false): DispatchInfo {
  const c = runtime.findCall(call.pallet, call.call);
  const weight = callWeight(runtime, call) + (signed ? TRANSACTION_EXTENSIONS_WEIGHT : 0n);
  return { weight: { ref_time: weight, proof_size: 0n }, class: c.def.class ?? 'Normal', pays_fee: c.def.pays ?? 'Yes' };
}

/** The fee of a signed extrinsic of `len` encoded bytes (length prefix included) with `info`. */
export function extrinsicFee(info: DispatchInfo, len: number, tip: bigint): bigint {
  return finalFee(feeDetails({ weight: info.weight.ref_time, pays: info.pays_fee }, len, tip));
}

/**
 * The called pallet's transaction extension check (`CallDef.validate`) for a signed
 * call that would go in block `blockNumber`: the refusal, or undefined.
 */
export function callValidity(runtime: Runtime, state: StateReader, who: AccountId, call: RuntimeCall, blockNumber: number): InvalidTransaction | undefined {
  const validate = runtime.findCall(call.pallet, call.call).def.validate;
  const code = validate?.({ state, who, blockNumber }, call.args);
  return code === undefined ? undefined : new InvalidTransaction('Custom', code);
}

/**
 * The DispatchInfo that ExtrinsicSuccess/ExtrinsicFailed record: frame_system's
 * `extract_actual_pays_fee`, `No` when the declared or the post-dispatch one is.
 */
export function actualDispatchInfo(info: DispatchInfo, result: DispatchResult): DispatchInfo {
  if (result.ok && result.post?.pays === 'No' && info.pays_fee !== 'No') return { ...info, pays_fee: 'No' };
  return info;
}

/**
 * frame_system's CheckNonce refuses a signer whose AccountInfo has no providers
 * and no sufficients (nobody pays for its storage); subtensor's own CheckNonce
 * (runtime/src/check_nonce.rs) skips that for `Pays::No` calls.
 */
export function lacksProviders(account: { providers: number; sufficients: number }, info: DispatchInfo): boolean {
  return info.pays_fee === 'Yes' && account.providers === 0 && account.sufficients === 0;
}

/** ChargeTransactionPayment's validation (after CheckNonce's): the signer pays the fee and stays alive. */
export function ensureCanPayFee(runtime: Runtime, state: StateReader, x: Extrinsic): void {
  const s = x.signed;
  if (s && !canPayFee(Account.get(state, s.signer).data.free, extrinsicFee(dispatchInfo(runtime, x.call, true), x.bytes.length, s.tip)))
    throw new InvalidTransaction('Payment');
}

export interface ExtrinsicOutcome {
  hash: Hex;
  /** index in the block body */
  index: number;
  result: DispatchResult;
}

export interface BuiltBlock {
  block: BlockRecord;
  /** the block body as SCALE `Vec<Extrinsic>` (stored as bytes) */
  body: Uint8Array;
  changes: Changes;
  /** the post-block state trie (`parentTrie` with `changes`): its root is the header's `stateRoot` */
  trie: Trie;
  outcomes: ExtrinsicOutcome[];
  /** transactions left out because they became invalid */
  dropped: { hash: Hex; error: InvalidTransaction }[];
}

/** A block the chain has made durable, as it announces it (`block` event). */
export interface NewBlockEvent {
  block: BlockRecord;
  changedKeys: Hex[];
  built: BuiltBlock;
}

export interface BuildInput {
  parent: BlockRecord;
  parentState: StateReader;
  /** the trie of `parentState` */
  parentTrie: Trie;
  timestamp: bigint;
  extrinsics: Extrinsic[];
  /** validates a pool transaction against the block's state (nonce, account) */
  log: Logger;
}

/**
 * Executes one block: System bookkeeping, pallet onInitialize hooks, the
 * timestamp inherent, each transaction (nonce, fee event, dispatch in its own
 * storage layer, ExtrinsicSuccess/ExtrinsicFailed), onFinalize hooks, then the
 * events, header and hash. Pure with respect to IO.
 */
export function buildBlock(runtime: Runtime, input: BuildInput): BuiltBlock {
  const number = input.parent.header.number + 1;
  const overlay = new Overlay(input.parentState);
  // System.Events as it grows: each record is encoded when deposited (the Vec's length prefix is
  // added at the end), so the block's events are encoded once and a failed dispatch truncates them
  const phaseCodec = runtime.registry.codec<PhaseValue>('Phase');
  const events = new Writer(16 * 1024);
  let eventCount = 0;
  let phase: PhaseValue = 'Initialization';
  const now = input.timestamp;

  const depositEvent = (pallet: string, event: string, fields: unknown[] | Record<string, unknown> = []) => {
    const e = runtime.findEvent(pallet, event);
    const data = Array.isArray(fields) ? fields : e.def.fields.map((f) => (fields as Record<string, unknown>)[f.name]);
    const mark = events.len;
    try {
      // frame_system::EventRecord { phase, event: RuntimeEvent (pallet index, event index, fields), topics: [] }
      phaseCodec.encodeTo(events, phase);
      events.byte(e.pallet.index);
      events.byte(e.def.index);
      for (let i = 0; i < e.codecs.length; i++) e.codecs[i].encodeTo(events, data[i]);
      events.compact(0);
    } catch (err) {
      events.len = mark;
      throw err;
    }
    eventCount++;
  };

  const toDispatchError = (err: unknown): DispatchErrorValue => {
    if (err instanceof ModuleError) {
      try {
        return runtime.moduleError(err.pallet, err.errorName);
      } catch (inner) {
        input.log.error({ err: inner }, 'module error not declared by its pallet');
        return 'Other';
      }
    }
    if (err instanceof DispatchFailure) return err.error;
    input.log.error({ err }, 'dispatch threw an unexpected exception (recorded as DispatchError::Other)');
    return 'Other';
  };

  // one context per pallet and block (its fields do not change within the block): building it per dispatch showed in profiles
  const contexts = new Map<PalletDef, RuntimeContext>();
  const runtimeCtx = (pallet: PalletDef): RuntimeContext => {
    let ctx = contexts.get(pallet);
    if (!ctx) {
      ctx = {
        state: overlay,
        blockNumber: number,
        now,
        deposit: (event, fields) => depositEvent(pallet.name, event, fields),
        depositEvent,
        fail(error): never {
          throw new ModuleError(pallet.name, error);
        },
      };
      contexts.set(pallet, ctx);
    }
    return ctx;
  };

  const transactional = <T>(fn: () => T): T => overlay.transactional(fn);

  /** Runs `call` in a nested storage layer with its events; never throws for dispatch errors. */
  const dispatch = (call: RuntimeCall, origin: Origin): DispatchResult => {
    const built = runtime.findCall(call.pallet, call.call);
    const eventsMark = events.len;
    const countMark = eventCount;
    overlay.push();
    try {
      const base = runtimeCtx(built.pallet);
      // a literal of fixed shape: spreading the pallet's context per dispatch showed in block profiles
      const ctx: DispatchContext = {
        state: base.state,
        blockNumber: base.blockNumber,
        now: base.now,
        deposit: base.deposit,
        depositEvent: base.depositEvent,
        fail: base.fail,
        origin,
        dispatch,
        transactional,
      };
      const post = built.def.dispatch(ctx, call.args);
      overlay.commit();
      return post ? { ok: true, post } : { ok: true };
    } catch (err) {
      overlay.rollback();
      events.len = eventsMark;
      eventCount = countMark;
      return { ok: false, error: toDispatchError(err) };
    }
  };

  // System: block bookkeeping (frame_system::initialize)
  Number_.set(overlay, number);
  ParentHash.set(overlay, input.parent.hash);
  BlockHash.set(overlay, number - 1, input.parent.hash);
  if (number - 1 - BLOCK_HASH_COUNT >= 0) BlockHash.remove(overlay, number - 1 - BLOCK_HASH_COUNT);
  Digest.set(overlay, { logs: [] });
  Events.remove(overlay);
  EventCount.remove(overlay);

  for (const p of runtime.pallets) p.hooks?.onInitialize?.(runtimeCtx(p));

  const body: Uint8Array[] = [];
  const outcomes: ExtrinsicOutcome[] = [];
  const dropped: BuiltBlock['dropped'] = [];
  let totalLen = 0;
  let normalWeight = 0n;
  let mandatoryWeight = 0n;
  // fees burned in this block: TotalIssuance is lowered once, after the last extrinsic (no dispatch reads it)
  let feesBurned = 0n;

  // the timestamp inherent is always extrinsic 0
  const inherentCall: RuntimeCall = { pallet: 'Timestamp', call: 'set', args: { now } };
  const inherent = encodeUnsigned(runtime, inherentCall);
  phase = { ApplyExtrinsic: 0 };
  const inherentResult = dispatch(inherentCall, { kind: 'none' });
  // Timestamp.set declares (weight, Mandatory) and so Pays::Yes, as the real chain's events show
  const inherentInfo = actualDispatchInfo(dispatchInfo(runtime, inherentCall), inherentResult);
  mandatoryWeight += inherentInfo.weight.ref_time;
  depositEvent('System', inherentResult.ok ? 'ExtrinsicSuccess' : 'ExtrinsicFailed', inherentResult.ok ? [inherentInfo] : [inherentResult.error, inherentInfo]);
  body.push(inherent);
  totalLen += inherent.length;
  outcomes.push({ hash: blake2AsHex(inherent, 256) as Hex, index: 0, result: inherentResult });

  for (const x of input.extrinsics) {
    const index = body.length;
    phase = { ApplyExtrinsic: index };
    const declared = dispatchInfo(runtime, x.call, x.signed !== undefined);
    let withdrawn = 0n;
    if (x.signed) {
      const who = x.signed.signer;
      const account = Account.get(overlay, who);
      withdrawn = extrinsicFee(declared, x.bytes.length, x.signed.tip);
      let invalid: InvalidTransaction | undefined;
      if (lacksProviders(account, declared)) invalid = new InvalidTransaction('Payment');
      else if (x.signed.nonce < account.nonce) invalid = new InvalidTransaction('Stale');
      else if (x.signed.nonce > account.nonce) invalid = new InvalidTransaction('Future');
      else if (!canPayFee(account.data.free, withdrawn)) invalid = new InvalidTransaction('Payment');
      else invalid = callValidity(runtime, overlay, who, x.call, number);
      if (invalid) {
        dropped.push({ hash: x.hash, error: invalid });
        continue;
      }
      // for a Pays::No signer without an account this writes one with providers 0, as subtensor's
      // CheckNonce does (`Account::insert`): the nonce must survive so the transaction cannot be replayed
      account.nonce += 1;
      // ChargeTransactionPayment's `prepare`, after CheckNonce in the extensions' order
      withdrawFee(account, who, withdrawn, depositEvent);
      Account.set(overlay, who, account);
    }
    const origin: Origin = x.signed ? { kind: 'signed', who: x.signed.signer as AccountId } : { kind: 'none' };
    const result = dispatch(x.call, origin);
    const info = actualDispatchInfo(declared, result);
    if (x.signed) feesBurned += settleFee(overlay, x.signed.signer, withdrawn, extrinsicFee(info, x.bytes.length, x.signed.tip), x.signed.tip, depositEvent);
    normalWeight += info.weight.ref_time;
    if (result.ok) depositEvent('System', 'ExtrinsicSuccess', [info]);
    else depositEvent('System', 'ExtrinsicFailed', [result.error, info]);
    body.push(x.bytes);
    totalLen += x.bytes.length;
    outcomes.push({ hash: x.hash, index, result });
  }

  burnFees(overlay, feesBurned);
  phase = 'Finalization';
  for (const p of runtime.pallets) p.hooks?.onFinalize?.(runtimeCtx(p));

  BlockWeight.set(overlay, {
    normal: { ref_time: normalWeight, proof_size: 0n },
    operational: { ref_time: 0n, proof_size: 0n },
    mandatory: { ref_time: mandatoryWeight, proof_size: 0n },
  });
  const eventsValue = new Writer(events.len + 5);
  eventsValue.compact(eventCount);
  eventsValue.bytes(events.buf.subarray(0, events.len));
  overlay.set(Events.key(), eventsValue.finish());
  EventCount.set(overlay, eventCount);
  // frame_system::finalize takes these; they are absent between blocks
  ExtrinsicCount.remove(overlay);
  AllExtrinsicsLen.remove(overlay);

  const changes = overlay.changes();
  const trie = input.parentTrie.with(changes);
  const header: Header = {
    parentHash: input.parent.hash,
    number,
    stateRoot: trie.rootHex(),
    extrinsicsRoot: extrinsicsRoot(body),
    digestLogs: [],
  };
  const block: BlockRecord = {
    hash: hashHeader(header),
    header,
    extrinsics: body.map((b) => `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}` as Hex),
  };
  return { block, body: encodeBody(body, totalLen), changes, trie, outcomes, dropped };
}

/**
 * frame_system's `extrinsics_data_root`: the ordered trie root of the encoded extrinsics (each with
 * its length prefix, as `note_extrinsic` stores them). It uses `StateVersion::V0` whatever the
 * runtime's state version (`RuntimeVersion::extrinsics_root_state_version` is V0 below
 * `system_version` 2; subtensor's is 1), so no extrinsic is hashed into a value node.
 */
export function extrinsicsRoot(extrinsics: readonly Uint8Array[]): Hex {
  return orderedTrieRoot(extrinsics);
}
