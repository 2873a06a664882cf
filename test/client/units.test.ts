import { describe, expect, it } from 'vitest';
import { formatTao, parseTao } from '../../chain/balance.ts';
import { invalidTransactionError } from '../../chain/dispatch-error.ts';
import { resolveEndpoint } from '../../chain/endpoints.ts';
import { intToIp, ipToInt } from '../../chain/ip.ts';
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
    expect(formatTao(1n)).toBe('0.000000001');
    expect(formatTao(1_000_500_000_000n)).toBe('1000.500000000');
    expect(formatTao(-5n)).toBe('-0.000000005');
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
