import { u8aConcat, hexToU8a } from '@polkadot/util';
import { SubnetError } from '../../core/errors.ts';
import type { Hex, TypeExpr } from '../scale/types.ts';
import type { State, StateReader } from '../state/types.ts';
import { type Codec, decode, encode, Reader } from '../scale/codec.ts';
import type { TypeRegistry } from '../scale/registry.ts';
import { concatHashLength, type Hasher, hashKeyPart, storagePrefix } from './hashing.ts';

export type { Hasher };

export interface StorageKeyDef {
  hasher: Hasher;
  type: TypeExpr;
}

export interface StorageDef<V = unknown> {
  name: string;
  /** no keys: a plain value; one: a map; more: a double/N-map */
  keys?: StorageKeyDef[];
  value: TypeExpr;
  /** `Default` returns `default` (or the type's zero) when absent; `Optional` returns undefined */
  modifier?: 'Default' | 'Optional';
  default?: V;
  docs?: string[];
}

/** Every leading sub-tuple of K, K included. */
export type Prefix<K extends unknown[]> = K extends [...infer H, unknown] ? Prefix<H> | K : K;

/** Typed access to one storage item; state comes from the context (`ctx.state`). */
export interface StorageItem<K extends unknown[], V> {
  readonly pallet: string;
  readonly def: StorageDef<V>;
  /** Full storage key. */
  key(...keys: K): Hex;
  /** Key prefix for iteration (item prefix plus leading keys). */
  prefix(...keys: Prefix<K>): Hex;
  get(state: StateReader, ...keys: K): V;
  has(state: StateReader, ...keys: K): boolean;
  /** `set(state, ...keys, value)`; `undefined` removes. */
  set(state: State, ...args: [...K, V]): void;
  remove(state: State, ...keys: K): void;
  /** `mutate(state, ...keys, fn)`: stores and returns `fn(current)`. */
  mutate(state: State, ...args: [...K, (current: V) => V]): V;
  /** Entries under a key prefix, sorted by storage key. Needs concat/identity hashers. */
  entries(state: StateReader, ...prefix: Prefix<K>): [K, V][];
  /** Removes every entry under a key prefix; returns how many. */
  clear(state: State, ...prefix: Prefix<K>): number;
  encodeValue(value: V): Uint8Array;
  decodeValue(bytes: Uint8Array): V;
  /** SCALE bytes of the default (for metadata). */
  defaultBytes(): Uint8Array;
  /** Decodes the keys of a full storage key. */
  decodeKey(key: Hex): K;
  /**
   * Compiles the item's codecs from `registry` (`buildRuntime` binds the items
   * of its pallets); using the codecs of an unbound item throws `DEVNET_NO_RUNTIME`.
   */
  bind(registry: TypeRegistry): void;
}

/** Hashed keys remembered per storage item (then the cache starts over). */
const KEY_CACHE_ENTRIES = 50_000;
const MAX_CAPACITY_HINT = 1 << 20;

/** A cache key for key values that are all primitives (their SCALE encoding is a function of the value); else undefined. */
function primitiveCacheKey(keys: unknown[]): string | undefined {
  let out = '';
  for (const k of keys) {
    const t = typeof k;
    if (t !== 'string' && t !== 'number' && t !== 'bigint' && t !== 'boolean') return undefined;
    out += `${t[0]}${String(k)}\u0000`;
  }
  return out;
}

const bytesToHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}` as Hex;

/**
 * Declares a storage item of `pallet`. Key hashing is exactly Substrate's:
 * twox128(pallet) ++ twox128(name) ++ hasher(SCALE(key)) for each key.
 */
export function defineStorage<K extends unknown[] = [], V = unknown>(pallet: string, def: StorageDef<V>): StorageItem<K, V> {
  const keyDefs = def.keys ?? [];
  const modifier = def.modifier ?? 'Default';
  let prefixBytes: Uint8Array | undefined;
  let registry: TypeRegistry | undefined;
  let keyCodecs: Codec[] | undefined;
  let valueCodec: Codec<V> | undefined;
  const itemPrefix = () => (prefixBytes ??= storagePrefix(pallet, def.name));
  const bound = (): TypeRegistry => {
    if (!registry) throw new SubnetError('DEVNET_NO_RUNTIME', `storage ${pallet}.${def.name} is used before a runtime with its pallet is built`);
    return registry;
  };
  const kc = () => (keyCodecs ??= keyDefs.map((k) => bound().codec(k.type)));
  const vc = () => (valueCodec ??= bound().codec<V>(def.value));

  // Hashed keys by their primitive key values: hashing and hex conversion dominated block
  // production (the same accounts and uids are read and written many times per block).
  const keyCache = new Map<string, Hex>();
  const stringKeyCache = new Map<string, Hex>();
  // the last value's encoded size: values of an item mostly keep their size (AccountInfo is 80 bytes)
  let encodedSize = 64;
  const hashKeys = (keys: unknown[]): Hex => {
    if (keys.length > keyDefs.length) {
      throw new SubnetError('DEVNET_STORAGE_KEYS', `${pallet}.${def.name} takes ${keyDefs.length} key(s), got ${keys.length}`);
    }
    // one string key (an AccountId, a hotkey): the string itself is the cache key, no concatenation
    const single = keys.length === 1 && typeof keys[0] === 'string' ? (keys[0] as string) : undefined;
    if (single !== undefined) {
      const hit = stringKeyCache.get(single);
      if (hit !== undefined) return hit;
    }
    const cacheKey = single === undefined ? primitiveCacheKey(keys) : undefined;
    if (cacheKey !== undefined) {
      const hit = keyCache.get(cacheKey);
      if (hit !== undefined) return hit;
    }
    const parts: Uint8Array[] = [itemPrefix()];
    const codecs = kc();
    for (let i = 0; i < keys.length; i++) parts.push(hashKeyPart(keyDefs[i].hasher, encode(codecs[i], keys[i])));
    const key = bytesToHex(parts.length === 1 ? parts[0] : u8aConcat(...parts));
    if (single !== undefined) {
      if (stringKeyCache.size >= KEY_CACHE_ENTRIES) stringKeyCache.clear();
      stringKeyCache.set(single, key);
    } else if (cacheKey !== undefined) {
      if (keyCache.size >= KEY_CACHE_ENTRIES) keyCache.clear();
      keyCache.set(cacheKey, key);
    }
    return key;
  };
  const fullKey = (keys: unknown[]): Hex => {
    if (keys.length !== keyDefs.length) {
      throw new SubnetError('DEVNET_STORAGE_KEYS', `${pallet}.${def.name} takes ${keyDefs.length} key(s), got ${keys.length}`);
    }
    return hashKeys(keys);
  };
  const defaultValue = (): V => {
    if (modifier === 'Optional') return undefined as V;
    if (def.default !== undefined) return structuredClone(def.default);
    return vc().zero();
  };
  const decodeKey = (key: Hex): K => {
    const bytes = hexToU8a(key);
    const r = new Reader(bytes);
    r.take(32);
    const codecs = kc();
    return keyDefs.map((k, i) => {
      const skip = concatHashLength(k.hasher);
      if (skip === undefined) {
        throw new SubnetError('DEVNET_STORAGE_KEYS', `${pallet}.${def.name}: keys hashed with ${k.hasher} cannot be iterated`);
      }
      r.take(skip);
      return codecs[i].decode(r);
    }) as K;
  };

  const item: StorageItem<K, V> = {
    pallet,
    def,
    key: (...keys) => fullKey(keys),
    prefix: (...keys) => hashKeys(keys as unknown[]),
    get(state, ...keys) {
      const key = fullKey(keys);
      // the block overlay keeps values decoded (no SCALE round trip per read); other readers hold bytes
      if (state.getValue) {
        const v = state.getValue(key, vc());
        return v === undefined ? defaultValue() : v;
      }
      const raw = state.get(key);
      return raw === undefined ? defaultValue() : decode(vc(), raw);
    },
    has(state, ...keys) {
      const key = fullKey(keys);
      return state.has ? state.has(key) : state.get(key) !== undefined;
    },
    set(state, ...args) {
      const value = args[args.length - 1] as V;
      const key = fullKey(args.slice(0, -1));
      if (value === undefined) state.delete(key);
      else if (state.setValue) state.setValue(key, vc(), value);
      else {
        const bytes = encode(vc(), value, encodedSize);
        encodedSize = Math.min(Math.max(bytes.length, 16), MAX_CAPACITY_HINT);
        state.set(key, bytes);
      }
    },
    remove: (state, ...keys) => state.delete(fullKey(keys)),
    mutate(state, ...args) {
      const fn = args[args.length - 1] as (v: V) => V;
      const keys = args.slice(0, -1) as unknown as K;
      const next = fn(item.get(state, ...keys));
      item.set(state, ...([...keys, next] as unknown as [...K, V]));
      return next;
    },
    entries(state, ...prefix) {
      const keys = state.keys(hashKeys(prefix as unknown[])).sort();
      return keys.map((k) => [decodeKey(k), state.getValue ? state.getValue(k, vc())! : decode(vc(), state.get(k)!)] as [K, V]);
    },
    clear(state, ...prefix) {
      const keys = state.keys(hashKeys(prefix as unknown[]));
      for (const k of keys) state.delete(k);
      return keys.length;
    },
    encodeValue: (v) => encode(vc(), v),
    decodeValue: (b) => decode(vc(), b),
    defaultBytes: () => (modifier === 'Optional' ? new Uint8Array([0]) : encode(vc(), defaultValue())),
    decodeKey,
    bind(next) {
      if (next === registry) return;
      registry = next;
      keyCodecs = undefined;
      valueCodec = undefined;
      keyCache.clear();
      stringKeyCache.clear();
    },
  };
  return item;
}
