import { ProtocolError } from '../errors.ts';
import type { HotkeySigner } from '../hotkey-signature.ts';
import { fromJsonText, toJsonText } from './json-body.ts';
import { CLIENT_TIMEOUT_HEADER, epistulaHeaders } from './signed-request.ts';

export interface EpistulaCallOptions {
  /** `http://ip:port`, the miner's axon address */
  baseUrl: string;
  /** the miner's hotkey: the request is signed for it */
  receiver: string;
  synapse: string;
  /** sent as JSON */
  body: unknown;
  signer: HotkeySigner;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** answers larger than this are refused (PAYLOAD_TOO_LARGE) as soon as the count passes it */
  maxResponseBytes?: number;
}

export interface EpistulaCallResult {
  status: number;
  /** the answer as JSON; for a stream, the array of its `data:` chunks */
  body: unknown;
  /** a refusal's message */
  message?: string;
  /** the refusal's code (`UNAUTHORIZED`, `BLACKLISTED`, ...) when the axon is ours */
  code?: string;
  latencyMs: number;
  /** the axon's own processing time, ms, when it reports it */
  processMs?: number;
  /** a stream that ended without `data: [DONE]` (cut at its deadline, or the miner went away) */
  incomplete?: boolean;
}

const DEFAULT_TIMEOUT_MS = 12_000;
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

async function readLimited(res: Response, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ProtocolError('PAYLOAD_TOO_LARGE', `answer exceeds ${max} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** The chunks of a `text/event-stream` answer, and whether it ended with `data: [DONE]`. */
export function parseEventStream(text: string): { chunks: unknown[]; done: boolean } {
  const chunks: unknown[] = [];
  let done = false;
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data === '') continue;
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    chunks.push(fromJsonText(data));
  }
  return { chunks, done };
}

/**
 * One Epistula v2 call: `POST {baseUrl}/{synapse}` with the JSON body and the signed headers.
 * The dendrite's own failures throw ProtocolError (CONNECTION_FAILED, TIMEOUT, PAYLOAD_TOO_LARGE,
 * BAD_REQUEST for an unreadable answer); every HTTP answer, refusals included, is returned.
 */
export async function callEpistula(o: EpistulaCallOptions): Promise<EpistulaCallResult> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const bytes = Buffer.from(toJsonText(o.body ?? {}), 'utf8');
  const headers = {
    ...epistulaHeaders({ signer: o.signer, body: bytes, signedFor: o.receiver }),
    'Content-Type': 'application/json',
    [CLIENT_TIMEOUT_HEADER]: String(timeoutMs / 1000),
  };
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  const where = o.baseUrl.replace(/\/+$/, '');
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(`${where}/${encodeURIComponent(o.synapse)}`, { method: 'POST', headers, body: bytes, signal });
  } catch (err) {
    if (signal.aborted) throw new ProtocolError('TIMEOUT', `no answer from ${where} within ${timeoutMs} ms`, { cause: err });
    throw new ProtocolError(
      'CONNECTION_FAILED',
      `cannot reach the Epistula axon at ${where}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`,
      { cause: err },
    );
  }
  let raw: Buffer;
  try {
    raw = await readLimited(res, o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    if (signal.aborted) throw new ProtocolError('TIMEOUT', `no complete answer from ${where} within ${timeoutMs} ms`, { cause: err });
    throw new ProtocolError('CONNECTION_CLOSED', `the Epistula axon at ${where} closed the connection: ${(err as Error).message}`, { cause: err });
  }
  const latencyMs = performance.now() - started;
  const processS = Number(res.headers.get('x-process-time'));
  const processMs = Number.isFinite(processS) && res.headers.has('x-process-time') ? processS * 1000 : undefined;
  const text = raw.toString('utf8');
  try {
    if (res.status !== 200) {
      let message = text.slice(0, 300);
      let code: string | undefined;
      try {
        const parsed = fromJsonText(text) as { message?: unknown; code?: unknown };
        if (typeof parsed?.message === 'string') message = parsed.message;
        if (typeof parsed?.code === 'string') code = parsed.code;
      } catch {
        // not ours: the raw text is the message
      }
      return { status: res.status, body: undefined, message, ...(code ? { code } : {}), latencyMs, processMs };
    }
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      const { chunks, done } = parseEventStream(text);
      return { status: 200, body: chunks, latencyMs, processMs, ...(done ? {} : { incomplete: true }) };
    }
    return { status: 200, body: text === '' ? undefined : fromJsonText(text), latencyMs, processMs };
  } catch (err) {
    throw new ProtocolError('BAD_REQUEST', `unreadable answer from ${where}: ${(err as Error).message}`, { cause: err });
  }
}
