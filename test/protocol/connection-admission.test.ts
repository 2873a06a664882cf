import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AuthFailureBudget } from '../../protocol/auth-failure-budget.ts';
import { CLAIMED_HOTKEY_HEADER, claimedHotkey, SourceCounts, unauthenticatedCost } from '../../protocol/ws/connection-admission.ts';

const request = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;

describe('connection admission', () => {
  it('reads a plausible ss58 claim from the upgrade request, and nothing else', () => {
    const bob = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
    expect(claimedHotkey(request({ [CLAIMED_HOTKEY_HEADER]: bob }))).toBe(bob);
    expect(claimedHotkey(request({}))).toBeUndefined();
    expect(claimedHotkey(request({ [CLAIMED_HOTKEY_HEADER]: '' }))).toBeUndefined();
    expect(claimedHotkey(request({ [CLAIMED_HOTKEY_HEADER]: 'x'.repeat(65) }))).toBeUndefined();
    // 0, O, I and l are not base58
    expect(claimedHotkey(request({ [CLAIMED_HOTKEY_HEADER]: '0xdeadbeef' }))).toBeUndefined();
    expect(claimedHotkey(request({ [CLAIMED_HOTKEY_HEADER]: [bob, bob] }))).toBeUndefined();
  });

  it('charges an unauthenticated slot by the seconds it was held', () => {
    // a certificate refused at once was already charged; closing adds nothing
    expect(unauthenticatedCost({ heldMs: 30, reserved: false, sentFrames: true })).toBe(0);
    // a socket that never sent a frame pays at least one token
    expect(unauthenticatedCost({ heldMs: 30, reserved: false, sentFrames: false })).toBe(1);
    // a handshake timeout of 5 s costs 5
    expect(unauthenticatedCost({ heldMs: 5_000, reserved: false, sentFrames: false })).toBe(5);
    expect(unauthenticatedCost({ heldMs: 5_001, reserved: false, sentFrames: true })).toBe(6);
    // any reserved slot left unauthenticated costs at least one
    expect(unauthenticatedCost({ heldMs: 30, reserved: true, sentFrames: true })).toBe(1);
  });

  it('counts per source and forgets a source at zero', () => {
    const counts = new SourceCounts();
    counts.add('a');
    counts.add('a');
    counts.add('b');
    expect([counts.get('a'), counts.get('b'), counts.size]).toEqual([2, 1, 2]);
    counts.remove('b');
    counts.remove('a');
    expect([counts.get('a'), counts.get('b'), counts.size]).toEqual([1, 0, 1]);
  });

  it('a budget charged more than it holds goes into debt, at most one burst deep, and is paid back at the refill rate', () => {
    const budget = new AuthFailureBudget({ burst: 4, perSecond: 0.5, maxSources: 10 });
    budget.charge('s', 0, 6);
    expect(budget.allows('s', 0)).toBe(false);
    // -2 now: three tokens to earn back before one more failure is allowed
    expect(budget.retryAfterS('s', 0)).toBe(6);
    budget.charge('s', 0, 100);
    // floored at -burst: -4, five tokens to earn at 0.5/s
    expect(budget.retryAfterS('s', 0)).toBe(10);
    expect(budget.allows('s', 9_999)).toBe(false);
    expect(budget.allows('s', 10_000)).toBe(true);
  });
});
