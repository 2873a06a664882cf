import { SubnetError } from '../../core/errors.ts';
import type { TypeRegistry } from '../scale/registry.ts';
import type { CustomType } from '../scale/types.ts';
import { parseTypeExpr, type TypeNode, typeNodeToString } from '../scale/type-expr.ts';

/** One entry of scale-info's portable registry, in the shape @polkadot/types' `PortableType` takes. */
export interface PortableType {
  id: number;
  type: {
    path: string[];
    params: { name: string; type: number | null }[];
    def: Record<string, unknown>;
    docs: string[];
  };
}

export interface SiField {
  name: string | null;
  type: number;
  typeName: string | null;
  docs: string[];
}

export interface SiVariant {
  name: string;
  fields: SiField[];
  index: number;
  docs: string[];
}

const PRIMITIVE_DEF: Record<string, string> = {
  bool: 'Bool',
  char: 'Char',
  str: 'Str',
  u8: 'U8',
  u16: 'U16',
  u32: 'U32',
  u64: 'U64',
  u128: 'U128',
  u256: 'U256',
  i8: 'I8',
  i16: 'I16',
  i32: 'I32',
  i64: 'I64',
  i128: 'I128',
  i256: 'I256',
};

/**
 * Builds the metadata's type registry from type expressions. Named types are
 * emitted once (recursion-safe: ids are reserved before contents); the outer
 * Call/Event/Error enums are supplied by the metadata builder through `special`.
 */
export class PortableBuilder {
  readonly types: PortableType[] = [];
  private readonly memo = new Map<string, number>();

  constructor(
    private readonly registry: TypeRegistry,
    private readonly special: (name: string, b: PortableBuilder) => number | undefined,
  ) {}

  reserve(key?: string): number {
    const id = this.types.length;
    this.types.push({ id, type: { path: [], params: [], def: { Tuple: [] }, docs: [] } });
    if (key) this.memo.set(key, id);
    return id;
  }

  set(id: number, type: PortableType['type']): number {
    this.types[id] = { id, type };
    return id;
  }

  add(type: PortableType['type'], key?: string): number {
    if (key && this.memo.has(key)) return this.memo.get(key)!;
    return this.set(this.reserve(key), type);
  }

  memoized(key: string): number | undefined {
    return this.memo.get(key);
  }

  /** Type id of a type expression. */
  id(expr: string | TypeNode): number {
    const node = typeof expr === 'string' ? parseTypeExpr(expr) : expr;
    const key = typeNodeToString(node);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    switch (node.kind) {
      case 'compact': {
        const id = this.reserve(key);
        return this.set(id, { path: [], params: [], def: { Compact: { type: this.id(node.inner) } }, docs: [] });
      }
      case 'vec': {
        const id = this.reserve(key);
        if (node.set) {
          // scale-info's BTreeSet: a composite over the sequence of its items
          const inner = this.id(node.inner);
          const seq = this.id({ kind: 'vec', inner: node.inner });
          return this.set(id, { path: ['BTreeSet'], params: [{ name: 'T', type: inner }], def: { Composite: { fields: [field(null, seq)] } }, docs: [] });
        }
        return this.set(id, { path: [], params: [], def: { Sequence: { type: this.id(node.inner) } }, docs: [] });
      }
      case 'array': {
        const id = this.reserve(key);
        return this.set(id, { path: [], params: [], def: { Array: { len: node.len, type: this.id(node.inner) } }, docs: [] });
      }
      case 'tuple': {
        const id = this.reserve(key);
        return this.set(id, { path: [], params: [], def: { Tuple: node.items.map((i) => this.id(i)) }, docs: [] });
      }
      case 'option': {
        const id = this.reserve(key);
        const inner = this.id(node.inner);
        return this.set(id, {
          path: ['Option'],
          params: [{ name: 'T', type: inner }],
          def: {
            Variant: {
              variants: [
                { name: 'None', fields: [], index: 0, docs: [] },
                { name: 'Some', fields: [field(null, inner)], index: 1, docs: [] },
              ],
            },
          },
          docs: [],
        });
      }
      case 'result': {
        const id = this.reserve(key);
        const ok = this.id(node.ok);
        const err = this.id(node.err);
        return this.set(id, {
          path: ['Result'],
          params: [
            { name: 'T', type: ok },
            { name: 'E', type: err },
          ],
          def: {
            Variant: {
              variants: [
                { name: 'Ok', fields: [field(null, ok)], index: 0, docs: [] },
                { name: 'Err', fields: [field(null, err)], index: 1, docs: [] },
              ],
            },
          },
          docs: [],
        });
      }
      case 'named':
        return this.named(node.name, key);
    }
  }

  private named(name: string, key: string): number {
    const prim = PRIMITIVE_DEF[name];
    if (prim) return this.add({ path: [], params: [], def: { Primitive: prim }, docs: [] }, key);
    const special = this.special(name, this);
    if (special !== undefined) {
      this.memo.set(key, special);
      return special;
    }
    const def = this.registry.types.get(name);
    if (!def) throw new SubnetError('DEVNET_UNKNOWN_TYPE', `metadata: unknown type '${name}'`);
    if ('alias' in def) {
      const id = this.id(def.alias);
      this.memo.set(key, id);
      return id;
    }
    const id = this.reserve(key);
    return this.set(id, this.customType(def));
  }

  private customType(def: Exclude<CustomType, { alias: string }>): PortableType['type'] {
    const params = (def.params ?? []).map((p) => ({ name: p.name, type: p.type ? this.id(p.type) : null }));
    const docs = def.docs ?? [];
    if ('newtype' in def) {
      return { path: def.path, params, def: { Composite: { fields: [field(null, this.id(def.newtype), def.newtype)] } }, docs };
    }
    if ('struct' in def) {
      return {
        path: def.path,
        params,
        def: { Composite: { fields: Object.entries(def.struct).map(([n, t]) => field(n, this.id(t), t)) } },
        docs,
      };
    }
    return {
      path: def.path,
      params,
      def: {
        Variant: {
          variants: def.enum.map((v) => ({
            name: v.name,
            index: v.index,
            docs: v.docs ?? [],
            fields: v.type
              ? [field(null, this.id(v.type), v.type)]
              : v.types
                ? v.types.map((t) => field(null, this.id(t), t))
                : Object.entries(v.fields ?? {}).map(([n, t]) => field(n, this.id(t), t)),
          })),
        },
      },
      docs,
    };
  }
}

export function field(name: string | null, type: number, typeName: string | null = null, docs: string[] = []): SiField {
  return { name, type, typeName, docs };
}
