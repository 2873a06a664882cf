import { isIPv6 } from 'node:net';

/**
 * The source a remote address counts as for per-source limits: an IPv4 address, or an
 * IPv6 /64 (one host commonly owns a whole /64). The axons and the devnet's RPC server
 * share it, so "one source" means the same everywhere.
 */
export function networkSourceOf(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (v4) return v4[1]!;
  if (!isIPv6(remoteAddress)) return remoteAddress;
  return `${expandIPv6(remoteAddress).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('%')[0]!.split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // an embedded IPv4 tail counts as two groups; only the first four groups matter here
  const missing = 8 - left.length - right.length;
  return [...left, ...(tail !== undefined ? Array<string>(Math.max(0, missing)).fill('0') : []), ...right].map((g) => g.toLowerCase());
}
