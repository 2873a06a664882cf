import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import type { Hex } from '../scale/types.ts';

export type Hasher = 'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

/** Substrate's storage hashers. */
export function hashKeyPart(hasher: Hasher, data: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128':
      return blake2AsU8a(data, 128);
    case 'Blake2_256':
      return blake2AsU8a(data, 256);
    case 'Blake2_128Concat':
      return u8aConcat(blake2AsU8a(data, 128), data);
    case 'Twox128':
      return xxhashAsU8a(data, 128);
    case 'Twox256':
      return xxhashAsU8a(data, 256);
    case 'Twox64Concat':
      return u8aConcat(xxhashAsU8a(data, 64), data);
    case 'Identity':
      return data;
  }
}

/** Bytes of hash before the encoded key for concat hashers; undefined when the key cannot be recovered. */
export function concatHashLength(hasher: Hasher): number | undefined {
  if (hasher === 'Blake2_128Concat') return 16;
  if (hasher === 'Twox64Concat') return 8;
  if (hasher === 'Identity') return 0;
  return undefined;
}

/** twox128(pallet) ++ twox128(item): the prefix of every key of a storage item. */
export function storagePrefix(pallet: string, item: string): Uint8Array {
  return u8aConcat(xxhashAsU8a(stringToU8a(pallet), 128), xxhashAsU8a(stringToU8a(item), 128));
}

export function storagePrefixHex(pallet: string, item: string): Hex {
  return u8aToHex(storagePrefix(pallet, item)) as Hex;
}
