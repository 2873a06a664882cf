import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { HttpAxon } from '../../protocol/bittensor-http/http-axon.ts';
import { callHttpAxon, HttpDendriteSigner } from '../../protocol/bittensor-http/http-dendrite.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { devKeys } from './raw-peer.ts';

/** Sends raw bytes to a port and resolves with everything the server wrote before closing. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.write(bytes);
  });
}

const HUGE_HEADER = `x-big: ${'a'.repeat(20_000)}\r\n`;

describe('HTTP edges of the axons', () => {
  let keys: Awaited<ReturnType<typeof devKeys>>;
  let httpAxon: HttpAxon;
  let httpPort: number;
  let wsAxon: Axon;
  let wsPort: number;

  beforeAll(async () => {
    keys = await devKeys();
    httpAxon = new HttpAxon({ keypair: keys.miner, port: 0, logger: createLogger('http-axon', { level: 'silent' }) });
    httpAxon.attach('Dummy', ({ body }) => ({ dummy_output: (body as { dummy_input: number }).dummy_input * 2 }));
    ({ port: httpPort } = await httpAxon.listen());
    wsAxon = new Axon({ keypair: keys.miner, logger: createLogger('axon', { level: 'silent' }) });
    ({ port: wsPort } = await wsAxon.listen());
  });

  afterAll(async () => {
    await httpAxon.close();
    await wsAxon.close(100);
  });

  it('routes on the whole path: /Dummy is served, /Dummy/extra and /Dummy/ are 404', async () => {
    const signer = new HttpDendriteSigner(keys.validator);
    const call = (name: string) =>
      callHttpAxon({
        axon: { ip: '127.0.0.1', port: httpPort, hotkey: keys.miner.address },
        synapseName: name,
        body: { dummy_input: 5, dummy_output: null },
        requiredFields: ['dummy_input'],
        timeoutMs: 5_000,
        signer,
      });
    expect((await call('Dummy')).synapse.dummy_output).toBe(10);
    const extra = await fetch(`http://127.0.0.1:${httpPort}/Dummy/extra`, { method: 'POST', body: '{}' });
    expect(extra.status).toBe(404);
    expect(((await extra.json()) as { message: string }).message).toBe("Synapse name 'Dummy/extra' not found. Available synapses ['Dummy']");
    expect((await fetch(`http://127.0.0.1:${httpPort}/Dummy/`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  for (const which of ['the Bittensor HTTP axon', 'the WebSocket axon (the port it shares with /healthz and Python validators)'] as const) {
    it(`${which} answers what node's HTTP parser refuses: 400 for a malformed request, 431 for headers over 16 KiB`, async () => {
      const port = which === 'the Bittensor HTTP axon' ? httpPort : wsPort;
      expect(await raw(port, 'THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(await raw(port, 'POST /Dummy HTTP/1.1\r\nHost: x\r\nbad header line\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(await raw(port, `GET / HTTP/1.1\r\nHost: x\r\n${HUGE_HEADER}\r\n`)).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    });
  }
});
