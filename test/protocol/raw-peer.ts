import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { WebSocket } from 'ws';
import { issueCertificate, type IssuedCertificate } from '../../protocol/ws/certificate.ts';
import { FrameCodec } from '../../protocol/ws/envelope.ts';
import type { Frame, HelloFrame } from '../../protocol/ws/frames.ts';
import { PROTOCOL_VERSION } from '../../protocol/ws/signed-message.ts';

/** Dev keys, as `subnet` devnets use them. */
export async function devKeys(): Promise<{ miner: KeyringPair; validator: KeyringPair; stranger: KeyringPair; other: KeyringPair }> {
  await cryptoWaitReady();
  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return { miner: kr.addFromUri('//Alice'), validator: kr.addFromUri('//Bob'), stranger: kr.addFromUri('//Eve'), other: kr.addFromUri('//Dave') };
}

/**
 * A hand-driven protocol peer for tests: sends whatever bytes or frames the
 * test wants (replays, forgeries, garbage) and records what comes back.
 */
export class RawPeer {
  readonly frames: Frame[] = [];
  readonly codec = new FrameCodec(64 * 1024 * 1024);
  hello!: HelloFrame;
  closeCode?: number;
  closeReason?: string;
  readonly closed: Promise<void>;
  private waiters: { test: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve();
      }),
    );
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      const frame = this.codec.decode(data);
      this.frames.push(frame);
      for (const w of [...this.waiters]) {
        if (w.test(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
  }

  /** `localAddress` binds the client side, e.g. 127.0.0.2, to act as another source host on loopback. */
  static async connect(url: string, options: { localAddress?: string } = {}): Promise<RawPeer> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const peer = new RawPeer(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    peer.hello = (await peer.next((f) => f.type === 'hello')) as HelloFrame;
    return peer;
  }

  next(test: (f: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    const seen = this.frames.find(test);
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame in time')), timeoutMs);
      this.waiters.push({
        test,
        resolve: (f) => {
          clearTimeout(timer);
          this.frames.splice(this.frames.indexOf(f), 1);
          resolve(f);
        },
      });
    });
  }

  /** The answer (res, end or err) to request `id`. */
  answer(id: number, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => (f.type === 'res' || f.type === 'err' || f.type === 'end') && f.id === id, timeoutMs);
  }

  send(frame: Frame): void {
    this.ws.send(this.codec.encode(frame));
  }

  sendBytes(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  /** Session handshake; `peer` overrides the hotkey the certificate is addressed to. */
  async auth(pair: KeyringPair, options: { peer?: string; ttlMs?: number } = {}): Promise<{ cert: IssuedCertificate; answer: Frame }> {
    const cert = issueCertificate(pair, 'dendrite', options.peer ?? this.hello.axon, this.hello.conn, options.ttlMs ?? 60_000);
    this.send({ v: PROTOCOL_VERSION, type: 'auth', cert: cert.wire });
    const answer = await this.next((f) => f.type === 'welcome' || f.type === 'err');
    return { cert, answer };
  }

  close(): void {
    this.ws.terminate();
  }
}
