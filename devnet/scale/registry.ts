import { SubnetError } from '../../core/errors.ts';
import type { CustomType } from './types.ts';
import { BUILTIN_TYPES, PRIMITIVES } from './builtins.ts';
import {
  arrayCodec,
  boolCodec,
  bytesCodec,
  type Codec,
  compactCodec,
  enumCodec,
  eraCodec,
  fixedBytesCodec,
  intCodec,
  isIntName,
  NOT_CANONICAL,
  optionCodec,
  resultCodec,
  structCodec,
  textCodec,
  tupleCodec,
  vecCodec,
} from './codec.ts';
import { parseTypeExpr, type TypeNode, typeNodeToString } from './type-expr.ts';

/**
 * Named types (builtins plus every pallet's `types`) and the codecs compiled
 * from type expressions. `buildRuntime` makes one per runtime and hands it to
 * what encodes or decodes: the runtime's calls and events, its storage items
 * (bound when it is built), the metadata builder and the node.
 */
export class TypeRegistry {
  readonly types = new Map<string, CustomType>(Object.entries(BUILTIN_TYPES));
  private readonly codecs = new Map<string, Codec>();
  private runtimeCall: Codec | undefined;
  private runtimeEvent: Codec | undefined;

  register(types: Record<string, CustomType>, owner: string): void {
    for (const [name, def] of Object.entries(types)) {
      const existing = this.types.get(name);
      if (existing && JSON.stringify(existing) !== JSON.stringify(def)) {
        throw new SubnetError('DEVNET_TYPE_CONFLICT', `type '${name}' registered by ${owner} conflicts with an existing definition`);
      }
      if (PRIMITIVES.has(name)) throw new SubnetError('DEVNET_TYPE_CONFLICT', `type '${name}' (${owner}) shadows a primitive`);
      this.types.set(name, def);
    }
  }

  /** The runtime's outer `Call` enum codec (set when a runtime is built). */
  setRuntimeCall(codec: Codec): void {
    this.runtimeCall = codec;
  }

  /** The runtime's outer `RuntimeEvent` enum codec. */
  setRuntimeEvent(codec: Codec): void {
    this.runtimeEvent = codec;
  }

  /** Follows aliases to the name that owns a definition (or a primitive / special name). */
  resolveAlias(name: string): TypeNode {
    let node: TypeNode = { kind: 'named', name };
    for (let i = 0; i < 32 && node.kind === 'named'; i++) {
      const def = this.types.get(node.name);
      if (!def || !('alias' in def)) return node;
      node = parseTypeExpr(def.alias);
    }
    return node;
  }

  codec<T = unknown>(expr: string | TypeNode): Codec<T> {
    const node = typeof expr === 'string' ? parseTypeExpr(expr) : expr;
    const key = typeNodeToString(node);
    let c = this.codecs.get(key);
    if (!c) {
      c = this.compile(node);
      this.codecs.set(key, c);
    }
    return c as Codec<T>;
  }

  /** Resolvers of lazy wrappers: a wrapper over a wrapper (a newtype's codec) binds to the codec underneath. */
  private readonly lazyTargets = new WeakMap<Codec, () => Codec>();

  private lazy(node: TypeNode): Codec {
    // defers compilation so that recursive types (Call inside Call) resolve
    const wrapper: Codec = {
      encodeTo: (w, v) => resolve().encodeTo(w, v),
      decode: (r) => resolve().decode(r),
      zero: () => resolve().zero(),
      canonical: (v) => {
        const inner = resolve();
        return inner.canonical ? inner.canonical(v) : NOT_CANONICAL;
      },
    };
    let target: Codec | undefined;
    const resolve = (): Codec => {
      if (target) return target;
      const compiled = this.codec(node);
      // a newtype compiles to another lazy wrapper: bind to what that one resolves to, or every
      // call would go through its forwarding closure (and the registry lookup) again
      const inner = this.lazyTargets.get(compiled)?.() ?? compiled;
      target = inner;
      // once compiled, calls go straight to the codec: the forwarding layer showed in block profiles
      wrapper.encodeTo = inner.encodeTo.bind(inner);
      wrapper.decode = inner.decode.bind(inner);
      wrapper.zero = inner.zero.bind(inner);
      wrapper.canonical = inner.canonical ? inner.canonical.bind(inner) : () => NOT_CANONICAL;
      return inner;
    };
    this.lazyTargets.set(wrapper, resolve);
    return wrapper;
  }

  private compile(node: TypeNode): Codec {
    switch (node.kind) {
      case 'compact': {
        const inner = this.resolveAlias(typeNodeToString(node.inner));
        // parity-scale-codec encodes `Compact<()>` (MultiAddress's index where a runtime has no indices) as nothing
        if (inner.kind === 'tuple' && inner.items.length === 0) return this.compile(inner);
        const base = inner.kind === 'named' ? this.newtypeBase(inner.name) : undefined;
        if (!base || !isIntName(base) || base.startsWith('i')) {
          throw new SubnetError('DEVNET_TYPE_EXPR', `Compact<${typeNodeToString(node.inner)}> needs an unsigned integer`);
        }
        return compactCodec(base);
      }
      case 'vec': {
        const inner = this.resolveAlias(typeNodeToString(node.inner));
        if (inner.kind === 'named' && inner.name === 'u8') return bytesCodec;
        return vecCodec(this.lazy(node.inner));
      }
      case 'array': {
        const inner = this.resolveAlias(typeNodeToString(node.inner));
        if (inner.kind === 'named' && inner.name === 'u8') return fixedBytesCodec(node.len);
        return arrayCodec(this.lazy(node.inner), node.len);
      }
      case 'tuple':
        return tupleCodec(node.items.map((i) => this.lazy(i)));
      case 'option':
        // Rust's Option<bool> uses the generic encoding (only `OptionBool` packs it in one byte)
        return optionCodec(this.lazy(node.inner), false);
      case 'result':
        return resultCodec(this.lazy(node.ok), this.lazy(node.err));
      case 'named':
        return this.compileNamed(node.name);
    }
  }

  /** For `Compact<NetUid>`: the integer a newtype wraps. */
  private newtypeBase(name: string): string | undefined {
    if (isIntName(name)) return name;
    const def = this.types.get(name);
    if (def && 'newtype' in def) {
      const inner = this.resolveAlias(def.newtype);
      return inner.kind === 'named' ? this.newtypeBase(inner.name) : undefined;
    }
    return undefined;
  }

  private compileNamed(name: string): Codec {
    if (isIntName(name)) return intCodec(name);
    if (name === 'bool') return boolCodec;
    if (name === 'str') return textCodec;
    if (name === 'char') return intCodec('u32');
    if (name === 'Era') return eraCodec as Codec;
    // an opaque extrinsic (`UncheckedExtrinsic`): SCALE Vec<u8> of the v4 bytes
    if (name === 'Extrinsic') return bytesCodec;
    if (name === 'Call' || name === 'RuntimeCall') {
      return {
        encodeTo: (w, v) => this.requireCall().encodeTo(w, v),
        decode: (r) => this.requireCall().decode(r),
        zero: () => this.requireCall().zero(),
      };
    }
    if (name === 'RuntimeEvent') {
      const need = () => {
        if (!this.runtimeEvent) throw new SubnetError('DEVNET_NO_RUNTIME', 'RuntimeEvent is only available once a runtime is built');
        return this.runtimeEvent;
      };
      return { encodeTo: (w, v) => need().encodeTo(w, v), decode: (r) => need().decode(r), zero: () => need().zero() };
    }
    const def = this.types.get(name);
    if (!def) throw new SubnetError('DEVNET_UNKNOWN_TYPE', `unknown type '${name}': register it in a pallet's \`types\``);
    if ('alias' in def) return this.codec(def.alias);
    if ('newtype' in def) return this.lazy(parseTypeExpr(def.newtype));
    if ('struct' in def) {
      return structCodec(
        Object.entries(def.struct).map(([f, t]) => [f, this.lazy(parseTypeExpr(t))] as [string, Codec]),
        name,
      );
    }
    return enumCodec(
      def.enum.map((v) => ({
        name: v.name,
        index: v.index,
        codec: v.type
          ? this.lazy(parseTypeExpr(v.type))
          : v.types
            ? this.lazy(parseTypeExpr(`(${v.types.join(', ')})`))
            : v.fields
              ? structCodec(
                  Object.entries(v.fields).map(([f, t]) => [f, this.lazy(parseTypeExpr(t))] as [string, Codec]),
                  `${name}::${v.name}`,
                )
              : undefined,
      })),
      name,
    );
  }

  private requireCall(): Codec {
    if (!this.runtimeCall) throw new SubnetError('DEVNET_NO_RUNTIME', 'the Call type is only available once a runtime is built');
    return this.runtimeCall;
  }
}
