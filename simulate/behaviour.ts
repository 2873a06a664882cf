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

/** `honest | noisy:<sigma> | random | copier | slow:<ms> | offline | lazy` */
export function parseMinerBehaviour(text: string): MinerBehaviour {
  const [kind, arg] = text.split(':', 2);
  switch (kind) {
    case 'honest':
    case 'random':
    case 'copier':
    case 'offline':
    case 'lazy':
      if (arg === undefined) return { kind };
      break;
    case 'noisy': {
      const sigma = Number(arg);
      if (arg !== undefined && Number.isFinite(sigma) && sigma >= 0) return { kind, sigma };
      break;
    }
    case 'slow': {
      const ms = Number(arg);
      if (arg !== undefined && Number.isInteger(ms) && ms >= 0) return { kind, ms };
      break;
    }
  }
  throw new SubnetError('SIMULATION_INVALID', `miner behaviour ${JSON.stringify(text)} is not one of honest | noisy:<sigma> | random | copier | slow:<ms> | offline | lazy`);
}

export function behaviourLabel(b: MinerBehaviour): string {
  if (b.kind === 'noisy') return `noisy:${b.sigma}`;
  if (b.kind === 'slow') return `slow:${b.ms}`;
  return b.kind;
}
