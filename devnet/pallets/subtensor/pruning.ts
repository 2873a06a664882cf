/**
 * Which uid a registration replaces when the subnet is full (spec 381 subnets/registration.rs
 * `get_neuron_to_prune`): the owner's immortal uids are never replaced; among the rest the
 * lowest `Emission` goes first, ties to the earliest registration, then the lowest uid.
 * Non-immune uids (`block − BlockAtRegistration >= ImmunityPeriod`) are taken first, but only
 * while more than `MinNonImmuneUids` of them exist: at or below that floor the best immune uid
 * is replaced instead, so a subnet keeps a pool of uids that have outlived their immunity.
 */
export interface PruneCandidate {
  uid: number;
  emission: bigint;
  registeredAt: bigint;
  /** one of the owner's immortal uids (`immortalOwnerUids`) */
  immortal: boolean;
}

export function isImmune(registeredAt: bigint, block: bigint, immunityPeriod: number): boolean {
  return block - registeredAt < BigInt(immunityPeriod);
}

export function neuronToPrune(candidates: readonly PruneCandidate[], block: bigint, immunityPeriod: number, minNonImmune: number): number | null {
  let bestFree: PruneCandidate | null = null;
  let bestImmune: PruneCandidate | null = null;
  let free = 0;
  for (const c of candidates) {
    if (c.immortal) continue;
    if (isImmune(c.registeredAt, block, immunityPeriod)) {
      if (bestImmune === null || better(c, bestImmune)) bestImmune = c;
    } else {
      free++;
      if (bestFree === null || better(c, bestFree)) bestFree = c;
    }
  }
  if (bestFree !== null && free > minNonImmune) return bestFree.uid;
  return bestImmune?.uid ?? null;
}

function better(a: PruneCandidate, b: PruneCandidate): boolean {
  if (a.emission !== b.emission) return a.emission < b.emission;
  if (a.registeredAt !== b.registeredAt) return a.registeredAt < b.registeredAt;
  return a.uid < b.uid;
}

/** A hotkey of the subnet owner's coldkey that holds a uid on the subnet. */
export interface OwnedUid {
  uid: number;
  registeredAt: bigint;
}

/**
 * The owner's uids that are never pruned (`get_immune_owner_tuples`): at most
 * `ImmuneOwnerUidsLimit` of the owner coldkey's registered hotkeys, the earliest registered
 * first (so newer keys expire rather than the long-standing ones), with the subnet owner hotkey
 * always among them: it goes first and pushes the last one out when the list is full.
 */
export function immortalOwnerUids(owned: readonly OwnedUid[], ownerHotkeyUid: number | undefined, limit: number): Set<number> {
  const sorted = [...owned].sort((a, b) => (a.registeredAt !== b.registeredAt ? (a.registeredAt < b.registeredAt ? -1 : 1) : a.uid - b.uid));
  let uids = sorted.slice(0, limit).map((o) => o.uid);
  if (ownerHotkeyUid !== undefined && !uids.includes(ownerHotkeyUid)) uids = [ownerHotkeyUid, ...uids].slice(0, limit);
  return new Set(uids);
}
