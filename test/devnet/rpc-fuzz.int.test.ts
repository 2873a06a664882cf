import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { compactFromU8a, u8aToHex } from '@polkadot/util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

// Fuzzes the RPC layer: random JSON, random params for every method, and
// truncated/corrupted SCALE extrinsics. Every request gets a JSON-RPC answer
// and the node keeps serving valid requests.
let devnet: DevnetHandle;
let api: ApiPromise;
let validTx: Uint8Array;

async function post(body: string): Promise<unknown> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBeLessThan(500);
  const text = await res.text();
  return text === '' ? undefined : JSON.parse(text);
}

async function stillServing(): Promise<void> {
  expect(await post('{"jsonrpc":"2.0","id":"ok","method":"system_chain","params":[]}')).toEqual({ jsonrpc: '2.0', result: 'Bittensor Devnet', id: 'ok' });
}

function isRpcAnswer(v: unknown): boolean {
  const one = (r: unknown) => {
    const o = r as { jsonrpc?: string; result?: unknown; error?: { code?: unknown } };
    return o?.jsonrpc === '2.0' && ('result' in o || typeof o.error?.code === 'number');
  };
  return v === undefined || (Array.isArray(v) ? v.every(one) : one(v));
}

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'manual' });
  api = await connectApi(devnet.url);
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  validTx = (await api.tx.balances.transferKeepAlive(alice.address, 1n).signAsync(alice)).toU8a();
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

describe('devnet RPC fuzz', () => {
  it('answers random JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        async (body) => {
          expect(isRpcAnswer(await post(body))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    await stillServing();
  });

  it('answers every method with random params', async () => {
    const methods = (await devnet.rpc<{ methods: string[] }>('rpc_methods')).methods.filter((m) => !m.startsWith('dev_'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.array(fc.jsonValue(), { maxLength: 4 }), async (method, params) => {
        const answer = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
        expect(isRpcAnswer(answer)).toBe(true);
      }),
      { numRuns: 300 },
    );
    await stillServing();
    // bad params are answered as such, never as a crashed handler
    expect(devnet.cli.stderr()).not.toMatch(/rpc handler failed/);
  });

  it('refuses a signer written as MultiAddress::Address32, as AccountIdLookup does', async () => {
    // the fuzzer's counterexample: the signer's variant byte 0x00 (Id) xor 3 = 0x03 (Address32);
    // the signature does not cover the address, so only the lookup can refuse it
    const [prefix] = compactFromU8a(validTx);
    const bytes = validTx.slice();
    expect(bytes[prefix + 1]).toBe(0);
    bytes[prefix + 1] = 3;
    const answer = (await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: [u8aToHex(bytes)] }))) as {
      error?: { code: number; data?: string };
    };
    expect(answer.error?.code).toBe(1002);
    expect(answer.error?.data).toMatch(/signer is not an AccountId32/);
  });

  it('rejects truncated and corrupted SCALE extrinsics without including them', async () => {
    const pending = async () => (await devnet.rpc<string[]>('author_pendingExtrinsics')).length;
    const before = await pending();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: validTx.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: validTx.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        async (cut, flips) => {
          const bytes = validTx.slice(0, flips.length ? validTx.length : cut);
          for (const [at, x] of flips) bytes[at] ^= x;
          const answer = (await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: [u8aToHex(bytes)] }))) as {
            error?: { code: number };
          };
          expect(answer.error?.code).toBeDefined();
          expect([1001, 1002, 1010, 1011, 1012, 1013, 1014, -32602]).toContain(answer.error!.code);
        },
      ),
      { numRuns: 200 },
    );
    expect(await pending()).toBe(before);
    await stillServing();
  });

  it('survives malformed WebSocket frames', async () => {
    const ws = new WebSocket(devnet.url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answers: unknown[] = [];
    ws.on('message', (d) => answers.push(JSON.parse(d.toString())));
    const frames = fc.sample(
      fc.oneof(
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      100,
    );
    for (const f of frames) ws.send(f);
    ws.send(Buffer.from([0xff, 0x00, 0x13]));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'last', method: 'system_name', params: [] }));
    const deadline = Date.now() + 10_000;
    while (!answers.some((a) => (a as { id?: string }).id === 'last') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(answers.every(isRpcAnswer)).toBe(true);
    expect(answers.some((a) => (a as { id?: string }).id === 'last')).toBe(true);
    ws.close();
    await stillServing();
    expect(devnet.cli.proc.exitCode).toBeNull();
  });
});
