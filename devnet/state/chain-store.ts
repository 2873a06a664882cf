import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { hexToU8a } from '@polkadot/util';
import { SubnetError } from '../../core/errors.ts';
import type { BlockRecord } from '../block/header.ts';
import type { Hex } from '../scale/types.ts';
import type { StateReader } from './types.ts';
import { decodeBody, encodeBody } from '../block/body.ts';
import { storagePrefixHex } from '../storage/hashing.ts';
import { Trie } from '../trie/trie.ts';
import { MemoryState } from './memory-state.ts';

/** How many recent blocks keep their state readable (journals of previous values). */
export const HISTORY_BLOCKS = 1200;
/** How many recent blocks keep their state trie in memory (older ones are rebuilt for a read proof). */
const RECENT_TRIES = 32;

export type Changes = Map<Hex, Uint8Array | null>;

/**
 * 3: the body of block n is stored as bytes (SCALE `Vec<Extrinsic>`) under `x:<n>`, the
 * `b:<n>` record holds hash and header only. 2: System.Events of block n is stored once, as
 * bytes, under `e:<n>` (empty = none), and a journal refers to it (`[key, null, n]`) instead
 * of holding a copy. 1: Events as any other key, extrinsics as hex in `b:<n>`. Older stores
 * are read as they are and continue in the current schema.
 */
const SCHEMA = 3;
const READABLE_SCHEMAS = new Set([1, 2, 3]);
const pad = (n: number) => n.toString().padStart(10, '0');
/** System.Events: the one big value every block rewrites. */
const EVENTS_KEY = storagePrefixHex('System', 'Events');
const EMPTY = new Uint8Array(0);

type Op = { type: 'put' | 'del'; key: string; value?: string | Uint8Array; valueEncoding?: 'view' };
/** A journal entry on disk: key, previous value (hex) or null, or the block whose `e:` entry holds it. */
type JournalEntry = [Hex, Hex | null] | [Hex, null, number];
// Same text as @polkadot/util's u8aToHex, several times faster: every changed value of a block goes through it.
const u8aToHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;

/**
 * Blocks and state in LevelDB (classic-level). Each block is one atomic batch:
 * its state changes, the block, its hash index, its journal (previous values,
 * for historical reads) and the head pointer. After `kill -9` the store opens
 * at the last complete block. The current state lives in memory.
 */
export class ChainStore {
  readonly state = new MemoryState();
  /**
   * The head state's trie (sp-trie LayoutV1), in step with `state`: rebuilt from it at start-up,
   * so nothing of it is stored. Tries of recent blocks share their unchanged nodes with it.
   */
  trie: Trie = Trie.empty();
  private readonly tries = new Map<number, Trie>();
  private rebuilt: { number: number; trie: Trie } | undefined;
  private readonly journals = new Map<number, Changes>();
  private readonly recent = new Map<number, BlockRecord>();
  private readonly recentByHash = new Map<Hex, number>();
  /** the block whose `e:` entry holds the current System.Events (undefined: none written in schema 2 yet) */
  private eventsStoredAt: number | undefined;
  head!: BlockRecord;
  genesisHash!: Hex;

  private constructor(private readonly db: ClassicLevel<string, string>) {}

  static async open(dir: string, options: { reset?: boolean } = {}): Promise<ChainStore> {
    if (options.reset) {
      await assertNotInUse(dir);
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(dir, { recursive: true });
    const db = new ClassicLevel<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (err) {
      throw new SubnetError('DEVNET_DB_OPEN', `cannot open the devnet database in ${dir} (is another devnet using it?)`, { cause: err });
    }
    const store = new ChainStore(db);
    await store.load();
    return store;
  }

  /** True when the database holds a chain. */
  get initialized(): boolean {
    return this.head !== undefined;
  }

  private async load(): Promise<void> {
    const headJson = await this.db.get('meta:head');
    if (headJson === undefined) return;
    const schema = Number(await this.db.get('meta:schema'));
    if (!READABLE_SCHEMAS.has(schema)) {
      throw new SubnetError(
        'DEVNET_DB_SCHEMA',
        `devnet database schema ${schema} is not one this devnet reads (${[...READABLE_SCHEMAS].join(', ')}); start with --reset`,
      );
    }
    const head = JSON.parse(headJson) as { number: number };
    for await (const [k, v] of this.db.iterator({ gte: 's:', lt: 's;' })) this.state.put(k.slice(2) as Hex, hexToU8a(v));
    this.genesisHash = (await this.db.get('meta:genesis')) as Hex;
    const from = Math.max(0, head.number - HISTORY_BLOCKS + 1);
    // Events of the blocks the journals refer to (from - 1 on), and of the head
    const events = new Map<number, Uint8Array>();
    for await (const [k, v] of this.db.iterator<string, Uint8Array>({
      gte: `e:${pad(Math.max(0, from - 1))}`,
      lte: `e:${pad(head.number)}`,
      valueEncoding: 'view',
    })) {
      // LevelDB hands out Buffers; state values are plain Uint8Arrays (Buffer#slice would not copy)
      events.set(Number(k.slice(2)), new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    const latest = events.size ? Math.max(...events.keys()) : undefined;
    if (latest !== undefined) {
      this.eventsStoredAt = latest;
      const v = events.get(latest)!;
      if (v.length) this.state.put(EVENTS_KEY, v);
      else this.state.del(EVENTS_KEY);
    }
    for await (const [k, v] of this.db.iterator({ gte: `j:${pad(from)}`, lte: `j:${pad(head.number)}` })) {
      const n = Number(k.slice(2));
      const entries = JSON.parse(v) as JournalEntry[];
      this.journals.set(
        n,
        new Map(
          entries.map(([key, prev, at]) => {
            if (at === undefined) return [key, prev === null ? null : hexToU8a(prev)];
            const stored = events.get(at);
            if (stored === undefined)
              throw new SubnetError(
                'DEVNET_DB_CORRUPT',
                `devnet database: the journal of block ${n} refers to the events of block ${at}, which are missing; start with --reset`,
              );
            return [key, stored.length ? stored : null];
          }),
        ),
      );
    }
    const bodies = new Map<number, Uint8Array>();
    for await (const [k, v] of this.db.iterator<string, Uint8Array>({ gte: `x:${pad(from)}`, lte: `x:${pad(head.number)}`, valueEncoding: 'view' })) {
      bodies.set(Number(k.slice(2)), v);
    }
    for await (const [k, v] of this.db.iterator({ gte: `b:${pad(from)}`, lte: `b:${pad(head.number)}` })) {
      const n = Number(k.slice(2));
      this.remember(n, this.blockFromStore(n, v, bodies.get(n)));
    }
    const top = this.recent.get(head.number);
    if (!top) throw new SubnetError('DEVNET_DB_CORRUPT', `devnet database head block ${head.number} is missing; start with --reset`);
    this.head = top;
    this.setTrie(head.number, Trie.fromEntries(this.state.entries()));
  }

  private remember(number: number, block: BlockRecord): void {
    this.recent.set(number, block);
    this.recentByHash.set(block.hash, number);
    const old = number - HISTORY_BLOCKS;
    const gone = this.recent.get(old);
    if (gone) {
      this.recent.delete(old);
      this.recentByHash.delete(gone.hash);
    }
    this.journals.delete(old);
  }

  private setTrie(n: number, trie: Trie): void {
    this.trie = trie;
    this.tries.set(n, trie);
    this.tries.delete(n - RECENT_TRIES);
  }

  /** Writes the genesis block and state (one batch); `trie`: the genesis state's trie when the caller built it. */
  async writeGenesis(block: BlockRecord, changes: Changes, trie?: Trie): Promise<void> {
    const ops: Op[] = [];
    this.pushStateOps(ops, 0, changes);
    ops.push({ type: 'put', key: 'meta:schema', value: String(SCHEMA) });
    ops.push({ type: 'put', key: 'meta:genesis', value: block.hash });
    this.pushBlockOps(ops, block, new Map());
    await this.db.batch(ops as never);
    this.eventsStoredAt = 0;
    this.state.apply(changes);
    this.setTrie(0, trie ?? Trie.empty().with(changes));
    this.genesisHash = block.hash;
    this.journals.set(0, new Map());
    this.remember(0, block);
    this.head = block;
  }

  /**
   * State changes of block `n` (or a patch of head `n`). System.Events goes to `e:<n>` as
   * bytes, every block: the journals of later blocks refer to it rather than copy it.
   */
  private pushStateOps(ops: Op[], n: number, changes: Changes): void {
    for (const [k, v] of changes) {
      if (k === EVENTS_KEY) continue;
      if (v === null) ops.push({ type: 'del', key: `s:${k}` });
      else ops.push({ type: 'put', key: `s:${k}`, value: u8aToHex(v) });
    }
    const events = changes.has(EVENTS_KEY) ? changes.get(EVENTS_KEY) : this.state.get(EVENTS_KEY);
    ops.push({ type: 'put', key: `e:${pad(n)}`, value: events ?? EMPTY, valueEncoding: 'view' });
    // a schema 1 store kept Events under s:, which e: entries now supersede
    if (this.eventsStoredAt === undefined) ops.push({ type: 'del', key: `s:${EVENTS_KEY}` });
  }

  /** The journal of block `n` as stored: Events' previous value by reference when block n - 1 stored it. */
  private journalJson(n: number, journal: Changes): string {
    const entries: JournalEntry[] = [];
    for (const [k, v] of journal) {
      if (k === EVENTS_KEY && v !== null && this.eventsStoredAt === n - 1) entries.push([k, null, n - 1]);
      else entries.push([k, v === null ? null : (u8aToHex(v) as Hex)]);
    }
    return JSON.stringify(entries);
  }

  /** A block as stored: `b:<n>` with hash and header, and (schema 3) its body from `x:<n>`. */
  private blockFromStore(n: number, json: string, body: Uint8Array | undefined): BlockRecord {
    const stored = JSON.parse(json) as Omit<BlockRecord, 'extrinsics'> & { extrinsics?: Hex[] };
    if (stored.extrinsics) return stored as BlockRecord;
    if (!body) throw new SubnetError('DEVNET_DB_CORRUPT', `devnet database: the body of block ${n} is missing; start with --reset`);
    return { ...stored, extrinsics: decodeBody(body) };
  }

  private pushBlockOps(ops: Op[], block: BlockRecord, journal: Changes, body?: Uint8Array): void {
    const n = block.header.number;
    // the body as bytes: half the size of hex, and no JSON text of it to build
    ops.push({ type: 'put', key: `b:${pad(n)}`, value: JSON.stringify({ hash: block.hash, header: block.header }) });
    ops.push({
      type: 'put',
      key: `x:${pad(n)}`,
      value: body ?? encodeBody(block.extrinsics.map((x) => Buffer.from(x.slice(2), 'hex'))),
      valueEncoding: 'view',
    });
    ops.push({ type: 'put', key: `h:${block.hash}`, value: String(n) });
    ops.push({ type: 'put', key: `j:${pad(n)}`, value: this.journalJson(n, journal) });
    if (n >= HISTORY_BLOCKS) ops.push({ type: 'del', key: `j:${pad(n - HISTORY_BLOCKS)}` });
    // the oldest kept journal (n - HISTORY_BLOCKS + 1) refers to the events of the block before it
    if (n > HISTORY_BLOCKS) ops.push({ type: 'del', key: `e:${pad(n - HISTORY_BLOCKS - 1)}` });
    ops.push({ type: 'put', key: 'meta:head', value: JSON.stringify({ number: n, hash: block.hash }) });
    if (n > 0) ops.push({ type: 'put', key: 'meta:schema', value: String(SCHEMA) });
  }

  /** Previous values of `changes`' keys in the current state (the block's journal). */
  journalFor(changes: Changes): Changes {
    const j: Changes = new Map();
    for (const k of changes.keys()) j.set(k, this.state.get(k) ?? null);
    return j;
  }

  /**
   * Appends a block atomically; memory follows once the batch is durable in the store.
   * `body`: the block's extrinsics as SCALE `Vec<Extrinsic>` when the caller has it (else
   * encoded here from `block.extrinsics`); `trie`: the post-block trie when the caller built it
   * (the executor does, for the header's state root).
   */
  async commitBlock(block: BlockRecord, changes: Changes, body?: Uint8Array, trie?: Trie): Promise<void> {
    const journal = this.journalFor(changes);
    const n = block.header.number;
    const ops: Op[] = [];
    this.pushStateOps(ops, n, changes);
    this.pushBlockOps(ops, block, journal, body);
    await this.db.batch(ops as never);
    this.eventsStoredAt = n;
    this.state.apply(changes);
    this.setTrie(n, trie ?? this.trie.with(changes));
    this.journals.set(block.header.number, journal);
    this.remember(block.header.number, block);
    this.head = block;
  }

  /**
   * Changes the head's state in place (dev_setStorage, dev_timeTravel), as
   * chopsticks does. The head's journal keeps the pre-block values, so the
   * parent's state stays readable.
   */
  async patchHead(changes: Changes): Promise<void> {
    const n = this.head.header.number;
    const journal = new Map(this.journals.get(n) ?? []);
    for (const k of changes.keys()) if (!journal.has(k)) journal.set(k, this.state.get(k) ?? null);
    const ops: Op[] = [];
    this.pushStateOps(ops, n, changes);
    ops.push({ type: 'put', key: `j:${pad(n)}`, value: this.journalJson(n, journal) });
    await this.db.batch(ops as never);
    this.eventsStoredAt = n;
    this.state.apply(changes);
    // the header keeps its root (as chopsticks): proofs at the head then follow the patched state
    this.setTrie(n, this.trie.with(changes));
    this.journals.set(n, journal);
  }

  async blockByNumber(n: number): Promise<BlockRecord | undefined> {
    if (n < 0 || n > this.head.header.number) return undefined;
    const hit = this.recent.get(n);
    if (hit) return hit;
    const v = await this.db.get(`b:${pad(n)}`);
    if (v === undefined) return undefined;
    const body = (await this.db.get(`x:${pad(n)}`, { valueEncoding: 'view' })) as unknown as Uint8Array | undefined;
    return this.blockFromStore(n, v, body);
  }

  async numberOf(hash: Hex): Promise<number | undefined> {
    const hit = this.recentByHash.get(hash);
    if (hit !== undefined) return hit;
    const v = await this.db.get(`h:${hash.toLowerCase()}`);
    return v === undefined ? undefined : Number(v);
  }

  async blockByHash(hash: Hex): Promise<BlockRecord | undefined> {
    const n = await this.numberOf(hash);
    return n === undefined ? undefined : this.blockByNumber(n);
  }

  /** State after block `n`; undefined when older than the kept history. */
  stateAt(n: number): StateReader | undefined {
    const head = this.head.header.number;
    if (n === head) return this.state;
    if (n > head || n < 0) return undefined;
    const journals: Changes[] = [];
    for (let b = n + 1; b <= head; b++) {
      const j = this.journals.get(b);
      if (!j) return undefined;
      journals.push(j);
    }
    const state = this.state;
    const get = (key: Hex): Uint8Array | undefined => {
      for (const j of journals) {
        if (j.has(key)) return j.get(key) ?? undefined;
      }
      return state.get(key);
    };
    return {
      get,
      keys(prefix) {
        const candidates = new Set(state.keys(prefix));
        for (const j of journals) for (const k of j.keys()) if (k.startsWith(prefix)) candidates.add(k);
        return [...candidates].filter((k) => get(k) !== undefined);
      },
    };
  }

  /**
   * The state trie after block `n`: the head's and recent blocks' are kept; an older block's is
   * rebuilt from its state (the last one rebuilt is kept). Undefined when older than the history.
   */
  trieAt(n: number): Trie | undefined {
    const kept = this.tries.get(n);
    if (kept) return kept;
    if (this.rebuilt?.number === n) return this.rebuilt.trie;
    const state = this.stateAt(n);
    if (!state) return undefined;
    const trie = Trie.fromEntries(state.keys('0x' as Hex).map((k) => [k, state.get(k)!] as const));
    this.rebuilt = { number: n, trie };
    return trie;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/**
 * --reset must not delete the files of a devnet that is running on them (it
 * would keep serving from memory and lose everything at its next restart):
 * take LevelDB's lock first. Any other open failure is what --reset is for.
 */
async function assertNotInUse(dir: string): Promise<void> {
  if (!existsSync(join(dir, 'LOCK'))) return;
  const probe = new ClassicLevel<string, string>(dir, { createIfMissing: false });
  try {
    await probe.open();
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') {
      throw new SubnetError('DEVNET_DB_OPEN', `cannot reset ${dir}: another devnet is using it; stop that one first`, { cause: err });
    }
    return;
  }
  await probe.close();
}
