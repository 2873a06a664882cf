import { SubnetError } from '../core/errors.ts';

/** How a simulated miner behaves. */
export type MinerBehaviour =
  | { kind: 'honest' }
  | { kind: 'noisy'; sigma: number }
  | { kind: 'random' }
  | { kind: 'copier' }
  | { kind: 'slow'; ms: number }
  | { kind: 'offline' }
  | { kind: 'lazy' };

export type ValidatorBehaviour = 'honest' | 'weight-copier';

/** The noise of `noisy` without a sigma: visibly worse than honest, still far better than random. */
export const DEFAULT_NOISE_SIGMA = 0.05;
/** The delay of `slow` without a value: beyond the default validator timeout. */
export const DEFAULT_SLOW_MS = 1500;
const MAX_COUNT = 256;
const GRAMMAR = 'honest | noisy[:<sigma>] | random | copier | slow[:<ms>] | offline | lazy, each optionally followed by :<count> (honest:3, noisy:0.1:2)';

/**
 * One entry of a miner list: `<behaviour>[:<value>][:<count>]`. Behaviours
 * without a value read a single number as a count (`honest:3` is three honest
 * miners), since that is what people type.
 */
export function parseMinerEntry(text: string): { behaviour: MinerBehaviour; count: number } {
  const parts = text.split(':');
  const [kind] = parts;
  const fail = (): never => {
    throw new SubnetError('SIMULATION_INVALID', `miner behaviour ${JSON.stringify(text)} is not one of ${GRAMMAR}`);
  };
  const count = (s: string | undefined): number => {
    if (s === undefined) return 1;
    const n = Number(s);
    return /^[0-9]+$/.test(s) && n >= 1 && n <= MAX_COUNT ? n : fail();
  };
  switch (kind) {
    case 'honest':
    case 'random':
    case 'copier':
    case 'offline':
    case 'lazy':
      if (parts.length > 2) fail();
      return { behaviour: { kind }, count: count(parts[1]) };
    case 'noisy': {
      if (parts.length > 3) fail();
      const sigma = parts[1] === undefined ? DEFAULT_NOISE_SIGMA : Number(parts[1]);
      if (parts[1] === '' || !Number.isFinite(sigma) || sigma < 0) fail();
      return { behaviour: { kind, sigma }, count: count(parts[2]) };
    }
    case 'slow': {
      if (parts.length > 3) fail();
      const ms = parts[1] === undefined ? DEFAULT_SLOW_MS : Number(parts[1]);
      if (parts[1] === '' || !Number.isInteger(ms) || ms < 0) fail();
      return { behaviour: { kind, ms }, count: count(parts[2]) };
    }
  }
  return fail();
}

/** A whole miner list, counts expanded: `['honest:2', 'noisy']` is three miners. */
export function expandMinerBehaviours(list: readonly string[]): MinerBehaviour[] {
  return list.flatMap((text) => {
    const { behaviour, count } = parseMinerEntry(text);
    return Array.from({ length: count }, () => behaviour);
  });
}

export function behaviourLabel(b: MinerBehaviour): string {
  if (b.kind === 'noisy') return `noisy:${b.sigma}`;
  if (b.kind === 'slow') return `slow:${b.ms}`;
  return b.kind;
}
