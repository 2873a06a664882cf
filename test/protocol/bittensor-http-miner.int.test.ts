import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { keyFromUri, toKeyringPair } from '../../chain/wallet/keypair.ts';
import { fixedPassword } from '../../chain/wallet/password.ts';
import { createColdkey, createHotkey, loadHotkey, type WalletRef } from '../../chain/wallet/wallet.ts';
import { demoGenesis } from '../../demo/genesis.ts';
import { setupPlayers } from '../../demo/setup-chain.ts';
import { writeDemoDefinition } from '../../demo/subnet-definition.ts';
import { callHttpAxon, HttpDendriteSigner } from '../../protocol/bittensor-http/http-dendrite.ts';
import { runSubnet, spawnSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { startDevnet, type DevnetHandle } from '../helpers/devnet.ts';

/**
 * A real miner process started with --bittensor-http-port (a port of its own)
 * and --bittensor-http (the axon port on chain) serves its synapses over the
 * Bittensor HTTP axon too, with the same policy, and `subnet query --transport
 * bittensor-http` reaches it: devnet child, miner child, CLI child.
 */
const NETUID = 1;
const HANDLER = fileURLToPath(new URL('../miner/fixtures/embed-handler.ts', import.meta.url));

let root: string;
let walletDir: string;
let devnet: DevnetHandle;
let miner: CliProcess;
let client: SubtensorClient;
let ready: { uid: number; hotkey: string; port: number; bittensorHttpPort: number };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bt-http-miner-'));
  walletDir = join(root, 'wallets');
  const definitionDir = join(root, 'subnet');
  writeDemoDefinition(definitionDir, { tempo: 100, stepEveryBlocks: 5, weightsEveryBlocks: 10 });
  devnet = await startDevnet({ mode: 'instant', genesis: demoGenesis(NETUID, definitionDir) });
  client = await SubtensorClient.connect(devnet.url, { callTimeoutMs: 15_000, inclusionTimeoutMs: 30_000 });
  await setupPlayers(client, {
    walletDir,
    netuid: NETUID,
    cast: [{ name: 'validator', role: 'validator', behaviour: 'validator', stake: 100 }],
    progress: () => undefined,
  });
  const stranger: WalletRef = { dir: walletDir, name: 'stranger', hotkey: 'default' };
  await createColdkey(stranger, { words: 12 }, { passwords: fixedPassword(''), encrypt: false });
  await createHotkey(stranger, { words: 12 });
  const minerRef: WalletRef = { dir: walletDir, name: 'miner', hotkey: 'default' };
  const minerCold = await createColdkey(minerRef, { words: 12 }, { passwords: fixedPassword(''), encrypt: false });
  const minerHot = await createHotkey(minerRef, { words: 12 });
  await client.submit(
    toKeyringPair(keyFromUri('//Alice')),
    client.api.tx.utility.batchAll([
      client.api.tx.balances.transferKeepAlive(minerCold.address, 100n * 1_000_000_000n),
      client.api.tx.balances.transferKeepAlive(minerHot.address, 1_000_000_000n),
    ]),
    'fund the miner',
  );
  miner = spawnSubnet(
    [
      'miner',
      'start',
      '--chain',
      devnet.url,
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
      '--no-require-permit',
      '--bittensor-http-port',
      '0',
      '--bittensor-http',
      '--json',
    ],
    { env: { SUBNET_COLDKEY_PASSWORD: '' } },
  );
  ready = await miner.waitForEvent('ready', 60_000);
}, 180_000);

afterAll(async () => {
  await miner?.stop('SIGTERM', 10_000);
  await client?.close();
  await devnet?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('miner --bittensor-http-port', () => {
  it('answers `subnet query --transport bittensor-http` from a registered validator', async () => {
    const r = await runSubnet(
      [
        'query',
        '--chain',
        devnet.url,
        '--wallet-dir',
        walletDir,
        '--wallet',
        'validator',
        '--hotkey',
        'default',
        '--netuid',
        String(NETUID),
        '--uid',
        String(ready.uid),
        '--transport',
        'bittensor-http',
        '--url',
        `http://127.0.0.1:${ready.bittensorHttpPort}`,
        '--synapse',
        'Embed',
        '--body',
        JSON.stringify({ texts: ['hello'] }),
        '--json',
      ],
      { timeoutMs: 60_000 },
    );
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
    expect(out, r.stderr).toMatchObject({
      ok: true,
      transport: 'bittensor-http',
      status: 200,
      statusMessage: 'Success',
      axonSignatureValid: true,
      hotkey: ready.hotkey,
    });
    const validator = await loadHotkey({ dir: walletDir, name: 'validator', hotkey: 'default' });
    expect(out.body.embeddings[0][0]).toBe(5);
    expect(out.body.caller).toBe(validator.address);
    expect(out.body.texts).toEqual(['hello']);
    expect(r.code).toBe(0);
  });

  it('--bittensor-http: a Python-style query at the axon address on chain is answered, and WebSocket clients still are', async () => {
    const query = (transport: string) =>
      runSubnet(
        [
          'query',
          '--chain',
          devnet.url,
          '--wallet-dir',
          walletDir,
          '--wallet',
          'validator',
          '--hotkey',
          'default',
          '--netuid',
          String(NETUID),
          '--uid',
          String(ready.uid),
          '--transport',
          transport,
          '--synapse',
          'Embed',
          '--body',
          JSON.stringify({ texts: ['hi'] }),
          '--json',
        ],
        { timeoutMs: 60_000 },
      );
    // no --url: the address comes from the metagraph, as a Python validator's dendrite takes it
    const [http, ws] = await Promise.all([query('bittensor-http'), query('ws')]);
    const httpOut = JSON.parse(http.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
    expect(httpOut, http.stderr).toMatchObject({ ok: true, transport: 'bittensor-http', status: 200, axonSignatureValid: true, hotkey: ready.hotkey });
    expect(httpOut.body.texts).toEqual(['hi']);
    const wsOut = JSON.parse(ws.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
    expect(wsOut, ws.stderr).toMatchObject({ ok: true, hotkey: ready.hotkey });
    expect(String(wsOut.url)).toBe(`ws://127.0.0.1:${ready.port}`);
    // an unsigned POST on the axon port is the HTTP axon's 401, not the WebSocket server's 404
    const unsigned = await fetch(`http://127.0.0.1:${ready.port}/Embed`, {
      method: 'POST',
      headers: { name: 'Embed' },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${ready.port}/healthz`, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
  });

  it('applies the miner policy (403 for an unregistered caller) and refuses unsigned requests (401)', async () => {
    const stranger = await loadHotkey({ dir: walletDir, name: 'stranger', hotkey: 'default' });
    const axon = { ip: '127.0.0.1', port: ready.bittensorHttpPort, hotkey: ready.hotkey };
    const r = await callHttpAxon({ axon, synapseName: 'Embed', body: { texts: ['x'] }, signer: new HttpDendriteSigner(stranger), timeoutMs: 10_000 });
    expect(r.status).toBe(403);
    expect(r.statusMessage).toMatch(/^Forbidden. Key is blacklisted: /);
    const validator = await loadHotkey({ dir: walletDir, name: 'validator', hotkey: 'default' });
    const unsigned = (hotkey: string) =>
      fetch(`http://127.0.0.1:${ready.bittensorHttpPort}/Embed`, {
        method: 'POST',
        headers: {
          name: 'Embed',
          timeout: '12.0',
          bt_header_axon_hotkey: ready.hotkey,
          bt_header_dendrite_hotkey: hotkey,
          bt_header_dendrite_nonce: `${Date.now()}000000`,
          bt_header_dendrite_uuid: 'u1',
        },
        body: '{"texts": ["x"]}',
        signal: AbortSignal.timeout(10_000),
      });
    // the blacklist comes first, as in the SDK's middleware; a registered caller still needs a signature
    expect((await unsigned(stranger.address)).status).toBe(403);
    const r401 = await unsigned(validator.address);
    expect(r401.status).toBe(401);
    expect(((await r401.json()) as { message: string }).message).toMatch(/unsigned request/);
    // the HTTP axon's traffic shows in the miner's Prometheus metrics
    const metricsText = await (await fetch(`http://127.0.0.1:${ready.port}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    expect(metricsText).toMatch(/subnet_miner_rejections_total\{reason="blacklisted"\} [1-9]/);
    expect(metricsText).toMatch(/subnet_miner_requests_total\{synapse="Embed",status="200"\} [1-9]/);
    const noHotkey = await fetch(`http://127.0.0.1:${ready.bittensorHttpPort}/Embed`, {
      method: 'POST',
      headers: { name: 'Embed' },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    expect(noHotkey.status).toBe(401);
  });
});
