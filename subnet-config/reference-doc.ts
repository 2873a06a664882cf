import { z } from 'zod';
import { SubnetDefinitionSchema } from './schema/definition.ts';

type Json = Record<string, any>;

/**
 * The `subnet.yaml` configuration reference in markdown, generated from the
 * zod schemas (through their JSON Schema), so docs cannot drift from what the
 * loader accepts. One table per top-level section; rule and reward variants
 * get a table each, keyed by their `type`.
 */
export function configurationReference(): string {
  const root = z.toJSONSchema(SubnetDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const defs: Json = root.$defs ?? {};
  const deref = (s: Json): Json => (s?.$ref ? deref(defs[String(s.$ref).replace('#/$defs/', '')] ?? {}) : s);
  const out: string[] = [
    '# subnet.yaml reference',
    '',
    'Generated from the zod schemas in `subnet-config/schema/` and `scoring/` (`subnet config-reference`). JSON files with the same keys are accepted.',
    '',
  ];
  const required = new Set<string>(root.required ?? []);

  for (const [key, raw] of Object.entries(root.properties as Json)) {
    const s = deref(raw as Json);
    out.push(`## \`${key}\`${required.has(key) ? ' (required)' : ''}`, '');
    if (s.description ?? (raw as Json).description) out.push(String((raw as Json).description ?? s.description), '');
    const rows: string[][] = [];
    walk(s, key, rows, deref, new Set(), 0);
    const variants = collectVariants(s, deref);
    if (rows.length > 0) out.push(table(rows), '');
    for (const v of variants) {
      const vr: string[][] = [];
      walk(v.schema, '', vr, deref, new Set(), 0, true);
      out.push(`### ${key}: \`type: ${v.type}\``, '');
      if (v.schema.description) out.push(String(v.schema.description), '');
      out.push(table(vr), '');
    }
  }
  return out.join('\n');
}

function table(rows: string[][]): string {
  return ['| field | type | default | description |', '|---|---|---|---|', ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join(
    '\n',
  );
}

function typeOf(s: Json, deref: (s: Json) => Json): string {
  s = deref(s);
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((e: unknown) => `\`${e}\``).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const types = (alts as Json[]).map((a) => deref(a)).filter((a) => a.properties?.type?.const === undefined);
    if (types.length === 0) return 'rule (see variants)';
    return [...new Set((alts as Json[]).map((a) => typeOf(a, deref)))].join(' | ');
  }
  if (s.type === 'array') return `array of ${typeOf(s.items ?? {}, deref)}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) return 'map';
  const bounds: string[] = [];
  if (s.minimum !== undefined && s.minimum > -9e15) bounds.push(`>= ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < 9e15) bounds.push(`<= ${s.maximum}`);
  return `${s.type ?? 'any'}${bounds.length ? ` (${bounds.join(', ')})` : ''}`;
}

function walk(s: Json, prefix: string, rows: string[][], deref: (s: Json) => Json, seen: Set<Json>, depth: number, skipType = false): void {
  s = deref(s);
  if (seen.has(s) || depth > 4) return;
  seen.add(s);
  const target = s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object' ? deref(s.additionalProperties) : s;
  const base = target === s ? prefix : `${prefix}.<name>`;
  if (!target.properties || (target !== s && seen.has(target))) return;
  seen.add(target);
  const req = new Set<string>(target.required ?? []);
  for (const [k, raw] of Object.entries(target.properties as Json)) {
    if (skipType && k === 'type') continue;
    const v = deref(raw as Json);
    const path = base ? `${base}.${k}` : k;
    const def = (raw as Json).default ?? v.default;
    rows.push([
      `\`${path}\`${req.has(k) && def === undefined ? ' *' : ''}`,
      typeOf(raw as Json, deref),
      def === undefined ? '' : `\`${JSON.stringify(def)}\``,
      String((raw as Json).description ?? v.description ?? ''),
    ]);
    const inner = v.type === 'array' ? deref(v.items ?? {}) : v;
    if (inner.type === 'object' && !(inner.anyOf ?? inner.oneOf)) walk(inner, v.type === 'array' ? `${path}[]` : path, rows, deref, seen, depth + 1);
  }
}

function collectVariants(s: Json, deref: (s: Json) => Json): { type: string; schema: Json }[] {
  const found = new Map<string, Json>();
  const visit = (node: Json, depth: number) => {
    node = deref(node);
    if (depth > 6 || !node || typeof node !== 'object') return;
    for (const alt of (node.anyOf ?? node.oneOf ?? []) as Json[]) {
      const a = deref(alt);
      const t = a.properties?.type?.const;
      if (typeof t === 'string' && !found.has(t)) found.set(t, a);
    }
    if (node.items) visit(node.items, depth + 1);
    for (const p of Object.values((node.properties ?? {}) as Json)) visit(p as Json, depth + 1);
  };
  visit(s, 0);
  return [...found.entries()].map(([type, schema]) => ({ type, schema }));
}
