import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { SubtensorClient } from '../../chain/client.ts';
import { createColdkey, createHotkey, loadHotkey, type WalletRef } from '../../chain/wallet/wallet.ts';
import { keyFromUri, toKeyringPair } from '../../chain/wallet/keypair.ts';
import { fixedPassword } from '../../chain/wallet/password.ts';
import { demoGenesis } from '../../demo/genesis.ts';
import { setupPlayers } from '../../demo/setup-chain.ts';
import { writeDemoDefinition } from '../../demo/subnet-definition.ts';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cborg';
import fc from 'fast-check';
import { callHttpAxon, HttpDendriteSigner } from '../../protocol/bittensor-http/http-dendrite.ts';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import { FrameCodec } from '../../protocol/ws/envelope.ts';
import type { ErrorFrame } from '../../protocol/ws/frames.ts';
import type { ProtocolError } from '../../protocol/errors.ts';
import { CLOSE_CODES } from '../../protocol/ws/close-codes.ts';
import { verifyProvenance, type Provenance } from '../../protocol/ws/provenance.ts';
import { signSessionRequest, signSr25519Request } from '../../protocol/ws/request-signing.ts';
import { runSubnet, spawnSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { startDevnet, type DevnetHandle } from '../helpers/devnet.ts';
import { RawPeer } from '../protocol/raw-peer.ts';
import { cosine } from '../../scoring/similarity.ts';
import { loadSubnet } from '../../subnet-config/subnet.ts';

/**
 * The miner against real processes: a devnet child, a
 * miner child started with `subnet miner start --register`, and validator-side
 * clients (`subnet query` and the Dendrite) signing with wallet hotkeys.
 */
const NETUID = 1;
const HANDLER = fileURLToPath(new URL('./fixtures/embed-handler.ts', import.meta.url));
const bodies = new BodyCodec();

let root: string;
let walletDir: string;
let definitionDir: string;
let devnet: DevnetHandle;
let miner: CliProcess;
let minerArgs: string[];
let chainUrl: string;
let client: SubtensorClient;
let ready: { url: string; port: number; uid: number; hotkey: string; registered: boolean; servedOnChain: boolean };
let validator: KeyringPair;
const target = () => ({ url: ready.url, hotkey: ready.hotkey });

async function query(wallet: string, args: string[]): Promise<{ code: number | null; out: Record<string, any> }> {
  const r = await runSubnet(
    [
      'query',
      '--chain',
      chainUrl,
      '--wallet-dir',
      walletDir,
      '--wallet',
      wallet,
      '--hotkey',
      'default',
      '--netuid',
      String(NETUID),
      '--uid',
      String(ready.uid),
      '--json',
      ...args,
    ],
    { timeoutMs: 60_000 },
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  let out: Record<string, any>;
  try {
    out = JSON.parse(line) as Record<string, any>;
  } catch {
    throw new Error(`subnet query printed no JSON (exit ${r.code}); stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { code: r.code, out };
}

async function metrics(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${ready.port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return res.text();
}

function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'miner-e2e-'));
  walletDir = join(root, 'wallets');
  definitionDir = join(root, 'subnet');
  writeDemoDefinition(definitionDir, { tempo: 100, stepEveryBlocks: 5, weightsEveryBlocks: 10 });
  devnet = await startDevnet({ mode: 'instant', genesis: demoGenesis(NETUID, definitionDir) });
  chainUrl = devnet.url;
  client = await SubtensorClient.connect(chainUrl, { callTimeoutMs: 15_000, inclusionTimeoutMs: 30_000 });

  // a registered validator with stake (real extrinsics), and an unregistered stranger
  await setupPlayers(client, {
    walletDir,
    netuid: NETUID,
    cast: [{ name: 'validator', role: 'validator', behaviour: 'validator', stake: 100 }],
    progress: () => undefined,
  });
  validator = await loadHotkey({ dir: walletDir, name: 'validator', hotkey: 'default' });
  const stranger: WalletRef = { dir: walletDir, name: 'stranger', hotkey: 'default' };
  await createColdkey(stranger, { words: 12 }, { passwords: fixedPassword(''), encrypt: false });
  await createHotkey(stranger, { words: 12 });

  // the miner's wallet is funded but not registered: `miner start --register` does it
  const minerRef: WalletRef = { dir: walletDir, name: 'miner', hotkey: 'default' };
  const minerCold = await createColdkey(minerRef, { words: 12 }, { passwords: fixedPassword(''), encrypt: false });
  const minerHot = await createHotkey(minerRef, { words: 12 });
  const alice = toKeyringPair(keyFromUri('//Alice'));
  // serve_axon is Pays::No on subtensor, whose CheckNonce lets a balance-less hotkey send it; the
  // devnet still asks the hotkey for a fee, so it gets 1 TAO here
  await client.submit(
    alice,
    client.api.tx.utility.batchAll([
      client.api.tx.balances.transferKeepAlive(minerCold.address, 100n * 1_000_000_000n),
      client.api.tx.balances.transferKeepAlive(minerHot.address, 1_000_000_000n),
    ]),
    'fund the miner',
  );

  minerArgs = [
    'miner',
    'start',
    '--chain',
    chainUrl,
    '--wallet-dir',
    walletDir,
    '--wallet',
    'miner',
    '--hotkey',
    'default',
    '--netuid',
    String(NETUID),
    '--subnet',
    definitionDir,
    '--port',
    '0',
    '--external-ip',
    '127.0.0.1',
    '--register',
    '--backend',
    'custom',
    '--handler',
    HANDLER,
    // the validator gets its permit only at the next epoch; these tests are about the protocol
    '--no-require-permit',
    '--rate',
    '4',
    '--burst',
    '6',
    '--max-frame-bytes',
    '65536',
    '--sync-interval-ms',
    '1000',
    '--json',
    '--bittensor-http',
    '--data-dir',
    join(root, 'miner-data'),
  ];
  miner = spawnSubnet(minerArgs, { env: { SUBNET_COLDKEY_PASSWORD: '' } });
  ready = await miner.waitForEvent('ready', 60_000);
}, 180_000);

afterAll(async () => {
  await miner?.stop('SIGTERM', 10_000);
  await client?.close();
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('miner start', () => {
  it('registered the hotkey and served its axon on chain', async () => {
    expect(ready.registered).toBe(true);
    expect(ready.servedOnChain, JSON.stringify(ready)).toBe(true);
    const m = await client.getMetagraph(NETUID);
    expect(m.hotkeys[ready.uid]).toBe(ready.hotkey);
    expect(m.axons[ready.uid]).toMatchObject({ ip: '127.0.0.1', port: ready.port });
  });

  it('refuses to start an unregistered hotkey without --register, saying what to do', async () => {
    const r = await runSubnet(
      [
        'miner',
        'start',
        '--chain',
        chainUrl,
        '--wallet-dir',
        walletDir,
        '--wallet',
        'stranger',
        '--hotkey',
        'default',
        '--netuid',
        String(NETUID),
        '--subnet',
        definitionDir,
        '--port',
        '0',
        '--backend',
        'custom',
        '--handler',
        HANDLER,
        '--json',
      ],
      { timeoutMs: 60_000 },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hotkey 5\w+ is not registered on netuid 1; pass --register .* \[MINER_NOT_REGISTERED\]/);
  });

  it('serves /healthz and /metrics', async () => {
    const health = await (await fetch(`http://127.0.0.1:${ready.port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, netuid: NETUID, uid: ready.uid, hotkey: ready.hotkey });
    const text = await metrics();
    expect(text).toMatch(/subnet_miner_metagraph_block \d+/);
    expect(text).toMatch(/subnet_miner_process_resident_memory_bytes \d+/);
  });
});

describe('acceptance: a real miner process and validator-side clients', () => {
  it('answers a signed request, and the response signature verifies (subnet query)', async () => {
    const { code, out } = await query('validator', ['--synapse', 'Embed', '--body', JSON.stringify({ texts: ['hello world'] })]);
    expect(code).toBe(0);
    expect(out).toMatchObject({ ok: true, verified: true, status: 200, uid: ready.uid, hotkey: ready.hotkey, synapse: 'Embed' });
    expect(out.body.embeddings[0][0]).toBe(11);
    expect(out.body.caller).toBe(validator.address);
    expect(out.latencyMs).toBeGreaterThan(0);
    // provenance printed by the CLI verifies offline here, and not once tampered with
    const p = out.provenance as Provenance;
    expect(verifyProvenance(p)).toEqual({ ok: true });
    expect(p).toMatchObject({ scheme: 'session', miner: ready.hotkey, caller: validator.address });
    expect(verifyProvenance({ ...p, status: 500 }).ok).toBe(false);
  });

  it('answers the per-request sr25519 mode with a hotkey-signed response', async () => {
    const d = new Dendrite({ keypair: validator, scheme: 'sr25519' });
    try {
      const r = await d.call<{ embeddings: number[][] }>(target(), 'Embed', { texts: ['hi'] });
      expect(r.body.embeddings[0][0]).toBe(2);
      expect(r.provenance.scheme).toBe('sr25519');
      expect(verifyProvenance(r.provenance)).toEqual({ ok: true });
    } finally {
      await d.close();
    }
  });

  it('blacklists an unregistered caller (subnet query)', async () => {
    const { code, out } = await query('stranger', ['--synapse', 'Embed', '--body', JSON.stringify({ texts: ['hi'] })]);
    expect(code).toBe(1);
    expect(out).toMatchObject({ ok: false, code: 'BLACKLISTED', status: 403 });
    expect(out.message).toMatch(/not registered on netuid 1/);
  });

  it("gives a --handler module the subnet's loaded models in ctx.runtime", async () => {
    const texts = ['reference', 'a river in winter'];
    const d = new Dendrite({ keypair: validator });
    const subnet = await loadSubnet(definitionDir);
    try {
      const r = await d.call<{ embeddings: ArrayLike<number>[] }>(target(), 'Embed', { texts });
      const expected = await subnet.runtime!.embedder('embedder').embed(texts);
      expect(r.body.embeddings).toHaveLength(2);
      for (let i = 0; i < texts.length; i++) {
        expect(r.body.embeddings[i]).toHaveLength(384);
        expect(cosine(r.body.embeddings[i], expected[i])).toBeGreaterThan(0.9999);
      }
    } finally {
      await d.close();
    }
  });

  it('answers a handler that exceeds its timeout with TIMEOUT (subnet query --timeout)', async () => {
    const slow = await query('validator', ['--synapse', 'Embed', '--timeout', '500', '--body', JSON.stringify({ texts: ['slow'] })]);
    expect(slow.code).toBe(1);
    expect(slow.out).toMatchObject({ ok: false, code: 'TIMEOUT' });
    // the time spent connecting comes off the 500 ms the miner is given
    expect(slow.out.message).toMatch(/did not answer within \d+ ms/);
    expect(slow.out.latencyMs).toBeLessThan(3_000);
  });

  it('answers an unknown synapse, an invalid body and a throwing handler with typed errors, keeping the connection', async () => {
    const d = new Dendrite({ keypair: validator });
    try {
      await expect(d.call(target(), 'Nope', {})).rejects.toMatchObject({
        code: 'UNKNOWN_SYNAPSE',
        status: 404,
        message: expect.stringMatching(/this axon serves Embed/),
      });
      await expect(d.call(target(), 'Embed', { texts: 'not a list' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/Embed request: texts/),
      });
      await expect(d.call(target(), 'Embed', { texts: ['boom'] })).rejects.toMatchObject({
        code: 'INTERNAL',
        status: 500,
        message: expect.stringMatching(/handler exploded on purpose/),
      });
      expect((await d.call<{ embeddings: number[][] }>(target(), 'Embed', { texts: ['abc'] })).body.embeddings[0][0]).toBe(3);
    } finally {
      await d.close();
    }
  });

  it('logs a failing handler once and counts every failure in a metric', async () => {
    const before = metricValue(await metrics(), 'subnet_miner_handler_failures_total');
    const d = new Dendrite({ keypair: validator });
    try {
      for (let i = 0; i < 3; i++) await expect(d.call(target(), 'Embed', { texts: ['boom'] })).rejects.toMatchObject({ code: 'INTERNAL' });
    } finally {
      await d.close();
    }
    expect(metricValue(await metrics(), 'subnet_miner_handler_failures_total') - before).toBe(3);
    const logged = miner
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"msg":"handler failed"'));
    expect(logged).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 2_000)); // refill this caller's rate-limit bucket for the tests after
  });

  it('rejects a replayed request and a request addressed to another hotkey', async () => {
    // session mode: a byte-for-byte replay on the same connection
    const peer = await RawPeer.connect(ready.url);
    const { cert, answer } = await peer.auth(validator);
    expect(answer.type).toBe('welcome');
    const signed = signSessionRequest({
      sessionKey: cert.sessionKey.privateKey,
      sender: validator.address,
      receiver: ready.hotkey,
      conn: peer.hello.conn,
      nonce: 1,
      id: 1,
      synapse: 'Embed',
      timeoutMs: 2_000,
      body: bodies.encode({ texts: ['once'] }),
    });
    peer.send(signed.frame);
    expect((await peer.answer(1)).type).toBe('res');
    peer.send(signed.frame);
    const replay = (await peer.answer(1)) as ErrorFrame;
    expect(replay).toMatchObject({ type: 'err', code: 'UNAUTHORIZED' });
    expect(replay.message).toMatch(/replayed request/);
    await peer.closed;
    expect(peer.closeCode).toBe(CLOSE_CODES.UNAUTHORIZED);

    // sr25519 mode: the same signed request on a fresh connection is still a replay
    const sr = signSr25519Request({
      pair: validator,
      receiver: ready.hotkey,
      uuid: crypto.randomUUID(),
      id: 1,
      synapse: 'Embed',
      timeoutMs: 2_000,
      body: bodies.encode({ texts: ['once'] }),
    });
    const a = await RawPeer.connect(ready.url);
    a.send(sr.frame);
    expect((await a.answer(1)).type).toBe('res');
    a.close();
    const b = await RawPeer.connect(ready.url);
    b.send(sr.frame);
    expect(((await b.answer(1)) as ErrorFrame).message).toMatch(/replayed request: uuid/);

    // wrong receiver: signed for another hotkey
    const elsewhere = signSr25519Request({
      pair: validator,
      receiver: validator.address,
      uuid: crypto.randomUUID(),
      id: 2,
      synapse: 'Embed',
      timeoutMs: 2_000,
      body: bodies.encode({ texts: ['x'] }),
    });
    b.send(elsewhere.frame);
    const wrong = (await b.answer(2)) as ErrorFrame;
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(wrong.message).toMatch(new RegExp(`addressed to ${validator.address}, but this axon is ${ready.hotkey}`));
    b.close();
  });

  it('rate-limits a caller that sends too fast', async () => {
    await new Promise((r) => setTimeout(r, 2_000)); // refill the bucket used by earlier tests
    const d = new Dendrite({ keypair: validator });
    try {
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => d.call(target(), 'Embed', { texts: [`r${i}`] }, { timeoutMs: 5_000 })));
      const limited = results.filter((r) => r.status === 'rejected' && (r.reason as ProtocolError).code === 'RATE_LIMITED');
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok.length).toBeGreaterThan(0);
      expect(ok.length).toBeLessThanOrEqual(8);
      expect(limited.length).toBeGreaterThanOrEqual(12);
      expect(((limited[0] as PromiseRejectedResult).reason as Error).message).toMatch(/exceeds 4 requests\/s \(burst 6\)/);
    } finally {
      await d.close();
    }
    expect(metricValue(await metrics(), 'subnet_miner_rejections_total', 'reason="rate_limited"')).toBeGreaterThanOrEqual(12);
  });

  it('rejects a request over the size limit without reading it whole', async () => {
    const peer = await RawPeer.connect(ready.url);
    expect(peer.hello.max_frame).toBe(65536);
    // 8 MiB announced in the frame header: the miner closes at the header, long before the payload could arrive
    peer.sendBytes(new Uint8Array(8 * 1024 * 1024));
    await peer.closed;
    expect(peer.closeCode).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    expect(metricValue(await metrics(), 'subnet_miner_rejections_total', 'reason="payload_too_large"')).toBeGreaterThanOrEqual(1);
    // and the dendrite refuses locally, naming the limit
    const d = new Dendrite({ keypair: validator });
    await expect(d.call(target(), 'Embed', { texts: ['x'.repeat(70_000)] })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/exceeds the miner's limit of 65536 bytes/),
    });
    await d.close();
  });

  it('refuses a flood of 1,000 loopback connections politely, keeps serving, and its memory stays bounded', async () => {
    const rssBefore = metricValue(await metrics(), 'subnet_miner_process_resident_memory_bytes');
    await new Promise((r) => setTimeout(r, 2_000));
    const d = new Dendrite({ keypair: validator });
    await d.call(target(), 'Embed', { texts: ['warm'] });
    let served = 0;
    const failures: string[] = [];
    let flooding = true;
    const good = (async () => {
      while (flooding) {
        try {
          await d.call(target(), 'Embed', { texts: ['during the flood'] }, { timeoutMs: 5_000 });
          served += 1;
        } catch (err) {
          failures.push((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, 300)); // under the 4/s rate limit
      }
    })();
    const outcomes = await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<string>((resolve) => {
            // from another loopback host than the validator: the flood's handshake timeouts spend
            // that host's failed-authentication budget, not the validator's
            const ws = new WebSocket(ready.url, { perMessageDeflate: false, localAddress: '127.0.0.2' });
            const timer = setTimeout(() => {
              ws.terminate();
              resolve('timeout');
            }, 20_000);
            const done = (o: string) => {
              clearTimeout(timer);
              resolve(o);
            };
            ws.on('unexpected-response', (_req, res) => {
              done(`http ${res.statusCode}`);
              ws.terminate();
            });
            ws.on('close', (code) => done(`closed ${code}`));
            ws.on('error', (err: NodeJS.ErrnoException) => done(`error ${err.code ?? err.message}`));
          }),
      ),
    );
    flooding = false;
    await good;
    await d.close();
    const tally = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
    // 503: pending pool full; 429: the flooding host's failure budget spent by its handshake timeouts
    expect(
      Object.keys(tally).every((k) => k === 'http 503' || k === 'http 429' || k === 'closed 4408'),
      JSON.stringify(tally),
    ).toBe(true);
    expect((tally['http 503'] ?? 0) + (tally['http 429'] ?? 0)).toBeGreaterThan(900);
    expect(failures.length, failures.slice(0, 3).join(' | ')).toBe(0);
    expect(served).toBeGreaterThan(0);
    const after = await metrics();
    const refused =
      metricValue(after, 'subnet_miner_rejections_total', 'reason="too_many_pending_connections"') +
      metricValue(after, 'subnet_miner_rejections_total', 'reason="auth_failures"');
    expect(refused).toBeGreaterThan(900);
    expect(metricValue(after, 'subnet_miner_process_resident_memory_bytes') - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('fuzzing a live miner process', () => {
  it('keeps serving a good client through random bytes, msgpack, CBOR, truncated and oversized frames; memory stays bounded', async () => {
    const rssBefore = metricValue(await metrics(), 'subnet_miner_process_resident_memory_bytes');
    await new Promise((r) => setTimeout(r, 1_500));
    const d = new Dendrite({ keypair: validator });
    // connected before the attack: new connections during it may be refused like the attackers'
    await d.call(target(), 'Embed', { texts: ['before'] });
    let served = 0;
    const failures: string[] = [];
    let attacking = true;
    const good = (async () => {
      while (attacking) {
        try {
          await d.call(target(), 'Embed', { texts: ['under attack'] }, { timeoutMs: 5_000 });
          served += 1;
        } catch (err) {
          failures.push((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    const valid = new FrameCodec(1 << 20).encode(
      signSr25519Request({
        pair: validator,
        receiver: ready.hotkey,
        uuid: crypto.randomUUID(),
        id: 1,
        synapse: 'Embed',
        timeoutMs: 1_000,
        body: bodies.encode({ texts: ['x'] }),
      }).frame,
    );
    const attack = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      fc.anything({ withTypedArray: true, withBigInt: true, withMap: true }).map((v) => {
        try {
          return msgpackEncode(v);
        } catch {
          return new Uint8Array([0xc1]);
        }
      }),
      fc.jsonValue().map((v) => cborEncode(v)),
      fc.nat({ max: valid.byteLength - 1 }).map((cut) => valid.subarray(0, cut)),
      fc.constant(new Uint8Array(70_000)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(attack, { minLength: 1, maxLength: 3 }), async (payloads) => {
        const ws = new WebSocket(ready.url, { perMessageDeflate: false, localAddress: '127.0.0.3' });
        ws.on('error', () => {});
        const opened = await new Promise<boolean>((resolve) => {
          ws.once('open', () => resolve(true));
          ws.once('unexpected-response', () => resolve(false));
          ws.once('error', () => resolve(false));
        });
        if (!opened) return;
        for (const p of payloads) if (ws.readyState === WebSocket.OPEN) ws.send(p);
        await new Promise((r) => setTimeout(r, 10));
        ws.terminate();
      }),
      { numRuns: 150 },
    );
    attacking = false;
    await good;
    await d.close();
    expect(failures.length, failures.slice(0, 3).join(' | ')).toBe(0);
    expect(served).toBeGreaterThan(0);
    const after = await metrics();
    expect(metricValue(after, 'subnet_miner_process_resident_memory_bytes') - rssBefore).toBeLessThan(200 * 1024 * 1024);
    const health = (await (await fetch(`http://127.0.0.1:${ready.port}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
  });
});

describe('replays across a restart', () => {
  it('refuses, after kill -9 and a restart, the exact bytes of signed requests it served before (WebSocket sr25519 and Bittensor HTTP)', async () => {
    const sr = signSr25519Request({
      pair: validator,
      receiver: ready.hotkey,
      uuid: crypto.randomUUID(),
      id: 1,
      synapse: 'Embed',
      timeoutMs: 2_000,
      body: bodies.encode({ texts: ['before the crash'] }),
    });
    const before = await RawPeer.connect(ready.url);
    before.send(sr.frame);
    expect((await before.answer(1)).type).toBe('res');
    before.close();

    // the HTTP request exactly as sent: the longest timeout the axon accepts, so its nonce window (64 s) outlasts the restart
    const sent = vi.spyOn(globalThis, 'fetch');
    const first = await callHttpAxon({
      axon: { ip: '127.0.0.1', port: ready.port, hotkey: ready.hotkey },
      synapseName: 'Embed',
      body: { texts: ['before the crash'] },
      timeoutMs: 60_000,
      signer: new HttpDendriteSigner(validator),
    });
    const [, init] = sent.mock.calls[0]!;
    sent.mockRestore();
    expect(first.status).toBe(200);

    miner.proc.kill('SIGKILL');
    await miner.exited;
    miner = spawnSubnet(minerArgs, { env: { SUBNET_COLDKEY_PASSWORD: '' } });
    ready = await miner.waitForEvent('ready', 60_000);

    const after = await RawPeer.connect(ready.url);
    after.send(sr.frame);
    const replay = (await after.answer(1)) as ErrorFrame;
    expect(replay).toMatchObject({ type: 'err', code: 'UNAUTHORIZED' });
    expect(replay.message).toMatch(/replayed request: uuid/);
    after.close();

    const again = await fetch(`http://127.0.0.1:${ready.port}/Embed`, { ...init, signal: AbortSignal.timeout(10_000) });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toMatch(/Nonce is too old, a newer one was last processed/);

    // a fresh request is served as before
    const fresh = signSr25519Request({
      pair: validator,
      receiver: ready.hotkey,
      uuid: crypto.randomUUID(),
      id: 2,
      synapse: 'Embed',
      timeoutMs: 2_000,
      body: bodies.encode({ texts: ['after'] }),
    });
    const c = await RawPeer.connect(ready.url);
    c.send(fresh.frame);
    expect((await c.answer(2)).type).toBe('res');
    c.close();
  }, 120_000);
});

describe('serve_axon rejected by the chain', () => {
  it('warns clearly and keeps serving', async () => {
    const ref: WalletRef = { dir: walletDir, name: 'miner-bad-ip', hotkey: 'default' };
    const cold = await createColdkey(ref, { words: 12 }, { passwords: fixedPassword(''), encrypt: false });
    const hot = await createHotkey(ref, { words: 12 });
    await client.submit(
      toKeyringPair(keyFromUri('//Alice')),
      client.api.tx.utility.batchAll([
        client.api.tx.balances.transferKeepAlive(cold.address, 100n * 1_000_000_000n),
        client.api.tx.balances.transferKeepAlive(hot.address, 1_000_000_000n),
      ]),
      'fund the second miner',
    );
    const second = spawnSubnet([
      'miner',
      'start',
      '--chain',
      chainUrl,
      '--wallet-dir',
      walletDir,
      '--wallet',
      'miner-bad-ip',
      '--hotkey',
      'default',
      '--netuid',
      String(NETUID),
      '--subnet',
      definitionDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--external-ip',
      '255.255.255.255',
      '--register',
      '--backend',
      'custom',
      '--handler',
      HANDLER,
      '--no-require-permit',
      '--json',
    ]);
    try {
      const r = await second.waitForEvent<{ servedOnChain: boolean; warning?: string; port: number; uid: number }>('ready', 60_000);
      expect(r.servedOnChain).toBe(false);
      expect(r.warning).toMatch(/the chain rejected serve_axon\(255\.255\.255\.255:\d+\): .*InvalidIpAddress.*pass --external-ip with a public address/);
      const health = await (await fetch(`http://127.0.0.1:${r.port}/healthz`)).json();
      expect(health).toMatchObject({ ok: true, uid: r.uid });
    } finally {
      await second.stop('SIGTERM', 5_000);
    }
  });
});

describe('graceful shutdown', () => {
  it('drains in-flight requests on SIGTERM, then exits', async () => {
    await new Promise((r) => setTimeout(r, 1_500));
    const d = new Dendrite({ keypair: validator });
    await d.call(target(), 'Embed', { texts: ['connect'] });
    const inflight = d.call<{ embeddings: number[][] }>(target(), 'Embed', { texts: ['drain'] }, { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 300));
    miner.proc.kill('SIGTERM');
    const answer = await inflight;
    expect(answer.body.embeddings[0][0]).toBe(5);
    expect(await miner.exited).toBe(0);
    expect(miner.lines.some((l) => l.includes('"event":"stopped"'))).toBe(true);
    await d.close();
  });
});
