import { pyFloatRepr } from './python-repr.ts';
import type { PyDict, PyValue } from './python-value.ts';

/**
 * JSON as Python's `json` module reads and writes it. `loads` keeps what
 * `JSON.parse` loses (int vs float, big ints, key order), which the body hash
 * depends on; `dumps` writes what `json.dumps` (aiohttp's `json=`) writes:
 * `", "` and `": "` separators, non-ASCII as `\uXXXX`, floats by `repr`.
 */

export class PythonJsonError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position}`);
    this.name = 'PythonJsonError';
  }
}

const MAX_DEPTH = 256;

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new PythonJsonError(message, this.pos);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos += 1;
      else break;
    }
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.ws();
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) return this.word('true', true);
    if (t.startsWith('false', this.pos)) return this.word('false', false);
    if (t.startsWith('null', this.pos)) return this.word('null', null);
    // Python's json accepts these three, and json.dumps writes them
    if (t.startsWith('NaN', this.pos)) return this.word('NaN', NaN);
    if (t.startsWith('Infinity', this.pos)) return this.word('Infinity', Infinity);
    if (t.startsWith('-Infinity', this.pos)) return this.word('-Infinity', -Infinity);
    return this.number();
  }

  private word<T extends PyValue>(w: string, v: T): T {
    this.pos += w.length;
    return v;
  }

  private number(): bigint | number {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.text);
    if (r === null) this.fail(this.pos >= this.text.length ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(this.text[this.pos])}`);
    this.pos = m.lastIndex;
    return r[1] === undefined && r[2] === undefined ? BigInt(r[0]) : Number(r[0]);
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos += 1;
    let out = '';
    let run = this.pos;
    for (;;) {
      if (this.pos >= t.length) {
        this.pos = start;
        this.fail('unterminated string');
      }
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(run, this.pos);
        this.pos += 1;
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.pos += 1;
        continue;
      }
      out += t.slice(run, this.pos);
      const e = t[this.pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.pos += 2;
      } else if (e === 'u') {
        const h = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('bad \\u escape');
        out += String.fromCharCode(parseInt(h, 16));
        this.pos += 6;
      } else this.fail('bad escape');
      run = this.pos;
    }
  }

  private array(depth: number): PyValue[] {
    this.pos += 1;
    const out: PyValue[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === ']') return out;
      if (c !== ',') {
        this.pos -= 1;
        this.fail("expected ',' or ']'");
      }
    }
  }

  private object(depth: number): PyDict {
    this.pos += 1;
    const out: PyDict = new Map();
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos += 1;
      // like a Python dict: a repeated key keeps its first position and takes the last value
      out.set(key, this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === '}') return out;
      if (c !== ',') {
        this.pos -= 1;
        this.fail("expected ',' or '}'");
      }
    }
  }
}

/** `json.loads(text)`. Throws PythonJsonError naming the position. */
export function pythonJsonLoads(text: string): PyValue {
  const r = new Reader(text);
  const v = r.value(0);
  r.ws();
  if (r.pos !== text.length) r.fail('extra data after the JSON value');
  return v;
}

function dumpString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

/** `json.dumps(value)` with its defaults (ensure_ascii, allow_nan). */
export function pythonJsonDumps(v: PyValue): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return dumpString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    return pyFloatRepr(v);
  }
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  const items: string[] = [];
  for (const [k, item] of v) items.push(`${dumpString(k)}: ${pythonJsonDumps(item)}`);
  return `{${items.join(', ')}}`;
}
