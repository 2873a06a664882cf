import { ensureSigned, type AccountId, type CallDef, type DispatchContext, type StateReader } from '../../../pallet.ts';
import { AllowLoopbackAxons, Axons, Prometheus, ServingRateLimit, Uids, type AxonValue, type PrometheusValue } from '../storage.ts';

/** `serve_axon` / `serve_prometheus` (subnets/serving.rs). */

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;
const IPV4_LOOPBACK = 0x7f00_0001n;
const IPV6_LOOPBACK = 1n;

/**
 * The chain's `is_valid_ip_address`: IPv4 below u32::MAX and not 127.0.0.1, IPv6
 * not all-ones and not ::1; the devnet lets loopback through while the genesis
 * flag `allowLoopbackAxons` is set.
 */
export function ipAllowed(state: StateReader, ip: bigint, ipType: number, allowZero: boolean): boolean {
  if (ip === 0n) return allowZero;
  if (ipType === 4) {
    if (ip >= U32_MAX) return false;
  } else if (ip === U128_MAX) return false;
  if ((ipType === 4 && ip === IPV4_LOOPBACK) || (ipType === 6 && ip === IPV6_LOOPBACK)) {
    return AllowLoopbackAxons.get(state);
  }
  return true;
}

function checkEndpoint(ctx: DispatchContext, netuid: number, hotkey: AccountId, ip: bigint, port: number, ipType: number, allowZero: boolean): void {
  if (Uids.get(ctx.state, netuid, hotkey) === undefined) ctx.fail('HotKeyNotRegisteredInNetwork');
  if (ipType !== 4 && ipType !== 6) ctx.fail('InvalidIpType');
  if (!ipAllowed(ctx.state, ip, ipType, allowZero)) ctx.fail('InvalidIpAddress');
  if (port === 0) ctx.fail('InvalidPort');
}

function rateLimited(ctx: DispatchContext, netuid: number, prevBlock: bigint | undefined): boolean {
  if (prevBlock === undefined || prevBlock === 0n) return false;
  return BigInt(ctx.blockNumber) - prevBlock < ServingRateLimit.get(ctx.state, netuid);
}

interface AxonArgs {
  netuid: number;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

export const servingCalls: CallDef[] = [
  {
    index: 4,
    name: 'serve_axon',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'version', type: 'u32' },
      { name: 'ip', type: 'u128' },
      { name: 'port', type: 'u16' },
      { name: 'ip_type', type: 'u8' },
      { name: 'protocol', type: 'u8' },
      { name: 'placeholder1', type: 'u8' },
      { name: 'placeholder2', type: 'u8' },
    ],
    dispatch(ctx, a: AxonArgs) {
      const hotkey = ensureSigned(ctx.origin);
      checkEndpoint(ctx, a.netuid, hotkey, a.ip, a.port, a.ip_type, true);
      const prev = Axons.get(ctx.state, a.netuid, hotkey);
      if (rateLimited(ctx, a.netuid, prev?.block)) ctx.fail('ServingRateLimitExceeded');
      const axon: AxonValue = {
        block: BigInt(ctx.blockNumber),
        version: a.version,
        ip: a.ip,
        port: a.port,
        ip_type: a.ip_type,
        protocol: a.protocol,
        placeholder1: a.placeholder1,
        placeholder2: a.placeholder2,
      };
      Axons.set(ctx.state, a.netuid, hotkey, axon);
      ctx.deposit('AxonServed', [a.netuid, hotkey]);
    },
  },
  {
    index: 5,
    name: 'serve_prometheus',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'version', type: 'u32' },
      { name: 'ip', type: 'u128' },
      { name: 'port', type: 'u16' },
      { name: 'ip_type', type: 'u8' },
    ],
    dispatch(ctx, a: { netuid: number; version: number; ip: bigint; port: number; ip_type: number }) {
      const hotkey = ensureSigned(ctx.origin);
      checkEndpoint(ctx, a.netuid, hotkey, a.ip, a.port, a.ip_type, false);
      const prev = Prometheus.get(ctx.state, a.netuid, hotkey);
      if (rateLimited(ctx, a.netuid, prev?.block)) ctx.fail('ServingRateLimitExceeded');
      const info: PrometheusValue = { block: BigInt(ctx.blockNumber), version: a.version, ip: a.ip, port: a.port, ip_type: a.ip_type };
      Prometheus.set(ctx.state, a.netuid, hotkey, info);
      ctx.deposit('PrometheusServed', [a.netuid, hotkey]);
    },
  },
];
