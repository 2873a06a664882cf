import type { RequestFrame } from './frames.ts';
import { hotkeySign, type HotkeySigner } from '../hotkey-signature.ts';
import { sessionSign, type SessionSecretKey } from './session-key.ts';
import { epistulaMessage, PROTOCOL_VERSION, requestMessage, sha256Hex } from './signed-message.ts';

/** A signed request frame and the hash the answer's signature will cover. */
export interface SignedRequest {
  frame: RequestFrame;
  requestHash: string;
}

export interface RequestInput {
  id: number;
  synapse: string;
  timeoutMs: number;
  /** msgpack-encoded body */
  body: Uint8Array;
  ts?: number;
}

export function signSessionRequest(
  input: RequestInput & { sessionKey: SessionSecretKey; sender: string; receiver: string; conn: Uint8Array; nonce: number },
): SignedRequest {
  const ts = input.ts ?? Date.now();
  const message = requestMessage({
    sender: input.sender,
    receiver: input.receiver,
    conn: input.conn,
    id: input.id,
    nonce: input.nonce,
    ts,
    synapse: input.synapse,
    timeoutMs: input.timeoutMs,
    bodyHash: sha256Hex(input.body),
  });
  return signedRequest(input, ts, message, { scheme: 'session', nonce: input.nonce, sig: sessionSign(input.sessionKey, message) });
}

export function signSr25519Request(input: RequestInput & { pair: HotkeySigner; receiver: string; uuid: string }): SignedRequest {
  const ts = input.ts ?? Date.now();
  const message = epistulaMessage({
    bodyHash: sha256Hex(input.body),
    uuid: input.uuid,
    ts,
    signedFor: input.receiver,
    synapse: input.synapse,
    timeoutMs: input.timeoutMs,
  });
  return signedRequest(input, ts, message, {
    scheme: 'sr25519',
    uuid: input.uuid,
    by: input.pair.address,
    for: input.receiver,
    sig: hotkeySign(input.pair, message),
  });
}

/** The request frame both schemes send; only `auth` and the signed message differ. */
function signedRequest(input: RequestInput, ts: number, message: string | Uint8Array, auth: SignedRequest['frame']['auth']): SignedRequest {
  return {
    frame: { v: PROTOCOL_VERSION, type: 'req', id: input.id, synapse: input.synapse, timeout_ms: input.timeoutMs, ts, body: input.body, auth },
    requestHash: sha256Hex(message),
  };
}
