/**
 * `bittensor.core.settings.version_as_int`: each dotted part weighted by a
 * power of 1000, last part first (9.12.3 → 9_012_003).
 */
export function versionAsInt(version: string): number {
  const parts = version.split('.').map((p) => {
    if (!/^\d+$/.test(p)) throw new RangeError(`version part "${p}" of "${version}" is not a number`);
    const n = Number(p);
    if (n >= 1000) throw new RangeError(`version part ${n} of "${version}" is not below 1000`);
    return n;
  });
  return parts.reverse().reduce((sum, part, i) => sum + part * 1000 ** i, 0);
}

/** The SDK release whose wire format we speak; ≥ 7.2.0 so Python axons apply the windowed nonce rule to us. */
export const SDK_COMPAT_VERSION = '9.12.2';
export const SDK_COMPAT_VERSION_INT = versionAsInt(SDK_COMPAT_VERSION);

/** axon.py V_7_2_0: from this dendrite version on, a first nonce must be recent. */
export const V_7_2_0 = 7_002_000;
