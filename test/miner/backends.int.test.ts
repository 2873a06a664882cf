import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { handlerModuleBackend } from '../../miner/backends/handler-module.ts';
import { batchedRuntime, onnxBackend } from '../../miner/backends/onnx.ts';
import { openAiBackend } from '../../miner/backends/openai.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import type { ProtocolError } from '../../protocol/errors.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';
import { loadSubnet, type Subnet } from '../../subnet-config/subnet.ts';
import { devKeys } from '../protocol/raw-peer.ts';

const log = createLogger('miner-test', { level: 'silent' });
let keys: Awaited<ReturnType<typeof devKeys>>;

beforeAll(async () => {
  keys = await devKeys();
});

/** Serves `backend`'s handlers on a fresh axon; returns a call function and a closer. */
async function serve(handlers: Record<string, Parameters<Axon['attach']>[1]>) {
  const axon = new Axon({ keypair: keys.miner, logger: log });
  for (const [name, h] of Object.entries(handlers)) axon.attach(name, h);
  const { url } = await axon.listen();
  const dendrite = new Dendrite({ keypair: keys.validator });
  return {
    call: <T>(synapse: string, body: unknown, timeoutMs = 5_000) => dendrite.call<T>({ url, hotkey: keys.miner.address }, synapse, body, { timeoutMs }),
    close: async () => {
      await dendrite.close();
      await axon.close(500);
    },
  };
}

describe('OpenAI-compatible upstream backend', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { auth?: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { messages: { content: string }[]; model: string };
      seen.push({ auth: req.headers.authorization, body });
      const prompt = body.messages[0].content;
      if (req.url !== '/v1/chat/completions') return void res.writeHead(404).end('no route');
      if (prompt === 'explode') return void res.writeHead(500).end('{"error":"CUDA out of memory"}');
      if (prompt === 'busy') return void res.writeHead(429).end('{"error":"slow down"}');
      if (prompt === 'hang') return void setTimeout(() => res.writeHead(200).end('{}'), 3_000);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: `echo(${body.model}): ${prompt}` }, finish_reason: 'stop' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('maps prompt -> chat completion -> { text }, through a real axon and dendrite', async () => {
    const backend = openAiBackend({ baseUrl, model: 'tiny', apiKey: 'sk-test', timeoutMs: 1_000, maxTokens: 64 }, ['Generate']);
    const s = await serve(backend.handlers);
    try {
      const r = await s.call<{ text: string }>('Generate', { prompt: 'tell a story', max_words: 10 });
      expect(r.body).toEqual({ text: 'echo(tiny): tell a story' });
      expect(seen.at(-1)).toMatchObject({ auth: 'Bearer sk-test', body: { model: 'tiny', max_tokens: 15, stream: false } });
      await expect(s.call('Generate', { prompt: 'explode' })).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(/answered HTTP 500: \{"error":"CUDA out of memory"\}/),
      });
      await expect(s.call('Generate', { prompt: 'busy' })).rejects.toMatchObject({ code: 'OVERLOADED' });
      const hang = (await s.call('Generate', { prompt: 'hang' }).catch((e: ProtocolError) => e)) as ProtocolError;
      expect(hang.code).toBe('TIMEOUT');
      expect(hang.message).toMatch(/did not answer within 1000 ms/);
      await expect(s.call('Generate', { nothing: true })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/needs `prompt`/) });
    } finally {
      await s.close();
    }
  });

  it('the request deadline bounds the upstream call too', async () => {
    const backend = openAiBackend({ baseUrl, model: 'tiny', timeoutMs: 30_000, maxTokens: 64 }, ['Generate']);
    const s = await serve(backend.handlers);
    try {
      const t0 = Date.now();
      await expect(s.call('Generate', { prompt: 'hang' }, 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(Date.now() - t0).toBeLessThan(2_500);
    } finally {
      await s.close();
    }
  });

  it('refuses an upstream that is not http(s)', () => {
    expect(() => openAiBackend({ baseUrl: 'ftp://x', model: 'm', timeoutMs: 1, maxTokens: 1 }, ['Generate'])).toThrow(/--openai-url must be an http\(s\) URL/);
  });
});

describe('custom handler module backend', () => {
  it('loads `export default async (synapse, ctx) => response` and passes the context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subnet-handler-'));
    const file = join(dir, 'my-miner.ts');
    writeFileSync(
      file,
      `export default async (synapse, ctx) => {
  if (synapse.body.fail) throw new Error('custom failure');
  return { name: synapse.name, caller: ctx.caller, me: ctx.hotkey, n: synapse.body.n * 2, vec: new Float32Array([synapse.body.n]) };
};\n`,
    );
    const backend = await handlerModuleBackend({ path: file, cwd: dir, synapses: ['Double'], hotkey: keys.miner.address, log });
    const s = await serve(backend.handlers);
    try {
      const r = await s.call<{ name: string; caller: string; me: string; n: number; vec: Float32Array }>('Double', { n: 21 });
      expect(r.body).toMatchObject({ name: 'Double', caller: keys.validator.address, me: keys.miner.address, n: 42 });
      expect(Array.from(r.body.vec)).toEqual([21]);
      await expect(s.call('Double', { fail: true })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/custom failure/) });
    } finally {
      await s.close();
    }
  });

  it('names the problem when the module is missing or exports no function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subnet-handler-'));
    await expect(handlerModuleBackend({ path: 'nope.ts', cwd: dir, synapses: ['X'], hotkey: 'h', log })).rejects.toThrow(/module .*nope.ts does not exist/);
    writeFileSync(join(dir, 'bad.ts'), 'export default 42;\n');
    await expect(handlerModuleBackend({ path: 'bad.ts', cwd: dir, synapses: ['X'], hotkey: 'h', log })).rejects.toThrow(
      /is not a function \(synapse, ctx\) => response/,
    );
  });
});

describe('ONNX backend on the shared scoring runtime', () => {
  let subnet: Subnet;

  beforeAll(async () => {
    ensureModels();
    subnet = await loadSubnet('subnet-config/examples/embedding', { log });
  }, 120_000);

  it('batches concurrent requests into shared model runs and answers like the unbatched model', async () => {
    const sizes: number[] = [];
    const backend = onnxBackend({
      synapses: ['Embed'],
      reference: subnet.minerHandler,
      runtime: subnet.runtime,
      options: { model: 'embedder' },
      hotkey: keys.miner.address,
      maxBatch: 64,
      onBatch: (n) => sizes.push(n),
      log,
    });
    const s = await serve(backend.handlers);
    try {
      const texts = Array.from({ length: 12 }, (_, i) => [`text number ${i}`, `another sentence ${i}`]);
      const answers = await Promise.all(texts.map((t) => s.call<{ embeddings: number[][] }>('Embed', { texts: t })));
      const direct = await subnet.runtime!.embedder('embedder').embed(texts.flat());
      answers.forEach((a, i) => {
        expect(a.body.embeddings).toHaveLength(2);
        for (let k = 0; k < 2; k++) {
          const ref = direct[i * 2 + k];
          a.body.embeddings[k].forEach((v, j) => expect(v).toBeCloseTo(ref[j], 5));
        }
      });
      expect(sizes.reduce((x, y) => x + y, 0)).toBe(24);
      // concurrent requests shared runs: fewer runs than requests
      expect(sizes.length).toBeLessThan(12);
      expect(Math.max(...sizes)).toBeGreaterThan(2);
    } finally {
      await s.close();
    }
  });

  it('batchedRuntime keeps the rest of the runtime intact', () => {
    const r = batchedRuntime(subnet.runtime!, { maxBatch: 8 });
    expect(r.names).toEqual(subnet.runtime!.names);
    expect(r.embedder('embedder').tokenizer).toBe(subnet.runtime!.embedder('embedder').tokenizer);
  });

  it('refuses to start without a reference miner or models', () => {
    expect(() => onnxBackend({ synapses: ['Embed'], reference: undefined, runtime: subnet.runtime, options: {}, hotkey: 'h', maxBatch: 1, log })).toThrow(
      /has no `miner.module`/,
    );
  });
});
