import type { PortableRegistry } from '@polkadot/types';
import type { Si1Field, Si1Type } from '@polkadot/types/interfaces';
import { SubnetError } from '../../core/errors.ts';

/** A field of a composite or of an enum variant; `name` is null for tuple-like fields. */
export interface TypeField {
  name: string | null;
  type: string;
}
/** The definition of a named type: a struct (`fields`), an enum (`variants`) or another name for a primitive (`alias`). */
export type NamedType =
  { alias: string } | { path: string; fields: TypeField[] } | { path: string; variants: { index: number; name: string; fields: TypeField[] }[] };

/**
 * Readable, stable type expressions for a runtime's portable type registry.
 *
 * Structural types are spelled as in Rust (`u16`, `Compact<u64>`, `Vec<u8>`,
 * `(u16, u64)`, `[u8; 32]`, `Option<T>`, `Result<T, E>`, `BTreeMap<K, V>`,
 * `BTreeSet<T>`); bounded collections and `Cow` are spelled as what they
 * encode as. Composites and enums go by the last segment of their Rust path
 * (`AccountId32`, `NetUid`); where two paths end alike, the crate's name in
 * PascalCase leads (`PalletBalancesCall`), and where one path is instantiated
 * with different parameters, the parameters follow (`PerDispatchClass<Weight>`).
 * substrate_fixed numbers go by their Rust alias (`I96F32`, `U64F64`).
 * A primitive field whose Rust type is a plain name (`netuid: NetUid` is a
 * u16 in the registry) keeps that name, with an `alias` entry, unless the
 * name stands for different primitives in different places.
 * Every named type an expression has used has its definition in `types`.
 */
export class TypeNames {
  readonly types = new Map<string, NamedType>();
  /** Names are worked out on first use: an instance's name spells its parameters, which may be named types too. */
  private readonly names = new Map<number, () => string>();
  private readonly exprs = new Map<number, string>();
  /** Field type names that always stand for the same primitive. */
  private readonly aliases = new Map<string, string>();

  constructor(private readonly lookup: PortableRegistry) {
    const named = lookup.types.filter((t) => isNamed(t.type) && !TRANSPARENT.has(lastSegment(t.type)));
    const fixed = new Map<number, string>();
    for (const t of named) {
      const f = this.fixedName(t.type);
      if (f) fixed.set(t.id.toNumber(), f);
    }
    const rest = named.filter((t) => !fixed.has(t.id.toNumber()));
    // which paths end alike, and which paths have several instances
    const pathsByLast = new Map<string, Set<string>>();
    const idsByPath = new Map<string, number[]>();
    for (const t of rest) {
      const path = pathOf(t.type);
      const last = lastSegment(t.type);
      pathsByLast.set(last, (pathsByLast.get(last) ?? new Set()).add(path));
      idsByPath.set(path, [...(idsByPath.get(path) ?? []), t.id.toNumber()]);
    }
    const baseOf = (ty: Si1Type): string => {
      const last = lastSegment(ty);
      const paths = pathsByLast.get(last)!;
      if (paths.size === 1) return last;
      const segs = ty.path.map(String);
      const crate = pascal(segs[0]) + last;
      const sameCrate = [...paths].filter((p) => pascal(p.split('::')[0]) + last === crate);
      return sameCrate.length === 1 ? crate : segs.map(pascal).join('');
    };
    for (const [id, name] of fixed) this.names.set(id, () => name);
    const primitivesByName = new Map<string, Set<string>>();
    for (const t of lookup.types) {
      const d = t.type.def;
      const fields = d.isComposite ? [...d.asComposite.fields] : d.isVariant ? d.asVariant.variants.flatMap((v) => [...v.fields]) : [];
      for (const f of fields) {
        const name = this.aliasName(f, t.type);
        const ty = lookup.getSiType(f.type);
        if (name && ty.def.isPrimitive) primitivesByName.set(name, (primitivesByName.get(name) ?? new Set()).add(ty.def.asPrimitive.type.toLowerCase()));
      }
    }
    for (const [name, prims] of primitivesByName) if (prims.size === 1) this.aliases.set(name, [...prims][0]);
    for (const t of rest) {
      const base = baseOf(t.type);
      // several instances: each is named by its concrete parameters; the phantom ones (no type) say nothing
      const params = idsByPath.get(pathOf(t.type))!.length === 1 ? [] : t.type.params.filter((p) => p.type.isSome).map((p) => p.type.unwrap().toNumber());
      this.names.set(t.id.toNumber(), () => (params.length ? `${base}<${params.map((p) => this.expr(p)).join(', ')}>` : base));
    }
  }

  /** The type expression of a registry type id. */
  expr(id: number): string {
    const hit = this.exprs.get(id);
    if (hit !== undefined) return hit;
    const named = this.names.get(id);
    if (!named) {
      const e = this.structural(this.lookup.getSiType(id));
      this.exprs.set(id, e);
      return e;
    }
    const name = named();
    this.exprs.set(id, name);
    this.define(id, name); // after caching: a type may contain itself (a call that batches calls)
    return name;
  }

  /** The type expression of a field of `owner` (a struct, or the enum whose variant holds it). */
  field(f: Si1Field, owner: Si1Type): TypeField {
    const name = f.name.isSome ? f.name.unwrap().toString() : null;
    const alias = this.aliasName(f, owner);
    const primitive = alias === undefined ? undefined : this.aliases.get(alias);
    if (alias === undefined || primitive === undefined || !this.lookup.getSiType(f.type).def.isPrimitive) return { name, type: this.expr(f.type.toNumber()) };
    this.set(alias, { alias: primitive });
    return { name, type: alias };
  }

  /** A field's Rust type name when it is a plain name and not a parameter of its owner (`NetUid`, not `T` or `T::Balance`). */
  private aliasName(f: Si1Field, owner: Si1Type): string | undefined {
    if (f.typeName.isNone) return undefined;
    const name = f.typeName.unwrap().toString();
    if (!/^[A-Z][A-Za-z0-9]+$/.test(name) || owner.params.some((p) => p.name.toString() === name)) return undefined;
    return name;
  }

  private structural(ty: Si1Type): string {
    const def = ty.def;
    const param = (i: number) => this.expr(ty.params[i].type.unwrap().toNumber());
    if (isNamed(ty)) {
      switch (lastSegment(ty)) {
        case 'Option':
          return `Option<${param(0)}>`;
        case 'Result':
          return `Result<${param(0)}, ${param(1)}>`;
        case 'BTreeMap':
        case 'BoundedBTreeMap':
          return `BTreeMap<${param(0)}, ${param(1)}>`;
        case 'BTreeSet':
        case 'BoundedBTreeSet':
          return `BTreeSet<${param(0)}>`;
        default:
          // bounded collections and Cow encode as their single field
          return this.expr(def.asComposite.fields[0].type.toNumber());
      }
    }
    if (def.isPrimitive) return def.asPrimitive.type.toLowerCase();
    if (def.isCompact) return `Compact<${this.expr(def.asCompact.type.toNumber())}>`;
    if (def.isSequence) return `Vec<${this.expr(def.asSequence.type.toNumber())}>`;
    if (def.isArray) return `[${this.expr(def.asArray.type.toNumber())}; ${def.asArray.len.toNumber()}]`;
    if (def.isTuple) {
      const items = def.asTuple.map((t) => this.expr(t.toNumber()));
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    if (def.isBitSequence) return `BitVec<${this.expr(def.asBitSequence.bitStoreType.toNumber())}, ${this.expr(def.asBitSequence.bitOrderType.toNumber())}>`;
    if (def.isComposite && def.asComposite.fields.length === 1) return this.expr(def.asComposite.fields[0].type.toNumber());
    throw new SubnetError('INTERFACE_TYPE_UNNAMED', `type ${ty.toString()} has no path and no structural spelling`);
  }

  /** `I96F32` for substrate_fixed::FixedI128<U32>: total bits from the name, fractional bits from the typenum parameter. */
  private fixedName(ty: Si1Type): string | undefined {
    const segs = ty.path.map(String);
    const m = /^Fixed([IU])(\d+)$/.exec(segs[segs.length - 1]);
    if (segs[0] !== 'substrate_fixed' || !m || ty.params.length !== 1 || ty.params[0].type.isNone) return undefined;
    const frac = this.typenum(ty.params[0].type.unwrap().toNumber());
    return `${m[1]}${Number(m[2]) - frac}F${frac}`;
  }

  /** The value of a typenum unsigned integer: UInt<U, B> = 2·U + B, UTerm = 0, B0/B1 = 0/1. */
  private typenum(id: number): number {
    const ty = this.lookup.getSiType(id);
    const last = lastSegment(ty);
    if (last === 'UTerm' || last === 'B0') return 0;
    if (last === 'B1') return 1;
    if (last === 'UInt') return 2 * this.typenum(ty.params[0].type.unwrap().toNumber()) + this.typenum(ty.params[1].type.unwrap().toNumber());
    throw new SubnetError('INTERFACE_TYPE_UNNAMED', `unexpected typenum ${pathOf(ty)}`);
  }

  private define(id: number, name: string): void {
    const ty = this.lookup.getSiType(id);
    const field = (f: Si1Field) => this.field(f, ty);
    const def: NamedType = ty.def.isVariant
      ? {
          path: pathOf(ty),
          variants: ty.def.asVariant.variants.map((v) => ({ index: v.index.toNumber(), name: v.name.toString(), fields: v.fields.map(field) })),
        }
      : { path: pathOf(ty), fields: ty.def.asComposite.fields.map(field) };
    this.set(name, def);
  }

  private set(name: string, def: NamedType): void {
    const seen = this.types.get(name);
    if (seen && JSON.stringify(seen) !== JSON.stringify(def)) {
      throw new SubnetError('INTERFACE_TYPE_NAME_CLASH', `two different types would both be named ${name}`);
    }
    this.types.set(name, def);
  }
}

/** Types spelled as what they are or encode as, not by name. */
const TRANSPARENT = new Set(['Option', 'Result', 'BTreeMap', 'BTreeSet', 'BoundedBTreeMap', 'BoundedBTreeSet', 'BoundedVec', 'WeakBoundedVec', 'Cow']);

function isNamed(ty: Si1Type): boolean {
  return ty.path.length > 0 && (ty.def.isComposite || ty.def.isVariant);
}
function lastSegment(ty: Si1Type): string {
  return ty.path.length ? ty.path[ty.path.length - 1].toString() : '';
}
function pathOf(ty: Si1Type): string {
  return ty.path.map(String).join('::');
}
function pascal(segment: string): string {
  return segment
    .split('_')
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
}

/** Every named type the expressions reach, through struct fields, enum variants and aliases. */
export function reachableTypes(types: Record<string, NamedType>, exprs: string[]): Set<string> {
  const seen = new Set<string>();
  const walk = (expr: string) => {
    for (const name of expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
      const def = types[name];
      if (!def || seen.has(name)) continue;
      seen.add(name);
      if ('alias' in def) walk(def.alias);
      else if ('fields' in def) def.fields.forEach((f) => walk(f.type));
      else def.variants.forEach((v) => v.fields.forEach((f) => walk(f.type)));
    }
  };
  exprs.forEach(walk);
  return seen;
}
