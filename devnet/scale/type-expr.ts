import { SubnetError } from '../../core/errors.ts';

/** Parsed form of a polkadot-js type expression. */
export type TypeNode =
  | { kind: 'named'; name: string }
  | { kind: 'compact'; inner: TypeNode }
  /** `set`: a `BTreeSet<T>`, which encodes as the sorted `Vec<T>` but is its own type in the metadata */
  | { kind: 'vec'; inner: TypeNode; set?: true }
  | { kind: 'array'; inner: TypeNode; len: number }
  | { kind: 'tuple'; items: TypeNode[] }
  | { kind: 'option'; inner: TypeNode }
  | { kind: 'result'; ok: TypeNode; err: TypeNode };

const cache = new Map<string, TypeNode>();

/**
 * Parses `Vec<(u16, Compact<u64>)>`, `[u8; 32]`, `Option<T>`, `Result<(), E>`,
 * `Box<Call>` (Box is transparent), `Bytes` (= `Vec<u8>`), `BTreeSet<T>` and names.
 */
export function parseTypeExpr(expr: string): TypeNode {
  const hit = cache.get(expr);
  if (hit) return hit;
  const p = new Parser(expr);
  const node = p.parseType();
  p.skipWs();
  if (p.pos !== expr.length) throw p.error('trailing characters');
  cache.set(expr, node);
  return node;
}

/** Canonical text of a node (used as a cache key and in metadata type names). */
export function typeNodeToString(n: TypeNode): string {
  switch (n.kind) {
    case 'named':
      return n.name;
    case 'compact':
      return `Compact<${typeNodeToString(n.inner)}>`;
    case 'vec':
      return `${n.set ? 'BTreeSet' : 'Vec'}<${typeNodeToString(n.inner)}>`;
    case 'array':
      return `[${typeNodeToString(n.inner)}; ${n.len}]`;
    case 'tuple':
      return `(${n.items.map(typeNodeToString).join(', ')})`;
    case 'option':
      return `Option<${typeNodeToString(n.inner)}>`;
    case 'result':
      return `Result<${typeNodeToString(n.ok)}, ${typeNodeToString(n.err)}>`;
  }
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  error(what: string): SubnetError {
    return new SubnetError('DEVNET_TYPE_EXPR', `cannot parse type expression '${this.src}' at ${this.pos}: ${what}`);
  }

  skipWs(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  eat(ch: string): boolean {
    this.skipWs();
    if (this.src[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  expect(ch: string): void {
    if (!this.eat(ch)) throw this.error(`expected '${ch}'`);
  }

  ident(): string {
    this.skipWs();
    const m = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/.exec(this.src.slice(this.pos));
    if (!m) throw this.error('expected a type name');
    this.pos += m[0].length;
    // `T::Balance`, `frame_system::AccountInfo`: the last segment names the type
    const parts = m[0].split('::');
    return parts[parts.length - 1];
  }

  parseType(): TypeNode {
    this.skipWs();
    if (this.eat('(')) {
      const items: TypeNode[] = [];
      if (!this.eat(')')) {
        do items.push(this.parseType());
        while (this.eat(','));
        this.expect(')');
      }
      return { kind: 'tuple', items };
    }
    if (this.eat('[')) {
      const inner = this.parseType();
      this.expect(';');
      this.skipWs();
      const m = /^\d+/.exec(this.src.slice(this.pos));
      if (!m) throw this.error('expected an array length');
      this.pos += m[0].length;
      this.expect(']');
      return { kind: 'array', inner, len: Number(m[0]) };
    }
    const name = this.ident();
    if (this.eat('<')) {
      const params: TypeNode[] = [];
      do params.push(this.parseType());
      while (this.eat(','));
      this.expect('>');
      return generic(name, params, this);
    }
    if (name === 'Bytes') return { kind: 'vec', inner: { kind: 'named', name: 'u8' } };
    if (name === 'Null') return { kind: 'tuple', items: [] };
    return { kind: 'named', name };
  }
}

function generic(name: string, params: TypeNode[], p: Parser): TypeNode {
  const one = () => {
    if (params.length !== 1) throw p.error(`${name} takes one type parameter`);
    return params[0];
  };
  switch (name) {
    case 'Compact':
      return { kind: 'compact', inner: one() };
    case 'Vec':
    case 'BoundedVec':
    case 'WeakBoundedVec':
      return { kind: 'vec', inner: params[0] };
    case 'BTreeSet':
      return { kind: 'vec', inner: one(), set: true };
    case 'Option':
      return { kind: 'option', inner: one() };
    case 'Box':
      return one();
    case 'Result':
      if (params.length !== 2) throw p.error('Result takes two type parameters');
      return { kind: 'result', ok: params[0], err: params[1] };
    default:
      throw p.error(`unknown generic type ${name}<...>`);
  }
}
