import { availableParallelism, loadavg } from 'node:os';
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { buildTimelockedCommit } from '../chain/timelock-weights.ts';
import { createDevBeacon, encodeWeightsTlockPayload, timelockDecrypt, timelockEncrypt } from '../core/timelock/index.ts';
import type { Benchmark, Figure } from './result.ts';

/**
 * Commit-reveal v4 cost per commit: timelock-encrypting a 256-uid WeightsTlockPayload
 * (what a validator does once per epoch) and decrypting it with the round's signature
 * (what the chain, or our devnet, does per commit at reveal), against one raw BLS12-381
 * pairing with the same library in the same process. Encryption and decryption each
 * contain one pairing plus scalar multiplications and hashing, so the ratio says how
 * close to that floor the timelock code runs.
 */

/** Median and best wall ms per call over `reps` calls (after one warm-up), and CPU ms per call. */
function time(fn: () => void, reps: number): { ms: number; minMs: number; cpuMs: number } {
  fn();
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], minMs: samples[0], cpuMs: (cpu.user + cpu.system) / 1000 / reps };
}

const bench: Benchmark = async ({ json }) => {
  const quick = process.env.BENCH_QUICK === '1';
  const reps = quick ? 10 : 40;
  const log = (s: string) => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  const figures: Figure[] = [];
  const notes: string[] = [];

  const beacon = createDevBeacon('crv4-bench');
  const uids = Array.from({ length: 256 }, (_, i) => i);
  const values = uids.map((i) => (i * 2654435761) & 0xffff);
  const hotkey = Uint8Array.from({ length: 32 }, (_, i) => i);
  const payload = encodeWeightsTlockPayload({ hotkey, uids, values, versionKey: 1n });
  const round = 20_000_000;
  const signature = beacon.sign(round);

  // the reference: one pairing of two fixed random-looking points, final exponentiation included
  const p = bls.G1.Point.BASE.multiply(0x1234567890abcdefn);
  const q = bls.G2.Point.BASE.multiply(0xfedcba0987654321n);
  const pairing = time(() => bls.pairing(p, q), reps);
  figures.push({ name: 'BLS12-381 pairing (median)', value: pairing.ms, unit: 'ms' });
  figures.push({ name: 'BLS12-381 pairing CPU', value: pairing.cpuMs, unit: 'ms' });
  log(`pairing: median ${pairing.ms.toFixed(2)} ms, CPU ${pairing.cpuMs.toFixed(2)} ms`);

  let ciphertext: Uint8Array = new Uint8Array(0);
  const enc = time(() => {
    ciphertext = timelockEncrypt(payload, round, { publicKey: beacon.publicKey });
  }, reps);
  figures.push({ name: 'encrypt 256-uid commit (median)', value: enc.ms, unit: 'ms/commit' });
  figures.push({ name: 'encrypt 256-uid commit (best)', value: enc.minMs, unit: 'ms/commit' });
  figures.push({ name: 'encrypt 256-uid commit CPU', value: enc.cpuMs, unit: 'ms/commit' });
  figures.push({ name: 'commit size', value: ciphertext.length, unit: 'bytes' });
  log(`encrypt: median ${enc.ms.toFixed(2)} ms, CPU ${enc.cpuMs.toFixed(2)} ms, ${ciphertext.length} bytes`);

  const dec = time(() => {
    timelockDecrypt(ciphertext, signature);
  }, reps);
  figures.push({ name: 'decrypt 256-uid commit (median)', value: dec.ms, unit: 'ms/commit' });
  figures.push({ name: 'decrypt 256-uid commit (best)', value: dec.minMs, unit: 'ms/commit' });
  figures.push({ name: 'decrypt 256-uid commit CPU', value: dec.cpuMs, unit: 'ms/commit' });
  log(`decrypt: median ${dec.ms.toFixed(2)} ms, CPU ${dec.cpuMs.toFixed(2)} ms`);

  const build = time(
    () => {
      buildTimelockedCommit({
        hotkey,
        uids,
        values,
        versionKey: 1n,
        currentBlock: 5_000_000,
        netuid: 1,
        tempo: 360,
        revealPeriodEpochs: 1,
        blockTimeSeconds: 12,
        nowSeconds: 1_750_000_000,
      });
    },
    quick ? 5 : 20,
  );
  figures.push({ name: 'buildTimelockedCommit on quicknet, 256 uids, CPU', value: build.cpuMs, unit: 'ms/commit' });
  figures.push({ name: 'encrypt / pairing (CPU)', value: enc.cpuMs / pairing.cpuMs, unit: 'pairings' });
  figures.push({ name: 'decrypt / pairing (CPU)', value: dec.cpuMs / pairing.cpuMs, unit: 'pairings' });

  notes.push(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores (other work on the machine inflates wall times; CPU figures are less affected)`,
  );
  notes.push('@noble/curves (pure JS) for the pairing in both the reference and the timelock code; AES-256-GCM through node:crypto');
  return {
    name: 'crv4',
    figures,
    reference: { name: 'one BLS12-381 pairing (noble), CPU', value: pairing.cpuMs, unit: 'ms' },
    ratio: pairing.cpuMs / dec.cpuMs,
    ratioMeaning:
      'pairing CPU time / decrypt CPU time per 256-uid commit (1.0 = decrypting costs one pairing; decryption needs one pairing and one fixed-base G2 multiplication)',
    notes,
  };
};

export default bench;
