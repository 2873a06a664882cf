import { blocksUntilEpoch } from './epoch-schedule.ts';

/**
 * When a hyperparameter change may land, as spec 381 decides it (subtensor utils/misc.rs
 * `is_in_admin_freeze_window`, utils/rate_limiting.rs `OwnerHyperparamUpdate`):
 * - the freeze window: a setter is refused while fewer than `AdminFreezeWindow` blocks are
 *   left before the subnet's epoch (root included), so weights set for that epoch are not
 *   judged under rules changed underneath them;
 * - the owner's rate limit: one hyperparameter changes at most once per
 *   `OwnerHyperparamRateLimit` tempos, counted from `LastRateLimitedBlock(OwnerHyperparamUpdate)`
 *   (0: never changed; root is exempt).
 * Pure: the caller reads the state, this says which rule refuses and from which block it passes.
 */
export interface AdminWindowState {
  netuid: number;
  tempo: number;
  /** `AdminFreezeWindow`, blocks */
  freezeWindow: number;
  /** `OwnerHyperparamRateLimit`, tempos */
  rateLimitTempos: number;
  /** the block of this hyperparameter's last owner change, 0 for never */
  lastChange: number;
  /** whether the change is sent by root (exempt from the rate limit) */
  byRoot: boolean;
}

export type AdminRefusal = 'ADMIN_FREEZE_WINDOW' | 'OWNER_HYPERPARAMETER_RATE_LIMIT';

/** Blocks left before the epoch as the runtime counts them in `block` (`blocks_until_next_epoch`): 0 in the epoch block. */
function remainingAt(netuid: number, tempo: number, block: number): number {
  const until = blocksUntilEpoch(netuid, tempo, block);
  return until === tempo + 1 ? 0 : until;
}

export function inFreezeWindow(s: Pick<AdminWindowState, 'netuid' | 'tempo' | 'freezeWindow'>, block: number): boolean {
  return s.tempo > 0 && remainingAt(s.netuid, s.tempo, block) < s.freezeWindow;
}

/** The first block at or after which the owner's rate limit passes. */
export function rateLimitOpensAt(s: AdminWindowState): number {
  if (s.byRoot || s.lastChange === 0) return 0;
  return s.lastChange + s.tempo * s.rateLimitTempos;
}

/** Which rule refuses a change landing in `block`, rate limit first as the runtime checks it; null if none. */
export function adminRefusal(s: AdminWindowState, block: number): AdminRefusal | null {
  if (block < rateLimitOpensAt(s)) return 'OWNER_HYPERPARAMETER_RATE_LIMIT';
  if (inFreezeWindow(s, block)) return 'ADMIN_FREEZE_WINDOW';
  return null;
}

/**
 * The first block at or after `block` in which the change passes both rules; null when it never
 * can (a freeze window of at least tempo + 1 blocks covers every block).
 */
export function nextAllowedBlock(s: AdminWindowState, block: number): number | null {
  if (s.tempo > 0 && s.freezeWindow > s.tempo) return null;
  let b = Math.max(block, rateLimitOpensAt(s));
  // inside the window the next open block is the one after the epoch block
  if (inFreezeWindow(s, b)) b += remainingAt(s.netuid, s.tempo, b) + 1;
  return b;
}
