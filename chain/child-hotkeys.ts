import { SubnetError } from '../core/errors.ts';
import { publicKeyOf } from './wallet/keypair.ts';

/**
 * Child hotkeys as the chain stores them: a parent lends each child a
 * proportion of its stake on a subnet, in parts of u64::MAX; a child keeps a
 * take of what it passes on to its parents, in parts of u16::MAX. Pure
 * parsing and formatting; the calls are SubtensorClient's.
 */

/** The whole of a parent's stake, as a child proportion. */
export const PROPORTION_ONE = 0xffffffffffffffffn;
/** The whole of a child's dividends, as a childkey take. */
export const TAKE_ONE = 65535;
/** At most this many children per parent and subnet. */
export const MAX_CHILDREN = 5;

export interface ChildLink {
  hotkey: string;
  /** parts of PROPORTION_ONE */
  proportion: bigint;
}

/** A decimal fraction `0 ≤ x ≤ 1` ("0.5", "1", ".25") as parts of `one`, rounded down exactly. */
function parseFraction(text: string, one: bigint, what: string): bigint {
  const m = /^(0|1)?(?:\.(\d{1,18}))?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined))
    throw new SubnetError('BAD_PROPORTION', `${what} '${text}' is not a fraction between 0 and 1 (for example 0.5)`);
  const decimals = m[2] ?? '';
  const scale = 10n ** BigInt(decimals.length);
  const num = BigInt(m[1] ?? '0') * scale + BigInt(decimals || '0');
  if (num > scale) throw new SubnetError('BAD_PROPORTION', `${what} '${text}' is more than 1: give a fraction between 0 and 1`);
  return (num * one) / scale;
}

/** `<ss58>:<fraction>` (`5F…:0.5`) as a child link; the fraction is of the parent's stake. */
export function parseChildSpec(spec: string): ChildLink {
  const at = spec.lastIndexOf(':');
  if (at <= 0) throw new SubnetError('BAD_CHILD', `--child '${spec}' must be <ss58 address>:<proportion>, for example 5F…:0.5`);
  const hotkey = spec.slice(0, at);
  publicKeyOf(hotkey);
  return { hotkey, proportion: parseFraction(spec.slice(at + 1), PROPORTION_ONE, `the proportion of child ${hotkey}`) };
}

/**
 * Children as `set_children` takes them, checked as far as the chain's rules
 * are known without reading it: at most five, no hotkey twice, no child that
 * is the parent, proportions summing to at most the whole stake.
 */
export function checkChildren(parent: string, children: ChildLink[]): void {
  if (children.length > MAX_CHILDREN) throw new SubnetError('BAD_CHILD', `${children.length} children given: a hotkey has at most ${MAX_CHILDREN} on a subnet`);
  const seen = new Set<string>();
  for (const c of children) {
    if (c.hotkey === parent) throw new SubnetError('BAD_CHILD', `child ${c.hotkey} is the parent hotkey itself: give other hotkeys`);
    if (seen.has(c.hotkey)) throw new SubnetError('BAD_CHILD', `child ${c.hotkey} is given twice: give each child once`);
    seen.add(c.hotkey);
  }
  const total = children.reduce((t, c) => t + c.proportion, 0n);
  if (total > PROPORTION_ONE)
    throw new SubnetError('BAD_PROPORTION', `the proportions add up to ${formatProportion(total)}, more than the whole stake: keep their sum at most 1`);
}

/** A proportion of the parent's stake as a percentage rounded to two decimals ("50.00 %"). */
export function formatProportion(proportion: bigint): string {
  const hundredths = (proportion * 10_000n + PROPORTION_ONE / 2n) / PROPORTION_ONE;
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')} %`;
}

/** A childkey take given as a fraction ("0.1" for 10 %) as parts of u16::MAX, rounded down. */
export function parseTake(text: string): number {
  return Number(parseFraction(text, BigInt(TAKE_ONE), 'the childkey take'));
}

/** A childkey take (parts of u16::MAX) as a percentage rounded to two decimals. */
export function formatTake(take: number): string {
  const hundredths = Math.round((take * 10_000) / TAKE_ONE);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')} %`;
}
