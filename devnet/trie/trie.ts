import type { Hex } from '../pallet.ts';
import { blake2_256 } from './blake2.ts';
import { commonPrefix, keyNibbles, NIBBLE_CHARS, type Nibbles, nibbleAt } from './nibbles.ts';
import { EMPTY_NODE, encodeNode, encodeNodeTransient, HASH_LENGTH, type NodeParts, type NodeValue } from './node-codec.ts';

/**
 * sp-trie's layouts: `LayoutV1` stores values of 33 bytes or more (`TRIE_VALUE_NODE_THRESHOLD`)
 * as their blake2-256 hash (the value becomes a separate node of the database); `LayoutV0`
 * always inlines them.
 */
export interface TrieLayout {
  readonly name: 'V0' | 'V1';
  /** values at least this long are hashed; undefined: never */
  readonly maxInlineValue?: number;
}
export const LAYOUT_V0: TrieLayout = { name: 'V0' };
export const LAYOUT_V1: TrieLayout = { name: 'V1', maxInlineValue: 33 };

/**
 * A node of the in-memory trie. Nodes are shared between tries (a new block's trie copies only the
 * paths its changes touch), so a node is immutable once its generation is over; within the `with()`
 * call that created it (`gen`) it is changed in place, so that a batch copies each node once.
 * `ref` caches the node's reference in its parent (its hash, or its encoding when under 32 bytes);
 * full encodings are rebuilt for proofs only.
 */
export interface TrieNode {
  partial: Nibbles;
  value: Uint8Array | undefined;
  /** 16 slots for a branch; undefined for a leaf */
  children: (TrieNode | undefined)[] | undefined;
  gen: number;
  ref: Uint8Array | undefined;
  valueHash: Uint8Array | undefined;
}

let generation = 0;
const UNCHANGED = Symbol('unchanged');

function leaf(partial: Nibbles, value: Uint8Array, gen: number): TrieNode {
  return { partial, value, children: undefined, gen, ref: undefined, valueHash: undefined };
}

/** `node` writable in generation `gen`: itself when created in it, else a copy (children shared). */
function own(node: TrieNode, gen: number): TrieNode {
  if (node.gen === gen) {
    node.ref = undefined;
    return node;
  }
  return { partial: node.partial, value: node.value, children: node.children?.slice(), gen, ref: undefined, valueHash: node.valueHash };
}

function insert(node: TrieNode | undefined, key: Nibbles, at: number, value: Uint8Array, gen: number): TrieNode {
  if (node === undefined) return leaf(key.slice(at), value, gen);
  const p = node.partial;
  const common = commonPrefix(p, key, at);
  if (common < p.length) {
    // the key leaves this node's partial key: a branch at the divergence takes its place
    const branch: TrieNode = { partial: p.slice(0, common), value: undefined, children: new Array(16), gen, ref: undefined, valueHash: undefined };
    const moved = own(node, gen);
    moved.partial = p.slice(common + 1);
    branch.children![nibbleAt(p, common)] = moved;
    const pos = at + common;
    if (pos === key.length) branch.value = value;
    else branch.children![nibbleAt(key, pos)] = leaf(key.slice(pos + 1), value, gen);
    return branch;
  }
  const n = own(node, gen);
  const pos = at + p.length;
  if (pos === key.length) {
    n.value = value;
    n.valueHash = undefined;
    return n;
  }
  n.children ??= new Array(16);
  const i = nibbleAt(key, pos);
  n.children[i] = insert(n.children[i], key, pos + 1, value, gen);
  return n;
}

/** Restores the trie's shape after a removal below or at the owned node `n`. */
function compact(n: TrieNode, gen: number): TrieNode | undefined {
  let count = 0;
  let only = -1;
  for (let i = 0; i < 16; i++) {
    if (n.children![i]) {
      count++;
      only = i;
    }
  }
  if (count === 0) {
    if (n.value === undefined) return undefined;
    n.children = undefined;
    return n;
  }
  if (count === 1 && n.value === undefined) {
    // a branch with one child and no value merges into that child
    const child = own(n.children![only]!, gen);
    child.partial = n.partial + NIBBLE_CHARS[only] + child.partial;
    return child;
  }
  return n;
}

function remove(node: TrieNode | undefined, key: Nibbles, at: number, gen: number): TrieNode | undefined | typeof UNCHANGED {
  if (node === undefined || !key.startsWith(node.partial, at)) return UNCHANGED;
  const pos = at + node.partial.length;
  if (pos === key.length) {
    if (node.value === undefined) return UNCHANGED;
    if (!node.children) return undefined;
    const n = own(node, gen);
    n.value = undefined;
    n.valueHash = undefined;
    return compact(n, gen);
  }
  if (!node.children) return UNCHANGED;
  const i = nibbleAt(key, pos);
  const child = remove(node.children[i], key, pos + 1, gen);
  if (child === UNCHANGED) return UNCHANGED;
  const n = own(node, gen);
  n.children![i] = child;
  return compact(n, gen);
}

/**
 * Substrate's base-16 Patricia-Merkle trie (no extension nodes) over byte keys, in memory, with
 * each node's reference (its hash, or its encoding when inline) cached. A `Trie` is an immutable
 * value: `with(changes)` returns
 * a new trie that shares every untouched subtree (and its cached hashes) with this one, so the
 * root after a block costs the hashes of the changed paths only, and older tries stay valid for
 * proofs at older blocks.
 */
export class Trie {
  private rootHash: Uint8Array | undefined;

  private constructor(
    readonly layout: TrieLayout,
    /** the root node; undefined for the empty trie */
    readonly top: TrieNode | undefined,
  ) {}

  static empty(layout: TrieLayout = LAYOUT_V1): Trie {
    return new Trie(layout, undefined);
  }

  static fromEntries(entries: Iterable<readonly [Hex | string, Uint8Array]>, layout: TrieLayout = LAYOUT_V1): Trie {
    return Trie.empty(layout).with(entries);
  }

  /** This trie with `changes` applied (a null or undefined value removes the key). */
  with(changes: Iterable<readonly [Hex | string, Uint8Array | null | undefined]>): Trie {
    const gen = ++generation;
    let top = this.top;
    for (const [key, value] of changes) {
      const path = keyNibbles(key);
      if (value === null || value === undefined) {
        const r = remove(top, path, 0, gen);
        if (r !== UNCHANGED) top = r;
      } else top = insert(top, path, 0, value, gen);
    }
    return new Trie(this.layout, top);
  }

  get(key: Hex | string): Uint8Array | undefined {
    const path = keyNibbles(key);
    let node = this.top;
    let at = 0;
    while (node) {
      if (!path.startsWith(node.partial, at)) return undefined;
      const pos = at + node.partial.length;
      if (pos === path.length) return node.value;
      node = node.children?.[nibbleAt(path, pos)];
      at = pos + 1;
    }
    return undefined;
  }

  /**
   * The Merkle value of the closest descendant of `prefix` (the node with the shortest key that
   * starts with it), as `chainHead_v1_storage`'s `closestDescendantMerkleValue` wants it: the
   * node's hash, or its encoding when shorter than 32 bytes; for the root node, the root hash.
   * Undefined when no key starts with `prefix`.
   */
  closestDescendantMerkleValue(prefix: Hex | string): Uint8Array | undefined {
    const path = keyNibbles(prefix);
    let node = this.top;
    let at = 0;
    while (node) {
      const p = node.partial;
      if (path.length - at <= p.length) {
        if (!p.startsWith(path.slice(at))) return undefined;
        return node === this.top ? this.root() : this.reference(node);
      }
      if (!path.startsWith(p, at)) return undefined;
      const pos = at + p.length;
      node = node.children?.[nibbleAt(path, pos)];
      at = pos + 1;
    }
    return undefined;
  }

  /** Whether the layout stores `value` as a hash (a separate value node). */
  isHashedValue(value: Uint8Array): boolean {
    return this.layout.maxInlineValue !== undefined && value.length >= this.layout.maxInlineValue;
  }

  /** The node's parts as its encoding has them (children as their references). */
  private parts(node: TrieNode): NodeParts {
    let value: NodeValue | undefined;
    if (node.value !== undefined) value = this.isHashedValue(node.value) ? { hashed: (node.valueHash ??= blake2_256(node.value)) } : { inline: node.value };
    let children: (Uint8Array | undefined)[] | undefined;
    if (node.children) {
      children = new Array<Uint8Array | undefined>(16);
      for (let i = 0; i < 16; i++) {
        const c = node.children[i];
        if (c) children[i] = this.reference(c);
      }
    }
    return { partial: node.partial, value, children };
  }

  /** The node's encoding. */
  encoding(node: TrieNode): Uint8Array {
    return encodeNode(this.parts(node));
  }

  /** The node's reference in its parent: its encoding when under 32 bytes, else its hash (cached). */
  reference(node: TrieNode): Uint8Array {
    if (node.ref) return node.ref;
    const e = encodeNodeTransient(this.parts(node));
    return (node.ref = e.length < HASH_LENGTH ? e.slice() : blake2_256(e));
  }

  /** The root hash: blake2-256 of the root node's encoding (of `0x00` when empty). */
  root(): Uint8Array {
    if (this.rootHash) return this.rootHash;
    if (!this.top) return (this.rootHash = blake2_256(EMPTY_NODE));
    // a reference is the hash of the encoding, unless the encoding is short enough to be inline
    const ref = this.reference(this.top);
    return (this.rootHash = ref.length === HASH_LENGTH ? ref : blake2_256(ref));
  }

  rootHex(): Hex {
    return `0x${Buffer.from(this.root()).toString('hex')}` as Hex;
  }
}
