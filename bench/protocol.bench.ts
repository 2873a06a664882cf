import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { loadavg } from 'node:os';
import { WebSocket, WebSocketServer } from 'ws';
import { Axon } from '../protocol/ws/axon.ts';
import { generateSessionKey, importSessionPublicKey, sessionSign, sessionVerify } from '../protocol/ws/session-key.ts';
import { BodyCodec } from '../protocol/ws/codec.ts';
import { Dendrite } from '../protocol/ws/dendrite.ts';
import { EpistulaAxon } from '../protocol/epistula/epistula-axon.ts';
import { callEpistula } from '../protocol/epistula/epistula-dendrite.ts';
import { startBenchThread } from './bench-thread.ts';
import { rawJsonEcho } from './raw-json-echo.ts';
import type { Benchmark, Figure } from './result.ts';
import { measureSequential } from './sequential-calls.ts';

/**
 * Signed round trips on one connection, sequential, against a raw `ws` echo
 * server carrying the same body bytes, all in this one process (so "CPU per
 * request" covers both the dendrite and the axon side); then Epistula v2 against a
 * raw `node:http` JSON echo, both called with `fetch`.
 */
const PAYLOADS: { name: string; body: unknown }[] = [
  { name: '1 KiB', body: { data: new Uint8Array(1024).fill(7) } },
  { name: '64 KiB', body: { data: new Uint8Array(64 * 1024).fill(7) } },
  { name: '384-float embedding', body: { embedding: new Float32Array(384).map((_, i) => Math.sin(i)) } },
];

interface Run {
  rps: number;
  p50Us: number;
  p99Us: number;
  cpuUsPerReq: number;
  n: number;
}

async function measure(durationMs: number, once: () => Promise<unknown>, warmup = 200): Promise<Run> {
  const r = await measureSequential(durationMs, warmup, once);
  return { rps: r.rps, p50Us: r.p50Ms * 1000, p99Us: r.p99Ms * 1000, cpuUsPerReq: r.cpuMsPerCall * 1000, n: r.calls };
}

async function rawEcho(): Promise<{ url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise((r) => wss.once('listening', r));
  const { port } = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}`, close: () => new Promise((r) => wss.close(() => r())) };
}

async function rawClient(url: string): Promise<{ echo: (b: Uint8Array) => Promise<unknown>; close: () => void }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((r) => ws.once('open', r));
  let waiter: ((d: unknown) => void) | undefined;
  ws.on('message', (d) => waiter?.(d));
  return {
    echo: (b) =>
      new Promise((resolve) => {
        waiter = resolve;
        ws.send(b);
      }),
    close: () => ws.close(),
  };
}

/**
 * Epistula v2 round trips (sr25519 over every request, answers unsigned, JSON over HTTP/1.1
 * with `fetch`) against a raw `node:http` JSON echo called the same way, 1 KiB of text.
 */
async function epistulaRuns(
  miner: Parameters<typeof callEpistula>[0]['signer'],
  validator: Parameters<typeof callEpistula>[0]['signer'],
  durationMs: number,
): Promise<{ raw: Run; epistula: Run; failures: number }> {
  const body = { text: 'x'.repeat(1024) };
  const echo = await rawJsonEcho();
  const raw = await measure(
    durationMs,
    async () => {
      const res = await fetch(`${echo.baseUrl}/Echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.json();
    },
    200,
  );
  await echo.close();
  const axon = new EpistulaAxon({ keypair: miner, port: 0, logger: (await import('../core/logger.ts')).createLogger('axon', { level: 'warn' }) });
  axon.attach('Echo', (s) => s.body);
  const { port } = await axon.listen();
  let failures = 0;
  const epistula = await measure(
    durationMs,
    async () => {
      const r = await callEpistula({ baseUrl: `http://127.0.0.1:${port}`, receiver: miner.address, synapse: 'Echo', body, signer: validator });
      if (r.status !== 200) failures++;
    },
    20,
  );
  await axon.close();
  return { raw, epistula, failures };
}

/**
 * Session-mode round trips on one connection with `depth` requests in flight, the axon on a
 * worker thread (its own core, as on a miner's machine): what one connection carries when the
 * two ends do not share a core. CPU is the whole process's, both threads.
 */
async function pipelined(dendrite: Dendrite, hotkey: string, body: unknown, durationMs: number, depth: number): Promise<{ rps: number; cpuUsPerReq: number }> {
  const axon = await startBenchThread<{ url: string }>(new URL('./echo-axon-thread.ts', import.meta.url), { uri: '//Alice' });
  const target = { url: axon.ready.url, hotkey };
  try {
    for (let i = 0; i < 1_000; i++) await dendrite.call(target, 'Echo', body);
    let done = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const lane = async () => {
      while (performance.now() - t0 < durationMs) {
        await dendrite.call(target, 'Echo', body);
        done++;
      }
    };
    await Promise.all(Array.from({ length: depth }, lane));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { rps: done / seconds, cpuUsPerReq: (cpu.user + cpu.system) / done };
  } finally {
    await axon.close();
  }
}

/**
 * The floor of a session-mode round trip: two ed25519 signs and two verifies (request and
 * response, each signed by one side and verified by the other) over messages of the signed
 * size, CPU per round trip, measured in the same run so that load hits it as it hits the rest:
 * with the session keys' own library (libsodium), and with node:crypto (OpenSSL) for comparison.
 */
function signatureFloorUs(rounds: number): { libsodium: number; openssl: number } {
  const message = `subnetkit.1.req.${'x'.repeat(220)}`;
  const session = generateSessionKey();
  const sessionPublic = importSessionPublicKey(session.raw);
  const sessionSig = sessionSign(session.privateKey, message);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const bytes = Buffer.from(message);
  const opensslSig = sign(null, bytes, privateKey);
  const perRoundTrip = (once: () => void) => {
    for (let i = 0; i < 200; i++) once();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) {
      once();
      once();
    }
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / rounds;
  };
  return {
    libsodium: perRoundTrip(() => {
      sessionSign(session.privateKey, message);
      sessionVerify(sessionPublic, message, sessionSig);
    }),
    openssl: perRoundTrip(() => {
      sign(null, bytes, privateKey);
      verify(null, bytes, publicKey, opensslSig);
    }),
  };
}

const bench: Benchmark = async ({ json }) => {
  await cryptoWaitReady();
  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const miner = kr.addFromUri('//Alice');
  const validator = kr.addFromUri('//Bob');
  const quick = process.env.BENCH_QUICK === '1';
  const durationMs = quick ? 300 : 2_000;
  const srDurationMs = quick ? 300 : 1_500;
  const log = (s: string) => {
    if (!json) process.stderr.write(`${s}\n`);
  };

  const loadBefore = loadavg()[0];
  const echo = await rawEcho();
  const raw = await rawClient(echo.url);
  const axon = new Axon({ keypair: miner, maxFrameBytes: 1024 * 1024, logger: (await import('../core/logger.ts')).createLogger('axon', { level: 'warn' }) });
  axon.attach('Echo', (s) => s.body);
  const { url } = await axon.listen();
  const target = { url, hotkey: miner.address };
  const session = new Dendrite({ keypair: validator, scheme: 'session' });
  const sr = new Dendrite({ keypair: validator, scheme: 'sr25519' });
  const codec = new BodyCodec();

  const figures: Figure[] = [];
  const results: Record<string, { raw: Run; session: Run; sr25519: Run }> = {};
  for (const p of PAYLOADS) {
    const bytes = codec.encode(p.body);
    const r = await measure(durationMs, () => raw.echo(bytes), 500);
    log(`raw echo   ${p.name}: ${r.rps.toFixed(0)}/s p50 ${r.p50Us.toFixed(0)} µs`);
    const s = await measure(durationMs, () => session.call(target, 'Echo', p.body), 1_000);
    log(`session    ${p.name}: ${s.rps.toFixed(0)}/s p50 ${s.p50Us.toFixed(0)} µs`);
    const e = await measure(srDurationMs, () => sr.call(target, 'Echo', p.body), 20);
    log(`sr25519    ${p.name}: ${e.rps.toFixed(0)}/s p50 ${e.p50Us.toFixed(0)} µs`);
    results[p.name] = { raw: r, session: s, sr25519: e };
    for (const [mode, run] of [
      ['raw ws echo', r],
      ['session', s],
      ['sr25519 per request', e],
    ] as const) {
      figures.push({ name: `${p.name} ${mode}: round trips`, value: run.rps, unit: '/s' });
      figures.push({ name: `${p.name} ${mode}: p50`, value: run.p50Us, unit: 'µs' });
      figures.push({ name: `${p.name} ${mode}: p99`, value: run.p99Us, unit: 'µs' });
      figures.push({ name: `${p.name} ${mode}: CPU per request`, value: run.cpuUsPerReq, unit: 'µs' });
    }
    figures.push({ name: `${p.name} session: p50 overhead over raw`, value: s.p50Us - r.p50Us, unit: 'µs' });
    figures.push({ name: `${p.name} session / raw round trips`, value: s.rps / r.rps, unit: 'x' });
    figures.push({ name: `${p.name} sr25519 / raw round trips`, value: e.rps / r.rps, unit: 'x' });
  }

  const PIPELINE_DEPTH = 16;
  const pipe = await pipelined(session, miner.address, PAYLOADS[0].body, durationMs, PIPELINE_DEPTH);
  log(`session    1 KiB, ${PIPELINE_DEPTH} in flight, axon on its own thread: ${pipe.rps.toFixed(0)}/s`);
  figures.push({ name: `1 KiB session, ${PIPELINE_DEPTH} in flight on one connection, axon on its own thread: round trips`, value: pipe.rps, unit: '/s' });
  figures.push({
    name: `1 KiB session, ${PIPELINE_DEPTH} in flight on one connection, axon on its own thread: CPU per round trip (both threads)`,
    value: pipe.cpuUsPerReq,
    unit: 'µs',
  });

  const ep = await epistulaRuns(miner, validator, srDurationMs);
  log(`raw http   1 KiB JSON: ${ep.raw.rps.toFixed(0)}/s p50 ${ep.raw.p50Us.toFixed(0)} µs`);
  log(`epistula   1 KiB JSON: ${ep.epistula.rps.toFixed(0)}/s p50 ${ep.epistula.p50Us.toFixed(0)} µs`);
  for (const [mode, run] of [
    ['raw node:http JSON echo (fetch)', ep.raw],
    ['Epistula v2 (fetch)', ep.epistula],
  ] as const) {
    figures.push({ name: `1 KiB JSON ${mode}: round trips`, value: run.rps, unit: '/s' });
    figures.push({ name: `1 KiB JSON ${mode}: p50`, value: run.p50Us, unit: 'µs' });
    figures.push({ name: `1 KiB JSON ${mode}: p99`, value: run.p99Us, unit: 'µs' });
    figures.push({ name: `1 KiB JSON ${mode}: CPU per request`, value: run.cpuUsPerReq, unit: 'µs' });
  }
  figures.push({ name: '1 KiB JSON Epistula / raw HTTP round trips', value: ep.epistula.rps / ep.raw.rps, unit: 'x' });
  figures.push({ name: '1 KiB JSON Epistula: failed calls', value: ep.failures, unit: 'calls' });

  const floor = signatureFloorUs(quick ? 500 : 3_000);
  figures.push({ name: 'signature floor: 2 ed25519 signs + 2 verifies (libsodium, as sessions sign), CPU per round trip', value: floor.libsodium, unit: 'µs' });
  figures.push({ name: 'signature floor with node:crypto (OpenSSL) instead, CPU per round trip', value: floor.openssl, unit: 'µs' });
  figures.push({
    name: '1 KiB session: CPU per round trip above the signature floor',
    value: results['1 KiB'].session.cpuUsPerReq - floor.libsodium,
    unit: 'µs',
  });

  raw.close();
  await echo.close();
  await session.close();
  await sr.close();
  await axon.close(1_000);

  const k1 = results['1 KiB'];
  const overheads = Object.values(results).map((x) => x.session.p50Us - x.raw.p50Us);
  return {
    name: 'protocol: signed round trips on one connection (dendrite + axon in one process)',
    figures,
    reference: { name: 'raw ws echo, 1 KiB, round trips', value: k1.raw.rps, unit: '/s' },
    ratio: k1.session.rps / k1.raw.rps,
    ratioMeaning: 'session-mode signed round trips per second / raw ws echo round trips per second, 1 KiB',
    targets: [
      {
        name: 'session mode, 1 KiB, signed round trips on one connection (sequential, both ends on one thread)',
        target: '>= 5000/s',
        met: k1.session.rps >= 5000,
      },
      {
        name: `session mode, 1 KiB, signed round trips on one connection (${PIPELINE_DEPTH} in flight, axon on its own thread)`,
        target: '>= 5000/s',
        met: pipe.rps >= 5000,
      },
      { name: 'session mode, 1 KiB, CPU per round trip (dendrite and axon together)', target: '<= 200 µs', met: k1.session.cpuUsPerReq <= 200 },
      { name: 'session mode p50 overhead over raw echo (every payload)', target: '<= 500 µs', met: overheads.every((o) => o <= 500) },
    ],
    notes: [
      'each signed round trip: ed25519 sign + verify on both sides (libsodium), sha256 of request and response bodies, msgpack envelope and body',
      'sr25519 mode signs and verifies with the hotkeys on every request (Epistula-style, for Python peers)',
      `pipelined: one dendrite keeps ${PIPELINE_DEPTH} requests in flight on one connection to an axon on a worker thread, so each end has a core, as when validator and miner are different machines; CPU per round trip is both threads'`,
      'Epistula v2: sr25519 sign (dendrite) and verify (axon) of every request, unsigned JSON answers, HTTP/1.1 keep-alive via fetch; its reference is a raw node:http JSON echo called with fetch',
      quick ? 'BENCH_QUICK=1: short runs, figures are rough' : `runs of ${durationMs} ms (sr25519: ${srDurationMs} ms) after warm-up`,
      `1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, on ${(await import('node:os')).cpus().length} cores: other processes compete for the CPU when it is high`,
    ],
  };
};

export default bench;
