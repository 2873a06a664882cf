import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { u8aToHex } from '@polkadot/util';
import { sr25519Verify } from '@polkadot/util-crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxonPolicy } from '../../protocol/axon-policy.ts';
import { EMPTY_BODY_HASH, sha3Hex } from '../../protocol/bittensor-http/body-hash.ts';
import { HttpAxon } from '../../protocol/bittensor-http/http-axon.ts';
import {
  callHttpAxon,
  forwardHttpAxons,
  httpAxonUrl,
  HttpDendriteSigner,
  streamHttpAxon,
  type HttpAxonResult,
} from '../../protocol/bittensor-http/http-dendrite.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { devKeys } from './raw-peer.ts';

let keys: Awaited<ReturnType<typeof devKeys>>;
let axon: HttpAxon;
let port: number;
let rateLimited = false;
let bob: HttpDendriteSigner;

const policy: AxonPolicy = {
  blacklist: (hotkey) => (hotkey === keys.stranger.address ? 'not registered on netuid 1' : undefined),
  admit: () => {
    if (rateLimited) throw new ProtocolError('RATE_LIMITED', 'more than 1 request/s');
    return { release: () => {} };
  },
};

beforeAll(async () => {
  keys = await devKeys();
  axon = new HttpAxon({ keypair: keys.miner, port: 0, policy, maxBodyBytes: 4096, authFailureBurst: 1000 });
  axon.attach('Dummy', ({ body }) => ({ dummy_output: (body as { dummy_input: number }).dummy_input * 2 }));
  axon.attach('Hashed', ({ body }) => ({ echo: (body as { text: string }).text.toUpperCase() }), { requiredHashFields: ['text', 'weight'] });
  axon.attach(
    'Slow',
    (_s, ctx) =>
      new Promise((resolve) => {
        const t = setTimeout(() => resolve({}), 5_000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve({});
        });
      }),
  );
  axon.attach('Broken', () => {
    throw new Error('model not loaded');
  });
  axon.attach('Stream', async function* ({ body }) {
    const { n, gapMs } = body as { n: number; gapMs: number };
    for (let i = 0; i < n; i++) {
      if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      yield i % 2 === 0 ? `token${i} ` : { i, text: 'é' };
    }
  });
  ({ port } = await axon.listen());
  bob = new HttpDendriteSigner(keys.validator);
});

afterAll(async () => {
  await axon?.close();
});

const target = () => ({ ip: '127.0.0.1', port, hotkey: keys.miner.address });

/**
 * A request exactly as bittensor's Python dendrite sends it for
 *   class Dummy(bt.Synapse): dummy_input: int; dummy_output: Optional[int] = None
 * written from dendrite.py / synapse.py (to_headers order and values,
 * json.dumps(model_dump()) body), not from our code: only the nonce and the
 * sr25519 signature are computed, with polkadot's keyring directly.
 */
function pythonDendriteRequest(o: { signer?: KeyringPair; nonce?: bigint; uuid?: string; timeout?: string; dropSignature?: boolean } = {}) {
  const signer = o.signer ?? keys.validator;
  const nonce = o.nonce ?? BigInt(Date.now()) * 1_000_000n;
  const uuid = o.uuid ?? '4d2c6a8e-c7a1-11f0-9a3b-0242ac110002';
  const message = `${nonce}.${signer.address}.${keys.miner.address}.${uuid}.a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a`;
  const signature = u8aToHex(signer.sign(new TextEncoder().encode(message)));
  const headers: Record<string, string> = {
    name: 'Dummy',
    timeout: o.timeout ?? '12.0',
    bt_header_axon_ip: '127.0.0.1',
    bt_header_axon_port: String(port),
    bt_header_axon_hotkey: keys.miner.address,
    bt_header_dendrite_ip: '203.0.113.7',
    bt_header_dendrite_version: '9012002',
    bt_header_dendrite_nonce: String(nonce),
    bt_header_dendrite_uuid: uuid,
    bt_header_dendrite_hotkey: signer.address,
    ...(o.dropSignature ? {} : { bt_header_dendrite_signature: signature }),
    bt_header_input_obj_dummy_input: 'MA==',
    header_size: '640',
    total_size: '3090',
    computed_body_hash: 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
    'Content-Type': 'application/json',
  };
  const body =
    `{"name": "Dummy", "timeout": 12.0, "total_size": 3090, "header_size": 0, ` +
    `"dendrite": {"status_code": null, "status_message": null, "process_time": null, "ip": "203.0.113.7", "port": null, "version": 9012002, "nonce": ${nonce}, "uuid": "${uuid}", "hotkey": "${signer.address}", "signature": "${signature}"}, ` +
    `"axon": {"status_code": null, "status_message": null, "process_time": null, "ip": "127.0.0.1", "port": ${port}, "version": null, "nonce": null, "uuid": null, "hotkey": "${keys.miner.address}", "signature": null}, ` +
    `"computed_body_hash": "", "dummy_input": 5, "dummy_output": null}`;
  return { url: `http://127.0.0.1:${port}/Dummy`, init: { method: 'POST', headers, body } satisfies RequestInit };
}

describe('a Python dendrite, byte for byte, against our axon', () => {
  it('is answered 200 with a synapse pydantic can load and signed SDK headers', async () => {
    const { url, init } = pythonDendriteRequest();
    const res = await fetch(url, init);
    const json = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(json.dummy_output).toBe(10);
    expect(json.dummy_input).toBe(5);
    expect(json.name).toBe('Dummy');
    expect((json.axon as Record<string, unknown>).status_code).toBe(200);
    expect(res.headers.get('bt_header_axon_status_code')).toBe('200');
    expect(res.headers.get('bt_header_axon_status_message')).toBe('Success');
    expect(Number(res.headers.get('bt_header_axon_process_time'))).toBeGreaterThanOrEqual(0);
    expect(res.headers.get('bt_header_axon_hotkey')).toBe(keys.miner.address);
    expect(res.headers.get('bt_header_dendrite_hotkey')).toBe(keys.validator.address);
    // the axon's signature over {axon.nonce}.{dendrite.hotkey}.{axon.hotkey}.{axon.uuid}
    const signed = `${res.headers.get('bt_header_axon_nonce')}.${keys.validator.address}.${keys.miner.address}.${res.headers.get('bt_header_axon_uuid')}`;
    const sig = Buffer.from(res.headers.get('bt_header_axon_signature')!.slice(2), 'hex');
    expect(sr25519Verify(new TextEncoder().encode(signed), sig, keys.miner.publicKey)).toBe(true);
  });

  it('refuses the same request replayed (401), and a stale first nonce (401)', async () => {
    const { url, init } = pythonDendriteRequest({ uuid: 'replay-1' });
    expect((await fetch(url, init)).status).toBe(200);
    const again = await fetch(url, init);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toMatch(/Nonce is too old, a newer one was last processed/);
    const stale = pythonDendriteRequest({ uuid: 'stale-1', nonce: BigInt(Date.now() - 60_000) * 1_000_000n });
    const r = await fetch(stale.url, stale.init);
    expect(r.status).toBe(401);
    expect(((await r.json()) as { message: string }).message).toMatch(
      /Nonce is too old: acceptable delta is 16.00 seconds but request was 6\d\.\d\d seconds old/,
    );
  });

  it('refuses an unsigned request, which the SDK lets through (401)', async () => {
    const { url, init } = pythonDendriteRequest({ uuid: 'unsigned-1', dropSignature: true });
    const r = await fetch(url, init);
    expect(r.status).toBe(401);
    expect(r.headers.get('bt_header_axon_status_code')).toBe('401');
    expect(((await r.json()) as { message: string }).message).toBe('Not Verified with error: unsigned request: bt_header_dendrite_signature is missing');
  });

  it('refuses a signature by another key (401) and a header that does not cast (400)', async () => {
    const forged = pythonDendriteRequest({ uuid: 'forged-1' });
    const stolen = pythonDendriteRequest({ uuid: 'forged-1', signer: keys.other }).init.headers.bt_header_dendrite_signature;
    const r = await fetch(forged.url, { ...forged.init, headers: { ...forged.init.headers, bt_header_dendrite_signature: stolen } });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { message: string }).message).toMatch(/^Not Verified with error: Signature mismatch with \d+\.5FHneW46/);
    const bad = pythonDendriteRequest({ uuid: 'badcast-1' });
    const r2 = await fetch(bad.url, { ...bad.init, headers: { ...bad.init.headers, bt_header_dendrite_nonce: 'soon' } });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { message: string }).message).toBe('Improperly formatted request: header nonce = "soon" is not an integer');
  });

  it('answers 408 when the forward outlives the synapse timeout', async () => {
    const { init } = pythonDendriteRequest({ uuid: 'slow-1', timeout: '0.2' });
    // same headers, route Slow: the signature does not cover the route
    const r = await fetch(`http://127.0.0.1:${port}/Slow`, { ...init, headers: { ...init.headers, name: 'Slow' } });
    expect(r.status).toBe(408);
    expect(((await r.json()) as { message: string }).message).toBe('Response timeout after 0.2s');
  });

  it('refuses an oversized body from Content-Length, unread (413)', async () => {
    const { url, init } = pythonDendriteRequest({ uuid: 'big-1' });
    const r = await fetch(url, { ...init, body: init.body.replace('"dummy_output": null', `"dummy_output": null, "pad": "${'x'.repeat(8000)}"`) });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { message: string }).message).toMatch(/request body of \d+ bytes exceeds the limit of 4096/);
  });
});

describe('our dendrite against our axon', () => {
  it('calls, gets the response synapse and verifies the axon signature', async () => {
    const r = await callHttpAxon({
      axon: target(),
      synapseName: 'Dummy',
      body: { dummy_input: 21, dummy_output: null },
      requiredFields: ['dummy_input'],
      signer: bob,
      timeoutMs: 5_000,
    });
    expect(r.status).toBe(200);
    expect(r.statusMessage).toBe('Success');
    expect(r.synapse.dummy_output).toBe(42);
    expect(r.axonSignatureValid).toBe(true);
    expect(r.axon.hotkey).toBe(keys.miner.address);
    expect(r.processTime).toBeGreaterThan(0);
  });

  it('sends bt_header_input_obj_* for non-null, non-dict fields unless told which are required', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const capture: Server = createServer((req, res) => {
      seen.push(req.headers);
      res.end('{"message": "seen"}');
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
    try {
      const at = { ip: '127.0.0.1', port: (capture.address() as AddressInfo).port, hotkey: keys.miner.address };
      await callHttpAxon({ axon: at, synapseName: 'Dummy', body: { dummy_input: 5, prompt: 'p', scores: [1.5], meta: { a: 1 }, out: null }, signer: bob });
      await callHttpAxon({ axon: at, synapseName: 'Dummy', body: { dummy_input: 5, prompt: 'p' }, requiredFields: ['prompt'], signer: bob });
    } finally {
      await new Promise<void>((r) => capture.close(() => r()));
    }
    const inputObj = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => k.startsWith('bt_header_input_obj_')));
    expect(inputObj(seen[0]!)).toEqual({ bt_header_input_obj_dummy_input: 'MA==', bt_header_input_obj_prompt: 'IiI=', bt_header_input_obj_scores: 'W10=' });
    expect(inputObj(seen[1]!)).toEqual({ bt_header_input_obj_prompt: 'IiI=' });
  });

  it('hashes the required fields, and the axon recomputes them', async () => {
    const r = await callHttpAxon({
      axon: target(),
      synapseName: 'Hashed',
      body: { text: 'héllo "x"', weight: 0.5 },
      requiredHashFields: ['text', 'weight'],
      signer: bob,
    });
    expect(r.status).toBe(200);
    expect(r.synapse.echo).toBe('HÉLLO "X"');
  });

  it('refuses a body that does not match the signed hash (400)', async () => {
    // a valid signature over the hash of one text, and a body with another
    const signer = new HttpDendriteSigner(keys.validator);
    const nonce = signer.nextNonce();
    const hash = sha3Hex(sha3Hex('original') + sha3Hex('0.5'));
    const message = `${nonce}.${keys.validator.address}.${keys.miner.address}.${signer.uuid}.${hash}`;
    const res = await fetch(`http://127.0.0.1:${port}/Hashed`, {
      method: 'POST',
      headers: {
        name: 'Hashed',
        timeout: '12.0',
        bt_header_axon_hotkey: keys.miner.address,
        bt_header_dendrite_version: '9012002',
        bt_header_dendrite_nonce: String(nonce),
        bt_header_dendrite_uuid: signer.uuid,
        bt_header_dendrite_hotkey: keys.validator.address,
        bt_header_dendrite_signature: u8aToHex(keys.validator.sign(new TextEncoder().encode(message))),
        computed_body_hash: hash,
      },
      body: '{"text": "tampered", "weight": 0.5}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      new RegExp(`^Hash mismatch between header body hash ${hash} and parsed body hash [0-9a-f]{64}`),
    );
  });

  it('maps refusals to the SDK statuses', async () => {
    const wrong = await callHttpAxon({ axon: { ...target(), hotkey: keys.other.address }, synapseName: 'Dummy', body: { dummy_input: 1 }, signer: bob });
    expect(wrong.status).toBe(401);
    expect(wrong.statusMessage).toMatch(/wrong receiver: the request is addressed to 5DAAnrj7/);
    expect(wrong.axonSignatureValid).toBeUndefined();

    const eve = await callHttpAxon({ axon: target(), synapseName: 'Dummy', body: { dummy_input: 1 }, signer: new HttpDendriteSigner(keys.stranger) });
    expect(eve.status).toBe(403);
    expect(eve.statusMessage).toBe('Forbidden. Key is blacklisted: not registered on netuid 1.');

    const unknown = await callHttpAxon({ axon: target(), synapseName: 'Nope', body: {}, signer: bob });
    expect(unknown.status).toBe(404);
    expect(unknown.statusMessage).toBe("Synapse name 'Nope' not found. Available synapses ['Dummy', 'Hashed', 'Slow', 'Broken', 'Stream']");

    const slow = await callHttpAxon({ axon: target(), synapseName: 'Slow', body: {}, signer: bob, timeoutMs: 300 });
    expect(slow.status).toBe(408);

    const broken = await callHttpAxon({ axon: target(), synapseName: 'Broken', body: {}, signer: bob });
    expect(broken.status).toBe(500);
    expect(broken.statusMessage).toBe('Internal Server Error: model not loaded');

    rateLimited = true;
    try {
      const limited = await callHttpAxon({ axon: target(), synapseName: 'Dummy', body: { dummy_input: 1 }, signer: bob });
      expect(limited.status).toBe(429);
    } finally {
      rateLimited = false;
    }
    // still serving
    expect((await callHttpAxon({ axon: target(), synapseName: 'Dummy', body: { dummy_input: 2 }, signer: bob })).synapse.dummy_output).toBe(4);
  });

  it('maps transport failures as the SDK dendrite does (503 connect, 422 unparsable)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await callHttpAxon({
      axon: { ip: '127.0.0.1', port: closedPort, hotkey: keys.miner.address },
      synapseName: 'Dummy',
      body: {},
      signer: bob,
      timeoutMs: 2_000,
    });
    expect(refused.status).toBe(503);
    expect(refused.statusMessage).toBe(`Service unavailable at 127.0.0.1:${closedPort}/Dummy`);
    expect(refused.dendriteFailure).toBe('connect');
    // (distinct axons: one signer's concurrent calls to the same axon may arrive out of nonce order)
    const fanned = await forwardHttpAxons([{ ip: '127.0.0.1', port: closedPort, hotkey: keys.miner.address }, target()], {
      synapseName: 'Dummy',
      body: { dummy_input: 7 },
      signer: bob,
      timeoutMs: 2_000,
    });
    expect(fanned.map((f) => [f.status, f.synapse.dummy_output ?? null])).toEqual([
      [503, null],
      [200, 14],
    ]);

    const garbage: Server = createServer((_req, res) => res.end('<html>not json</html>'));
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    try {
      const r = await callHttpAxon({
        axon: { ip: '127.0.0.1', port: (garbage.address() as AddressInfo).port, hotkey: keys.miner.address },
        synapseName: 'Dummy',
        body: {},
        signer: bob,
      });
      expect(r.status).toBe(422);
      expect(r.statusMessage).toMatch(/^Failed to parse response: unexpected "<" at character 0/);
      expect(r.dendriteFailure).toBe('parse');
    } finally {
      await new Promise<void>((r) => garbage.close(() => r()));
    }
  });

  it('brackets IPv6 literals and keeps nonces strictly increasing', () => {
    expect(httpAxonUrl({ ip: '::1', port: 8091 }, 'Dummy')).toBe('http://[::1]:8091/Dummy');
    expect(httpAxonUrl({ ip: '10.0.0.1', port: 8091 }, 'Dummy')).toBe('http://10.0.0.1:8091/Dummy');
    const s = new HttpDendriteSigner(keys.validator);
    const a = s.nextNonce();
    const b = s.nextNonce();
    expect(b > a).toBe(true);
    expect(a > BigInt(Date.now() - 1000) * 1_000_000n).toBe(true);
    expect(EMPTY_BODY_HASH).toHaveLength(64);
  });
});

describe('limits', () => {
  let strict: HttpAxon;
  let strictPort: number;

  beforeAll(async () => {
    strict = new HttpAxon({ keypair: keys.miner, port: 0, maxBodyBytes: 2048, uploadTimeoutMs: 300, authFailureBurst: 2, authFailuresPerSecond: 0.001 });
    strict.attach('Dummy', () => ({}));
    ({ port: strictPort } = await strict.listen());
  });

  afterAll(async () => {
    await strict?.close();
  });

  /** Writes raw HTTP and collects what comes back until the server closes or `ms` passes. */
  async function rawHttp(head: string, bodyParts: string[], ms: number): Promise<{ text: string; closed: boolean }> {
    const { connect } = await import('node:net');
    return new Promise((resolve) => {
      const socket = connect(strictPort, '127.0.0.1');
      let text = '';
      let closed = false;
      socket.on('data', (d) => (text += d.toString('latin1')));
      socket.on('close', () => {
        closed = true;
        resolve({ text, closed });
      });
      socket.on('error', () => undefined);
      socket.write(head);
      for (const part of bodyParts) socket.write(part);
      setTimeout(() => {
        socket.destroy();
        resolve({ text, closed });
      }, ms);
    });
  }

  function signedHead(o: { nonce?: bigint; uuid: string; contentLength?: number; chunked?: boolean }): string {
    const nonce = o.nonce ?? BigInt(Date.now()) * 1_000_000n;
    const message = `${nonce}.${keys.validator.address}.${keys.miner.address}.${o.uuid}.${EMPTY_BODY_HASH}`;
    const sig = u8aToHex(keys.validator.sign(new TextEncoder().encode(message)));
    return [
      'POST /Dummy HTTP/1.1',
      'Host: 127.0.0.1',
      'name: Dummy',
      'timeout: 12.0',
      `bt_header_axon_hotkey: ${keys.miner.address}`,
      `bt_header_dendrite_hotkey: ${keys.validator.address}`,
      `bt_header_dendrite_nonce: ${nonce}`,
      `bt_header_dendrite_uuid: ${o.uuid}`,
      `bt_header_dendrite_signature: ${sig}`,
      `computed_body_hash: ${EMPTY_BODY_HASH}`,
      o.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${o.contentLength ?? 0}`,
      '',
      '',
    ].join('\r\n');
  }

  it('times out a slow upload (408) and closes the connection', async () => {
    const r = await rawHttp(signedHead({ uuid: 'slow-upload', contentLength: 100 }), ['{"dummy'], 3_000);
    expect(r.text).toMatch(/^HTTP\/1.1 408/);
    expect(r.text).toContain('request body not received within 300 ms');
    expect(r.closed).toBe(true);
  });

  it('refuses a chunked body once it passes the limit (413)', async () => {
    const chunk = 'x'.repeat(1500);
    const part = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const r = await rawHttp(signedHead({ uuid: 'chunked-big', chunked: true }), [part, part], 3_000);
    expect(r.text).toMatch(/^HTTP\/1.1 413/);
    expect(r.text).toContain('request body exceeds the limit of 2048 bytes');
  });

  it('answers 429 once a source has spent its failed-authentication budget, before verifying', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const nonce = BigInt(Date.now()) * 1_000_000n;
      const forged = await fetch(`http://127.0.0.1:${strictPort}/Dummy`, {
        method: 'POST',
        headers: {
          name: 'Dummy',
          bt_header_axon_hotkey: keys.miner.address,
          bt_header_dendrite_hotkey: keys.validator.address,
          bt_header_dendrite_nonce: String(nonce),
          bt_header_dendrite_uuid: `forged-${i}`,
          bt_header_dendrite_signature: `0x${'11'.repeat(64)}`,
          computed_body_hash: EMPTY_BODY_HASH,
        },
        body: '{}',
      });
      statuses.push(forged.status);
    }
    expect(statuses).toEqual([401, 401, 429, 429]);
    // a good signature from the same source is refused too until the budget refills: the check precedes verification
    const good = await callHttpAxon({
      axon: { ip: '127.0.0.1', port: strictPort, hotkey: keys.miner.address },
      synapseName: 'Dummy',
      body: {},
      signer: new HttpDendriteSigner(keys.validator),
      timeoutMs: 5_000,
    });
    expect(good.status).toBe(429);
    expect(good.statusMessage).toMatch(/^too many failed authentications from 127.0.0.1; retry in \d+ s$/);
  });

  it('refuses other methods with a clear message (400)', async () => {
    const r = await fetch(`http://127.0.0.1:${strictPort}/Dummy`, { method: 'PUT', body: '{}' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toBe('method PUT not allowed; use POST /Dummy');
  });
});

describe('malformed requests', () => {
  it('answers a malformed route and a non-object body with 400, and keeps serving', async () => {
    const bad = await fetch(`http://127.0.0.1:${port}/%E0%A4%A`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^Improperly formatted request: path "\/%E0%A4%A" is not a synapse route/);
    const { url, init } = pythonDendriteRequest({ uuid: 'array-body' });
    const arr = await fetch(url, { ...init, body: '[1, 2]' });
    expect(arr.status).toBe(400);
    expect(((await arr.json()) as { message: string }).message).toBe('request body is not a JSON object (a synapse)');
    const next = pythonDendriteRequest({ uuid: 'garbage-body' });
    const garbage = await fetch(next.url, { ...next.init, body: '{"dummy_input": 5,' });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { message: string }).message).toMatch(/^request body is not JSON: expected a string key at character 18$/);
    expect((await callHttpAxon({ axon: target(), synapseName: 'Dummy', body: { dummy_input: 3 }, signer: bob })).synapse.dummy_output).toBe(6);
  });
});

describe('our dendrite against a Python axon, byte for byte', () => {
  /**
   * Answers as bittensor's FastAPI axon does, written from axon.py and starlette: success is
   * JSONResponse(serialize_response(synapse)) (compact separators, UTF-8 unescaped) with the
   * route synapse's to_headers() (no axon signature: the route synapse comes from the body);
   * refusals are {"message": ...} with the preprocessed synapse's headers, signed.
   */
  let python: Server;
  let pythonPort: number;
  beforeAll(async () => {
    python = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const h = req.headers;
        if (req.url === '/Dummy') {
          const sent = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { dummy_input: number };
          res.writeHead(200, {
            'content-type': 'application/json',
            name: 'Dummy',
            timeout: '12.0',
            bt_header_axon_status_code: '200',
            bt_header_axon_status_message: 'Success',
            bt_header_axon_process_time: '0.0012345',
            bt_header_axon_ip: String(h.bt_header_axon_ip),
            bt_header_axon_port: String(h.bt_header_axon_port),
            bt_header_axon_hotkey: String(h.bt_header_axon_hotkey),
            bt_header_dendrite_ip: String(h.bt_header_dendrite_ip),
            bt_header_dendrite_version: String(h.bt_header_dendrite_version),
            bt_header_dendrite_nonce: String(h.bt_header_dendrite_nonce),
            bt_header_dendrite_uuid: String(h.bt_header_dendrite_uuid),
            bt_header_dendrite_hotkey: String(h.bt_header_dendrite_hotkey),
            bt_header_dendrite_signature: String(h.bt_header_dendrite_signature),
            bt_header_input_obj_dummy_input: 'MA==',
            header_size: '640',
            total_size: '3090',
            computed_body_hash: 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
          });
          res.end(
            `{"name":"Dummy","timeout":12.0,"total_size":3090,"header_size":0,"dendrite":{"status_code":null,"status_message":null,"process_time":null,"ip":"0.0.0.0","port":null,"version":9012002,"nonce":${h.bt_header_dendrite_nonce},"uuid":"${h.bt_header_dendrite_uuid}","hotkey":"${h.bt_header_dendrite_hotkey}","signature":"${h.bt_header_dendrite_signature}"},"axon":{"status_code":200,"status_message":"Success","process_time":0.0012345,"ip":"127.0.0.1","port":${h.bt_header_axon_port},"version":null,"nonce":null,"uuid":null,"hotkey":"${h.bt_header_axon_hotkey}","signature":null},"computed_body_hash":"","dummy_input":${sent.dummy_input},"dummy_output":${sent.dummy_input * 2},"note":"résumé ✓"}`,
          );
          return;
        }
        // a refusal from the middleware: status and message in the headers, signed by the axon
        const nonce = '1763000000123456789';
        const uuid = '7f1c2d3e-c7a1-11f0-9a3b-0242ac110002';
        const signed = u8aToHex(keys.miner.sign(new TextEncoder().encode(`${nonce}.${h.bt_header_dendrite_hotkey}.${keys.miner.address}.${uuid}`)));
        const message = 'Not Verified with error: Signature mismatch with ...';
        res.writeHead(401, {
          'content-type': 'application/json',
          name: 'Slow',
          timeout: '12.0',
          bt_header_axon_status_code: '401',
          bt_header_axon_status_message: message,
          bt_header_axon_process_time: '0.000321',
          bt_header_axon_version: '9012002',
          bt_header_axon_nonce: nonce,
          bt_header_axon_uuid: uuid,
          bt_header_axon_hotkey: keys.miner.address,
          bt_header_axon_signature: signed,
          header_size: '640',
          total_size: '2000',
          computed_body_hash: '',
        });
        res.end(JSON.stringify({ message }));
      });
    });
    await new Promise<void>((r) => python.listen(0, '127.0.0.1', r));
    pythonPort = (python.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => python.close(() => r()));
  });

  it('reads a success (compact JSON, raw UTF-8, no axon signature)', async () => {
    const r = await callHttpAxon({
      axon: { ip: '127.0.0.1', port: pythonPort, hotkey: keys.miner.address },
      synapseName: 'Dummy',
      body: { dummy_input: 4, dummy_output: null },
      signer: bob,
    });
    expect(r.status).toBe(200);
    expect(r.statusMessage).toBe('Success');
    expect(r.synapse).toMatchObject({ dummy_input: 4, dummy_output: 8, note: 'résumé ✓', name: 'Dummy' });
    expect((r.synapse.dendrite as { nonce: unknown }).nonce).toBeTypeOf('bigint');
    expect(r.axon.process_time).toBe(0.0012345);
    expect(r.axonSignatureValid).toBeUndefined();
  });

  it('reads a refusal: status and message from the headers, the axon signature verified', async () => {
    const r = await callHttpAxon({ axon: { ip: '127.0.0.1', port: pythonPort, hotkey: keys.miner.address }, synapseName: 'Slow', body: {}, signer: bob });
    expect(r.status).toBe(401);
    expect(r.statusMessage).toBe('Not Verified with error: Signature mismatch with ...');
    expect(r.axon.nonce).toBe(1763000000123456789n);
    expect(r.axonSignatureValid).toBe(true);
  });
});

describe('streaming synapses (StreamingSynapse / BTStreamingResponse)', () => {
  async function drain(gen: AsyncGenerator<Uint8Array, HttpAxonResult>): Promise<{ text: string; chunks: number; result: HttpAxonResult }> {
    let text = '';
    let chunks = 0;
    for (;;) {
      const next = await gen.next();
      if (next.done) return { text, chunks, result: next.value };
      chunks += 1;
      text += Buffer.from(next.value).toString('utf8');
    }
  }

  it('streams the chunks raw as text/event-stream, under signed SDK headers', async () => {
    const { text, chunks, result } = await drain(streamHttpAxon({ axon: target(), synapseName: 'Stream', body: { n: 4, gapMs: 20 }, signer: bob }));
    expect(text).toBe('token0 {"i": 1, "text": "\\u00e9"}\ntoken2 {"i": 3, "text": "\\u00e9"}\n');
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(result.status).toBe(200);
    expect(result.axonSignatureValid).toBe(true);
  });

  it('cuts a stream at the synapse timeout, and answers refusals without streaming', async () => {
    const cut = await drain(streamHttpAxon({ axon: target(), synapseName: 'Stream', body: { n: 100, gapMs: 50 }, signer: bob, timeoutMs: 400 }));
    // the axon ends the stream at the deadline; the dendrite's own timeout may fire first (408)
    expect(cut.text.split('token').length - 1).toBeLessThan(10);
    expect([200, 408]).toContain(cut.result.status);
    const refused = await drain(
      streamHttpAxon({ axon: { ...target(), hotkey: keys.other.address }, synapseName: 'Stream', body: { n: 1, gapMs: 0 }, signer: bob }),
    );
    expect(refused.chunks).toBe(0);
    expect(refused.result.status).toBe(401);
  });
});
