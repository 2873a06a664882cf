/**
 * Per-block emission (coinbase/block_emission.rs): 1 TAO per block, halving
 * each time issuance crosses 21e6·(1 − 2^-k) TAO, zero once the supply is
 * reached. The chain computes `floor(log2(1/(1 − issuance/21e15)))` in I96F32;
 * the integer comparison below gives the same halving count without the
 * fixed-point logarithm.
 */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;

export function blockEmission(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  let halvings = 0n;
  // issuance >= supply·(1 − 2^-k)  ⇔  issuance·2^k >= supply·(2^k − 1)
  while (halvings < 64n && issuance << (halvings + 1n) >= TOTAL_SUPPLY * ((1n << (halvings + 1n)) - 1n)) halvings++;
  return DEFAULT_BLOCK_EMISSION >> halvings;
}

/** The subnet owner's share of one block's emission; `cut` is a u16 proportion (11796 ≈ 18 %). */
export function ownerCut(emission: bigint, cut: number): bigint {
  return (emission * BigInt(cut)) / 65535n;
}
