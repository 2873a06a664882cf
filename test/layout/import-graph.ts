import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import roleFolders from '../../role-folders.json' with { type: 'json' };

/** The role folders whose modules form the application's import graph (the lint walls use the same list). */
export const ROLE_FOLDERS: readonly string[] = roleFolders;

const SKIP = new Set(['node_modules', 'templates', 'assets']);
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    if (SKIP.has(name)) continue;
    const rel = posix.join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) walk(root, rel, out);
    else if (name.endsWith('.ts')) out.push(rel);
  }
}

/** Every relative import (static, type-only and dynamic) between the repository's TypeScript modules. */
export function importGraph(root: string, folders: readonly string[] = ROLE_FOLDERS): Map<string, string[]> {
  const files: string[] = [];
  for (const f of folders) walk(root, f, files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const src = readFileSync(join(root, file), 'utf8');
    const deps = new Set<string>();
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      deps.add(posix.normalize(posix.join(posix.dirname(file), spec)));
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** Strongly connected components with more than one module (or a module importing itself): the import circles. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}
