import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { getDevAccounts } from '../../devnet/account.ts';
import { decode, encode, Some } from '../../devnet/scale/codec.ts';
import { TypeRegistry as DevnetTypeRegistry } from '../../devnet/scale/registry.ts';

// The devnet's SCALE codecs agree byte for byte with @polkadot/types and round-trip.
const pjs = new TypeRegistry();
// the builtin types only: no runtime is needed for them
const registry = new DevnetTypeRegistry();

const u = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const cases: [string, fc.Arbitrary<unknown>, (v: unknown) => unknown][] = [
  ['u8', fc.integer({ min: 0, max: 255 }), (v) => v],
  ['u16', fc.integer({ min: 0, max: 65535 }), (v) => v],
  ['u32', fc.nat({ max: 0xffffffff }), (v) => v],
  ['u64', u(64), (v) => v],
  ['u128', u(128), (v) => v],
  ['i32', fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => v],
  ['i64', fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (v) => v],
  ['bool', fc.boolean(), (v) => v],
  ['Compact<u32>', fc.nat({ max: 0xffffffff }), (v) => v],
  ['Compact<u64>', u(64), (v) => v],
  ['Compact<u128>', u(128), (v) => v],
  ['Vec<u16>', fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 300 }), (v) => v],
  ['Vec<(u16, u16)>', fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })), { maxLength: 50 }), (v) => v],
  ['Option<u32>', fc.option(fc.nat({ max: 0xffffffff }), { nil: null }), (v) => v],
  ['Option<bool>', fc.option(fc.boolean(), { nil: null }), (v) => v],
  ['Text', fc.string(), (v) => v],
  ['Vec<u8>', fc.uint8Array({ maxLength: 100 }), (v) => u8aToHex(v as Uint8Array)],
  ['[u8; 32]', fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => u8aToHex(b)), (v) => v],
  ['(u16, Compact<u64>, bool)', fc.tuple(fc.integer({ min: 0, max: 65535 }), u(64), fc.boolean()), (v) => v],
];

describe('devnet SCALE codec', () => {
  for (const [type, arb, toPjs] of cases) {
    it(`${type} matches @polkadot/types and round-trips`, () => {
      const codec = registry.codec(type);
      fc.assert(
        fc.property(arb, (value) => {
          const ours = encode(codec, value);
          const theirs = pjs.createType(type === 'Text' ? 'Text' : type.replace(/\s/g, ''), toPjs(value) as never).toU8a();
          expect(u8aToHex(ours)).toBe(u8aToHex(theirs));
          const back = decode(codec, ours);
          expect(u8aToHex(encode(codec, back))).toBe(u8aToHex(ours));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('tells Some(None) from None in an Option<Option<T>>, as @polkadot/types encodes them', () => {
    const codec = registry.codec('Option<Option<u8>>');
    const hex = (v: unknown) => u8aToHex(encode(codec, v));
    expect(hex(null)).toBe('0x00');
    expect(hex(new Some(null))).toBe('0x0100');
    const someNone = pjs.createType('Option<Option<u8>>', encode(codec, new Some(null)));
    expect(someNone.isSome && someNone.unwrap().isNone).toBe(true);
    expect(pjs.createType('Option<Option<u8>>', encode(codec, null)).isNone).toBe(true);
    expect(hex(new Some(5))).toBe(hex(5));
    expect(hex(5)).toBe('0x010105');
    expect(u8aToHex(encode(registry.codec('Option<bool>'), new Some(false)))).toBe('0x0100');
  });

  it('rejects truncated input and trailing bytes with a clear error', () => {
    const codec = registry.codec('Vec<u32>');
    const bytes = encode(codec, [1, 2, 3]);
    expect(() => decode(codec, bytes.slice(0, -1))).toThrow(/unexpected end of input/);
    expect(() => decode(codec, new Uint8Array([...bytes, 0]))).toThrow(/trailing byte/);
    expect(() => decode(codec, new Uint8Array([0xfe, 0xff, 0xff, 0xff]))).toThrow(/length prefix/);
    expect(() => encode(registry.codec('u8'), 256)).toThrow(/out of range/);
  });

  it('encodes structs and enums from lenient JSON (camelCase fields, variant names, SS58)', () => {
    const info = registry.codec('DispatchEventInfo');
    const a = encode(info, { weight: { refTime: 5, proofSize: 0 }, class: 'operational', paysFee: 'Yes' });
    const b = encode(info, { weight: { ref_time: 5n, proof_size: 0n }, class: 'Operational', pays_fee: 'Yes' });
    expect(u8aToHex(a)).toBe(u8aToHex(b));
    const id = registry.codec('AccountId32');
    expect(decode(id, encode(id, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'))).toBe(
      '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
    );
  });

  it('fixes the dev account keys that @polkadot/keyring derives', () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const dev of getDevAccounts()) {
      const pair = keyring.addFromUri(`//${dev.name}`);
      expect(dev.address).toBe(pair.address);
      expect(dev.accountId).toBe(u8aToHex(pair.publicKey));
    }
  });
});
