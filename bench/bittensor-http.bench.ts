import { cpus, loadavg } from 'node:os';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createLogger } from '../core/logger.ts';
import { HttpAxon } from '../protocol/bittensor-http/http-axon.ts';
import { callHttpAxon, HttpDendriteSigner } from '../protocol/bittensor-http/http-dendrite.ts';
import { rawJsonEcho } from './raw-json-echo.ts';
import type { Benchmark, Figure } from './result.ts';
import { measureSequential } from './sequential-calls.ts';

/**
 * Bittensor's HTTP axon protocol (protocol/bittensor-http/): signed synapse
 * round trips, our dendrite to our axon in this one process, sequential,
 * against a raw `node:http` JSON echo called with `fetch` (the same transport
 * without the protocol). Each round trip signs and verifies with sr25519 on
 * both sides (the SDK's scheme: no session keys), so it is sr25519-bound.
 */
const bench: Benchmark = async ({ json }) => {
  await cryptoWaitReady();
  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const miner = kr.addFromUri('//Alice');
  const validator = kr.addFromUri('//Bob');
  const quick = process.env.BENCH_QUICK === '1';
  const durationMs = quick ? 300 : 2_000;
  const log = (s: string) => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  const loadBefore = loadavg()[0];
  const body = { text: 'x'.repeat(1024) };

  const echo = await rawJsonEcho();
  const raw = await measureSequential(durationMs, 200, async () => {
    const res = await fetch(`${echo.baseUrl}/Echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(12_000),
    });
    await res.json();
  });
  log(`raw http echo (fetch): ${raw.rps.toFixed(0)}/s p50 ${raw.p50Ms.toFixed(2)} ms`);
  await echo.close();

  const axon = new HttpAxon({ keypair: miner, port: 0, logger: createLogger('axon', { level: 'warn' }) });
  axon.attach('Echo', ({ body: b }) => ({ echo: (b as { text: string }).text }), { requiredHashFields: ['text'] });
  const { port } = await axon.listen();
  const signer = new HttpDendriteSigner(validator);
  const target = { ip: '127.0.0.1', port, hotkey: miner.address };
  let failures = 0;
  const signed = await measureSequential(durationMs, 20, async () => {
    const r = await callHttpAxon({ axon: target, synapseName: 'Echo', body, requiredHashFields: ['text'], signer, timeoutMs: 12_000 });
    if (r.status !== 200) failures++;
  });
  log(`signed synapse round trips: ${signed.rps.toFixed(0)}/s p50 ${signed.p50Ms.toFixed(2)} ms`);
  await axon.close();

  const figures: Figure[] = [];
  for (const [name, run] of [
    ['raw node:http JSON echo via fetch', raw],
    ['signed synapse (dendrite + axon)', signed],
  ] as const) {
    figures.push({ name: `${name}: round trips`, value: run.rps, unit: '/s' });
    figures.push({ name: `${name}: p50`, value: run.p50Ms, unit: 'ms' });
    figures.push({ name: `${name}: p99`, value: run.p99Ms, unit: 'ms' });
    figures.push({ name: `${name}: CPU per request`, value: run.cpuMsPerCall, unit: 'ms' });
  }
  figures.push({ name: 'signed synapse: p50 overhead over raw', value: signed.p50Ms - raw.p50Ms, unit: 'ms' });
  figures.push({ name: 'signed synapse: failed calls', value: failures, unit: 'calls' });
  return {
    name: 'bittensor-http: signed synapse round trips over the SDK-compatible HTTP axon (one process)',
    figures,
    reference: { name: 'raw node:http JSON echo via fetch, 1 KiB, round trips', value: raw.rps, unit: '/s' },
    ratio: signed.rps / raw.rps,
    ratioMeaning: 'signed synapse round trips per second / raw HTTP echo round trips per second, 1 KiB text field',
    notes: [
      'each round trip: sr25519 sign (dendrite) and verify (axon) of the request, sr25519 sign of the answer (axon) and its verify (dendrite), sha3 body hash on both sides, Python-compatible JSON',
      "the WebSocket protocol's session mode (npm run bench -- protocol) avoids the per-request sr25519 work; this transport exists for Python peers",
      quick ? 'BENCH_QUICK=1: short runs, figures are rough' : `runs of ${durationMs} ms after warm-up`,
      `1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores`,
    ],
  };
};

export default bench;
