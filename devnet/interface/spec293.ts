import { SubnetError } from '../../core/errors.ts';

/**
 * The interface of node-subtensor spec 293 as the devnet's tests and tables
 * read it: per pallet its index, calls, events, errors, constants and storage
 * layouts, plus the signed extensions and the runtime version. Type strings are
 * the Rust types the real runtime's metadata names (`T::AccountId`, `NetUid`).
 */
export interface Spec293Field {
  name: string;
  type: string;
}
export interface Spec293Pallet {
  index: number;
  calls: { index: number; name: string; fields: Spec293Field[] }[];
  events: { index: number; name: string; fields: Spec293Field[]; docs: string }[];
  errors: { index: number; name: string; docs: string }[];
  constants: { name: string; type: string; value: string }[];
  storage: Spec293Storage[];
}
export interface Spec293Storage {
  name: string;
  kind: 'plain' | 'map';
  hashers?: string[];
  keys?: string[];
  value: string;
  modifier: 'Default' | 'Optional';
  default: string;
}
export interface Spec293 {
  source: string;
  runtime: { specName: string; specVersion: number; transactionVersion: number };
  extrinsicVersion: number;
  signedExtensions: { identifier: string; type: string }[];
  pallets: Record<string, Spec293Pallet>;
}

/** Where the reference interface lives inside the `--from` directory. */
export const SPEC293_INPUT = 'subtensor-interface-spec293.json';

/**
 * Keeps what the devnet checks itself against (names, indices, field names and
 * types, hashers, defaults, the first-paragraph docs of events and errors) and
 * drops the rest of the recorded interface (call docs, runtime API shapes, RPC
 * lists, chain properties). Key order is fixed so the output is deterministic.
 */
export function normaliseSpec293(raw: unknown): Spec293 {
  const r = raw as Record<string, any>;
  if (!r || typeof r !== 'object' || !r.pallets || !r.runtime || !Array.isArray(r.signedExtensions)) {
    throw new SubnetError('INTERFACE_INPUT_INVALID', `${SPEC293_INPUT} lacks pallets, runtime or signedExtensions`);
  }
  const field = (f: any): Spec293Field => ({ name: String(f.name), type: String(f.type) });
  const pallets: Record<string, Spec293Pallet> = {};
  for (const [name, p] of Object.entries<any>(r.pallets)) {
    pallets[name] = {
      index: Number(p.index),
      calls: (p.calls ?? []).map((c: any) => ({ index: Number(c.index), name: String(c.name), fields: (c.fields ?? []).map(field) })),
      events: (p.events ?? []).map((e: any) => ({
        index: Number(e.index),
        name: String(e.name),
        fields: (e.fields ?? []).map(field),
        docs: String(e.docs ?? ''),
      })),
      errors: (p.errors ?? []).map((e: any) => ({ index: Number(e.index), name: String(e.name), docs: String(e.docs ?? '') })),
      constants: (p.constants ?? []).map((c: any) => ({ name: String(c.name), type: String(c.type), value: String(c.value) })),
      storage: (p.storage ?? []).map((s: any): Spec293Storage => ({
        name: String(s.name),
        kind: s.kind === 'map' ? 'map' : 'plain',
        ...(s.kind === 'map' ? { hashers: (s.hashers ?? []).map(String), keys: (s.keys ?? []).map(String) } : {}),
        value: String(s.value),
        modifier: s.modifier === 'Optional' ? 'Optional' : 'Default',
        default: String(s.default),
      })),
    };
  }
  return {
    source: 'node-subtensor spec 293 (fast-runtime localnet build, metadata v15), derived by devnet/interface/generate.ts',
    runtime: { specName: String(r.runtime.specName), specVersion: Number(r.runtime.specVersion), transactionVersion: Number(r.runtime.transactionVersion) },
    extrinsicVersion: Number(r.extrinsicVersion),
    signedExtensions: r.signedExtensions.map((e: any) => ({ identifier: String(e.identifier), type: String(e.type) })),
    pallets,
  };
}
