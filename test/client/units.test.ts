import { describe, expect, it } from 'vitest';
import { chainErrorName, CUSTOM_TRANSACTION_ERRORS, customErrorReason, invalidTransactionError, parseCustomErrorCode } from '../../chain/dispatch-error.ts';
import { resolveEndpoint } from '../../chain/endpoints.ts';
import { intToIp, ipToInt } from '../../chain/ip.ts';
import { alphaSymbol, formatAlpha, formatAmount, formatTao, parseAlpha, parseTao } from '../../chain/units.ts';
import { isSubnetError } from '../../core/errors.ts';

describe('endpoints', () => {
  it('resolves the SDK aliases and passes URLs through', () => {
    expect(resolveEndpoint('local')).toBe('ws://127.0.0.1:9944');
    expect(resolveEndpoint('finney')).toBe('wss://entrypoint-finney.opentensor.ai:443');
    expect(resolveEndpoint('test')).toBe('wss://test.finney.opentensor.ai:443');
    expect(resolveEndpoint('ws://10.0.0.1:9944')).toBe('ws://10.0.0.1:9944');
    expect(() => resolveEndpoint('http://x')).toThrowError(/neither a ws:\/\/ or wss:\/\/ URL/);
  });
});

describe('TAO amounts (9 decimals, exact)', () => {
  it('parses and formats without floating point', () => {
    expect(parseTao('1')).toBe(1_000_000_000n);
    expect(parseTao('0.000000001')).toBe(1n);
    expect(parseTao('1000.5')).toBe(1_000_500_000_000n);
    expect(parseTao('21000000.123456789')).toBe(21_000_000_123_456_789n);
    expect(formatAmount(1n)).toBe('0.000000001');
    expect(formatAmount(1_000_500_000_000n)).toBe('1000.500000000');
    expect(formatAmount(-5n)).toBe('-0.000000005');
  });
  it('rejects more than 9 decimals, negatives and junk by name', () => {
    for (const bad of ['0.0000000001', '-1', '1e3', 'abc', '']) {
      let code = '';
      try {
        parseTao(bad);
      } catch (err) {
        code = isSubnetError(err) ? err.code : 'other';
      }
      expect(code, bad).toBe('BAD_AMOUNT');
    }
  });
});

describe('TAO and alpha are labelled, never one as the other', () => {
  it('shows TAO with τ and alpha with the subnet symbol after the number', () => {
    expect(formatTao(1_500_000_000n)).toBe('τ1.500000000');
    expect(formatAlpha(514_480_000_000n, 'α1')).toBe('514.480000000 α1');
    expect(formatAlpha(2n, 'β')).toBe('0.000000002 β');
    expect(formatAlpha(1n, 'α1')).not.toContain('τ');
  });
  it("takes the runtime's TokenSymbol, else α with the netuid", () => {
    expect(alphaSymbol(1)).toBe('α1');
    expect(alphaSymbol(12, '')).toBe('α12');
    expect(alphaSymbol(3, 'γ')).toBe('γ');
  });
  it('parses alpha amounts like TAO amounts, naming alpha in its errors', () => {
    expect(parseAlpha('10')).toBe(10_000_000_000n);
    expect(parseAlpha('0.5')).toBe(500_000_000n);
    expect(() => parseAlpha('-1')).toThrowError(/not a non-negative alpha number/);
    expect(() => parseTao('x')).toThrowError(/not a non-negative TAO number/);
  });
});

describe('axon addresses', () => {
  it('round-trips IPv4 and IPv6 through the u128 chain form', () => {
    expect(ipToInt('10.0.0.5')).toEqual({ ip: 0x0a000005n, ipType: 4 });
    expect(intToIp(0x0a000005n, 4)).toBe('10.0.0.5');
    const v6 = ipToInt('2001:db8::1');
    expect(v6.ipType).toBe(6);
    expect(intToIp(v6.ip, 6)).toBe('2001:db8:0:0:0:0:0:1');
    expect(() => ipToInt('300.1.1.1')).toThrowError(/not an IPv4 or IPv6/);
  });
});

describe('1010 invalid transactions', () => {
  it('become one readable line', () => {
    const err = invalidTransactionError(new Error('1010: Invalid Transaction: Custom error: 6'), 'add stake');
    expect(err?.code).toBe('CHAIN_INVALID_TX');
    expect(err?.message).toBe('add stake rejected by the chain (1010): RateLimitExceeded: transactions sent too fast');
    expect(invalidTransactionError(new Error('1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low'), 'x')?.message).toMatch(
      /cannot pay the transaction fee/,
    );
    expect(invalidTransactionError(new Error('socket hang up'), 'x')).toBeUndefined();
  });
});

describe('custom validity codes of the runtime', () => {
  it('name every code 0-22 and 255, each with a hint', () => {
    const codes = CUSTOM_TRANSACTION_ERRORS.map((e) => e.code);
    expect(codes).toEqual([...Array.from({ length: 23 }, (_, i) => i), 255]);
    for (const e of CUSTOM_TRANSACTION_ERRORS) {
      expect(e.name, String(e.code)).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(e.hint.length, e.name).toBeGreaterThan(5);
    }
    expect(Object.fromEntries(CUSTOM_TRANSACTION_ERRORS.filter((e) => (e.code >= 10 && e.code <= 14) || e.code === 255).map((e) => [e.code, e.name]))).toEqual({
      10: 'HotKeyNotRegisteredInNetwork',
      11: 'InvalidIpAddress',
      12: 'ServingRateLimitExceeded',
      13: 'InvalidPort',
      14: 'ZeroMaxAmount',
      255: 'BadRequest',
    });
  });

  it('are read from the text form and the structured form', () => {
    expect(parseCustomErrorCode('Invalid Transaction: Custom error: 12')).toBe(12);
    expect(parseCustomErrorCode('{"invalid":{"custom":11}}')).toBe(11);
    expect(parseCustomErrorCode('{ "Invalid": { "Custom": 255 } }')).toBe(255);
    expect(parseCustomErrorCode('Invalid Transaction: Transaction is outdated')).toBeUndefined();
  });

  it('turn a structured rejection into a named reason, not raw JSON', () => {
    const rpc = invalidTransactionError(
      new Error('1010: Invalid Transaction: {"invalid":{"custom":11}}'),
      'serve axon on subnet 1',
      'SubtensorModule.serve_axon',
    );
    expect(rpc?.message).toMatch(/^serve axon on subnet 1 rejected by the chain \(1010\): InvalidIpAddress: /);
    expect(rpc?.message).not.toContain('{');
    const bare = invalidTransactionError(new Error('{"invalid":{"custom":12}}'), 'serve axon on subnet 1');
    expect(bare?.code).toBe('CHAIN_INVALID_TX');
    expect(bare?.message).toContain('ServingRateLimitExceeded');
    expect(chainErrorName(bare)).toBe('ServingRateLimitExceeded');
    expect(bare?.details).toMatchObject({ custom: 12, error: 'ServingRateLimitExceeded' });
    expect(invalidTransactionError(new Error('1010: Invalid Transaction: Custom error: 255'), 'x')?.message).toContain('BadRequest');
    expect(invalidTransactionError(new Error('1010: Invalid Transaction: Custom error: 200'), 'x')?.message).toContain('custom error 200');
  });

  it('explain code 6 by the call: the registration cap, the network rate limit', () => {
    const reg = invalidTransactionError(new Error('1010: Invalid Transaction: Custom error: 6'), 'register on subnet 1', 'subtensorModule.burnedRegister');
    expect(reg?.message).toMatch(/RateLimitExceeded: the subnet already took its registrations for this interval/);
    expect(reg?.message).not.toMatch(/too fast/);
    expect(customErrorReason(6, 'register')).toMatch(/registrations for this interval/);
    const net = invalidTransactionError(new Error('1010: Invalid Transaction: Custom error: 6'), 'register network', 'SubtensorModule.register_network');
    expect(net?.message).toMatch(/NetworkRateLimit/);
    expect(net?.message).toContain('subnet sudo set --param network_rate_limit --value 0 --sudo');
  });
});
