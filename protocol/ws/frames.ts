import type { CertRole } from './signed-message.ts';

/** The frames of the envelope (see envelope.ts for the codec), field by field in protocol/README.md. */
export interface CertWire {
  role: CertRole;
  hotkey: string;
  peer: string;
  conn: Uint8Array;
  key: Uint8Array;
  issued: number;
  expires: number;
  sig: Uint8Array;
}

export interface HelloFrame {
  v: number;
  type: 'hello';
  axon: string;
  conn: Uint8Array;
  ts: number;
  max_frame: number;
  schemes: string[];
}

export interface AuthFrame {
  v: number;
  type: 'auth';
  cert: CertWire;
}

export interface WelcomeFrame {
  v: number;
  type: 'welcome';
  cert: CertWire;
}

export interface SessionAuth {
  scheme: 'session';
  nonce: number;
  sig: Uint8Array;
}

export interface Sr25519Auth {
  scheme: 'sr25519';
  uuid: string;
  by: string;
  for: string;
  sig: Uint8Array;
}

export interface RequestFrame {
  v: number;
  type: 'req';
  id: number;
  synapse: string;
  timeout_ms: number;
  ts: number;
  body: Uint8Array;
  auth: SessionAuth | Sr25519Auth;
}

export interface ResponseFrame {
  v: number;
  type: 'res';
  id: number;
  status: number;
  recv_ts: number;
  sent_ts: number;
  body: Uint8Array;
  scheme: 'session' | 'sr25519';
  sig: Uint8Array;
}

export interface ChunkFrame {
  v: number;
  type: 'chunk';
  id: number;
  seq: number;
  ts: number;
  body: Uint8Array;
}

export interface EndFrame {
  v: number;
  type: 'end';
  id: number;
  count: number;
  stream_hash: string;
  recv_ts: number;
  sent_ts: number;
  scheme: 'session' | 'sr25519';
  sig: Uint8Array;
}

export interface ErrorFrame {
  v: number;
  type: 'err';
  /** the request it answers; null for connection-level errors */
  id: number | null;
  code: string;
  status: number;
  message: string;
  ts: number;
}

export interface CancelFrame {
  v: number;
  type: 'cancel';
  id: number;
}

export type Frame = HelloFrame | AuthFrame | WelcomeFrame | RequestFrame | ResponseFrame | ChunkFrame | EndFrame | ErrorFrame | CancelFrame;
