import { encodeAddress } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hex } from '../../devnet/pallet.ts';
import { Account, type AccountInfo } from '../../devnet/pallets/system.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { canonicalCopy, type Codec, decode, encode, NOT_CANONICAL } from '../../devnet/scale/codec.ts';
import { MemoryState } from '../../devnet/state/memory-state.ts';
import { Overlay } from '../../devnet/state/overlay.ts';

// The block overlay keeps storage values decoded. What a read returns must be exactly what the
// SCALE round trip returned before (canonical copies), callers may mutate what they read, and
// nested layers keep their rollback semantics.
const { registry } = buildRuntime(PALLETS, []);

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d' as Hex;
const BOB = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48' as Hex;

/** decode(encode(v)), or the error's message */
function roundTrip(codec: Codec, v: unknown): unknown {
  try {
    return { ok: decode(codec, encode(codec, v)) };
  } catch (err) {
    return { err: (err as Error).message };
  }
}
function viaCanonical(codec: Codec, v: unknown): unknown {
  try {
    return { ok: canonicalCopy(codec, v) };
  } catch (err) {
    return { err: (err as Error).message };
  }
}

// lenient inputs as pallets and dev_setStorage write them: canonical values and values that need the round trip
const int = (bits: number) =>
  fc.oneof(
    fc.bigInt({ min: -2n, max: (1n << BigInt(bits)) + 1n }),
    fc.integer({ min: -2, max: 2 ** Math.min(bits, 40) }),
    fc.integer({ min: 0, max: 1000 }).map(String),
  );
const account = fc.constantFrom<unknown>(
  ALICE,
  BOB,
  ALICE.toUpperCase().replace('0X', '0x'),
  encodeAddress(BOB, 42),
  Uint8Array.from(Buffer.from(ALICE.slice(2), 'hex')),
);
const accountData = fc.record({ free: int(64), reserved: int(64), frozen: int(64), flags: int(128) }, { requiredKeys: ['free', 'reserved', 'frozen'] });
const accountInfo = fc.oneof(
  fc.record({ nonce: int(32), consumers: int(32), providers: int(32), sufficients: int(32), data: accountData }),
  fc.record({ nonce: int(32), data: fc.record({ free: int(64), freeBalance: int(64) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
);
const cases: [string, fc.Arbitrary<unknown>][] = [
  ['AccountInfo', accountInfo],
  ['u16', int(16)],
  ['u64', int(64)],
  ['i32', fc.integer({ min: -(2 ** 31) - 1, max: 2 ** 31 })],
  ['Compact<u32>', int(32)],
  ['bool', fc.oneof(fc.boolean(), fc.constantFrom<unknown>(1, 0, 'true'))],
  ['AccountId32', account],
  [
    'Vec<u8>',
    fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
      fc.constant('0x0102'),
    ),
  ],
  ['Vec<(u16, u16)>', fc.array(fc.tuple(int(16), int(16)), { maxLength: 5 })],
  ['Option<u32>', fc.option(int(32), { nil: null })],
  ['Option<Option<u8>>', fc.option(fc.option(int(8), { nil: null }), { nil: undefined })],
  ['Vec<AccountId32>', fc.array(account, { maxLength: 4 })],
  [
    'Phase',
    fc.oneof(fc.constantFrom<unknown>('Finalization', 'finalization', 'Initialization', { Finalization: null }), fc.record({ ApplyExtrinsic: int(32) })),
  ],
  ['(u16, Compact<u64>, bool)', fc.tuple(int(16), int(64), fc.boolean())],
];

describe('devnet storage values kept decoded', () => {
  for (const [type, arb] of cases) {
    it(`${type}: the canonical copy is the SCALE round trip (value or error)`, () => {
      const codec = registry.codec(type);
      fc.assert(
        fc.property(arb, (v) => {
          expect(viaCanonical(codec, v)).toEqual(roundTrip(codec, v));
          const c = codec.canonical?.(v) ?? NOT_CANONICAL;
          if (c !== NOT_CANONICAL) expect({ ok: c }).toEqual(roundTrip(codec, v));
        }),
        { numRuns: 300 },
      );
    });
  }

  const info = (free: bigint): AccountInfo => ({ nonce: 0, consumers: 0, providers: 1, sufficients: 0, data: { free, reserved: 0n, frozen: 0n, flags: 0n } });

  it('hands out copies: mutating what was read or written does not change the state', () => {
    const base = new MemoryState();
    base.put(Account.key(ALICE), Account.encodeValue(info(100n)));
    const overlay = new Overlay(base);
    const read = Account.get(overlay, ALICE);
    read.data.free = 1n;
    expect(Account.get(overlay, ALICE).data.free).toBe(100n);
    const written = info(7n);
    Account.set(overlay, ALICE, written);
    written.data.free = 8n;
    expect(Account.get(overlay, ALICE).data.free).toBe(7n);
    expect(overlay.get(Account.key(ALICE))).toEqual(Account.encodeValue(info(7n)));
  });

  it('reads back values as the SCALE round trip normalises them (SS58, numbers for u64, camelCase fields)', () => {
    const overlay = new Overlay(new MemoryState());
    Account.set(overlay, BOB, { nonce: 1, data: { free: 5 } } as unknown as AccountInfo);
    expect(Account.get(overlay, BOB)).toEqual({
      nonce: 1,
      consumers: 0,
      providers: 0,
      sufficients: 0,
      data: { free: 5n, reserved: 0n, frozen: 0n, flags: 0n },
    });
    const ids = registry.codec('Vec<AccountId32>');
    const key = '0x01' as Hex;
    overlay.setValue(key, ids, [encodeAddress(ALICE, 42)]);
    expect(overlay.getValue(key, ids)).toEqual([ALICE]);
  });

  it('rolls back nested layers and keeps committed ones, with values read decoded in between', () => {
    const base = new MemoryState();
    base.put(Account.key(ALICE), Account.encodeValue(info(100n)));
    const overlay = new Overlay(base);
    overlay.push(); // extrinsic
    Account.mutate(overlay, ALICE, (a) => ({ ...a, nonce: a.nonce + 1 }));
    expect(() =>
      overlay.transactional(() => {
        Account.mutate(overlay, ALICE, (a) => ({ ...a, data: { ...a.data, free: a.data.free - 60n } }));
        Account.set(overlay, BOB, info(60n));
        expect(Account.get(overlay, ALICE).data.free).toBe(40n);
        throw new Error('dispatch failed');
      }),
    ).toThrow('dispatch failed');
    expect(Account.get(overlay, ALICE)).toMatchObject({ nonce: 1, data: { free: 100n } });
    expect(Account.has(overlay, BOB)).toBe(false);
    overlay.transactional(() => Account.set(overlay, BOB, info(5n)));
    overlay.commit();
    const changes = overlay.changes();
    expect([...changes.keys()].sort()).toEqual([Account.key(ALICE), Account.key(BOB)].sort());
    expect(Account.decodeValue(changes.get(Account.key(ALICE))!)).toMatchObject({ nonce: 1, data: { free: 100n } });
    expect(Account.decodeValue(changes.get(Account.key(BOB))!)).toEqual(info(5n));
    // the base is untouched until the block is committed
    expect(Account.decodeValue(base.get(Account.key(ALICE))!).nonce).toBe(0);
  });

  it('throws at the write, as encoding did, for a value that cannot be encoded', () => {
    const overlay = new Overlay(new MemoryState());
    expect(() => Account.set(overlay, ALICE, { nonce: 'many' } as unknown as AccountInfo)).toThrow(/u32/);
    expect(Account.has(overlay, ALICE)).toBe(false);
  });
});
