import { isIPv4, isIPv6 } from 'node:net';
import { SubnetError } from '../core/errors.ts';

/** AxonInfo stores the address as a u128 plus `ip_type` (4 or 6). */
export function ipToInt(ip: string): { ip: bigint; ipType: 4 | 6 } {
  if (isIPv4(ip)) {
    return { ip: ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n), ipType: 4 };
  }
  if (isIPv6(ip)) {
    const [head, tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return { ip: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n), ipType: 6 };
  }
  throw new SubnetError('BAD_IP', `'${ip}' is not an IPv4 or IPv6 address`);
}

export function intToIp(ip: bigint, ipType: number): string {
  if (ipType === 6) {
    const groups: string[] = [];
    for (let i = 7; i >= 0; i--) groups.push(((ip >> BigInt(16 * i)) & 0xffffn).toString(16));
    return groups.join(':');
  }
  return [24n, 16n, 8n, 0n].map((s) => ((ip >> s) & 255n).toString()).join('.');
}
