/**
 * Epistula bodies are JSON (what SN1 and SN4 send: OpenAI-style requests). Typed arrays, which
 * our handlers return for embeddings, go out as plain number arrays; bigints as numbers when
 * they are exact, else as decimal strings.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView))
      return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? bigintJson(x) : x));
    if (typeof v === 'bigint') return bigintJson(v);
    return v;
  });
}

function bigintJson(x: bigint): number | string {
  return BigInt(Number(x)) === x ? Number(x) : x.toString();
}

export function fromJsonText(text: string): unknown {
  return JSON.parse(text) as unknown;
}
