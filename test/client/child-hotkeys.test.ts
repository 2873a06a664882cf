import { describe, expect, it } from 'vitest';
import { checkChildren, formatProportion, formatTake, parseChildSpec, parseTake, PROPORTION_ONE } from '../../chain/child-hotkeys.ts';

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';

describe('child hotkey arguments', () => {
  it('a proportion is a fraction of the parent stake in parts of u64::MAX, rounded down', () => {
    // 0.5 · (2^64 − 1) = 9223372036854775807.5 → 9223372036854775807
    expect(parseChildSpec(`${BOB}:0.5`)).toEqual({ hotkey: BOB, proportion: 9_223_372_036_854_775_807n });
    expect(parseChildSpec(`${BOB}:1`).proportion).toBe(PROPORTION_ONE);
    expect(parseChildSpec(`${BOB}:.25`).proportion).toBe(PROPORTION_ONE / 4n);
    expect(formatProportion(PROPORTION_ONE / 2n)).toBe('50.00 %');
  });

  it('refuses a bad address, a missing or out-of-range proportion with one line naming it', () => {
    expect(() => parseChildSpec('nope:0.5')).toThrow("'nope' is not a valid ss58 address");
    expect(() => parseChildSpec(BOB)).toThrow('must be <ss58 address>:<proportion>');
    expect(() => parseChildSpec(`${BOB}:1.5`)).toThrow('is more than 1');
    expect(() => parseChildSpec(`${BOB}:half`)).toThrow('is not a fraction between 0 and 1');
  });

  it("checks the runtime's rules it can know without the chain: self, duplicates, count, sum", () => {
    const half = PROPORTION_ONE / 2n;
    expect(() => checkChildren(BOB, [{ hotkey: BOB, proportion: half }])).toThrow('is the parent hotkey itself');
    expect(() =>
      checkChildren(BOB, [
        { hotkey: CHARLIE, proportion: 1n },
        { hotkey: CHARLIE, proportion: 2n },
      ]),
    ).toThrow('is given twice');
    expect(() =>
      checkChildren(BOB, [
        { hotkey: CHARLIE, proportion: PROPORTION_ONE },
        { hotkey: BOB + 'x', proportion: 1n },
      ]),
    ).toThrow('more than the whole stake');
    expect(() => checkChildren(BOB, [{ hotkey: CHARLIE, proportion: half }])).not.toThrow();
  });

  it('a childkey take is a fraction in parts of u16::MAX', () => {
    // 0.1 · 65535 = 6553.5 → 6553, shown rounded as 10.00 %
    expect(parseTake('0.1')).toBe(6553);
    expect(formatTake(6553)).toBe('10.00 %');
    expect(parseTake('0.18')).toBe(11796);
    expect(() => parseTake('2')).toThrow('is not a fraction between 0 and 1');
    expect(() => parseTake('1.01')).toThrow('is more than 1');
  });
});
