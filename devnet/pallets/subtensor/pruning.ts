/**
 * Which uid a registration replaces when the subnet is full (subnets/uids.rs):
 * the subnet owner's hotkey is never replaced; among the rest the lowest
 * `Emission` goes first, ties to the earliest registration, then the lowest uid;
 * non-immune uids (`block − BlockAtRegistration >= ImmunityPeriod`) are preferred,
 * and an immune uid is taken only when every candidate is immune.
 */
export interface PruneCandidate {
  uid: number;
  emission: bigint;
  registeredAt: bigint;
  isOwnerHotkey: boolean;
}

export function isImmune(registeredAt: bigint, block: bigint, immunityPeriod: number): boolean {
  return block - registeredAt < BigInt(immunityPeriod);
}

export function neuronToPrune(candidates: readonly PruneCandidate[], block: bigint, immunityPeriod: number): number | null {
  let best: { c: PruneCandidate; immune: boolean } | null = null;
  for (const c of candidates) {
    if (c.isOwnerHotkey) continue;
    const immune = isImmune(c.registeredAt, block, immunityPeriod);
    if (best === null || better(c, immune, best.c, best.immune)) best = { c, immune };
  }
  return best === null ? null : best.c.uid;
}

function better(a: PruneCandidate, aImmune: boolean, b: PruneCandidate, bImmune: boolean): boolean {
  if (aImmune !== bImmune) return !aImmune;
  if (a.emission !== b.emission) return a.emission < b.emission;
  if (a.registeredAt !== b.registeredAt) return a.registeredAt < b.registeredAt;
  return a.uid < b.uid;
}
