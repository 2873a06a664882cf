import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { SubnetError } from '../core/errors.ts';
import type { ModelSpec } from '../scoring/onnx/model-spec.ts';
import { SubnetDefinitionSchema, type SubnetDefinitionConfig } from './schema/definition.ts';

/** A validated subnet definition with its location, and model paths resolved. */
export interface SubnetDefinition {
  /** the folder holding subnet.yaml; module and model paths are relative to it */
  dir: string;
  file: string;
  config: SubnetDefinitionConfig;
  /** the reference models, paths absolute, ready for createScoringRuntime */
  models: Record<string, ModelSpec>;
}

const FILE_NAMES = ['subnet.yaml', 'subnet.yml', 'subnet.json'];

/** Finds the definition file: a folder (subnet.yaml | subnet.yml | subnet.json) or the file itself. */
function findDefinitionFile(target: string): string {
  const abs = resolve(target);
  if (!existsSync(abs)) throw new SubnetError('SUBNET_CONFIG_NOT_FOUND', `subnet definition ${abs} does not exist`);
  if (statSync(abs).isFile()) return abs;
  for (const f of FILE_NAMES) if (existsSync(join(abs, f))) return join(abs, f);
  throw new SubnetError('SUBNET_CONFIG_NOT_FOUND', `no ${FILE_NAMES.join(' / ')} in ${abs}`);
}

/**
 * Reads and validates a subnet definition. Every error names the file, the
 * field path and what was expected, e.g.
 * `subnet.yaml: validator.ema_alpha: expected a number <= 1, got 3`.
 */
export function loadSubnetDefinition(target: string, options: LoadDefinitionOptions = {}): SubnetDefinition {
  const file = findDefinitionFile(target);
  const dir = dirname(file);
  const text = readFileSync(file, 'utf8');
  const raw = parseText(file, text);
  const parsed = SubnetDefinitionSchema.safeParse(raw);
  if (!parsed.success) throw invalid(file, parsed.error.issues, raw);
  const definition = { dir, file, config: parsed.data, models: resolveModels(dir, parsed.data) };
  if (options.checkFiles) checkDefinitionFiles(definition, options.checkFiles === true ? {} : options.checkFiles);
  return definition;
}

export interface LoadDefinitionOptions {
  /**
   * also require the files the definition names (models, tokenizers, challenge and miner
   * modules) to exist, so that a command acting on a definition refuses it before doing anything
   */
  checkFiles?: boolean | { rebuiltOnDemand?: (path: string) => boolean };
}

/** Every file the definition names must exist, except those `rebuiltOnDemand` says the toolchain builds when first used. */
function checkDefinitionFiles(definition: SubnetDefinition, options: { rebuiltOnDemand?: (path: string) => boolean }): void {
  const wanted: Array<{ field: string; path: string }> = [];
  for (const [name, m] of Object.entries(definition.models)) {
    wanted.push({ field: `models.${name}.path`, path: m.path });
    if (m.tokenizer) wanted.push({ field: `models.${name}.tokenizer.path`, path: m.tokenizer.path });
  }
  const { challenge, miner } = definition.config;
  wanted.push({ field: 'challenge.module', path: resolve(definition.dir, challenge.module) });
  if (miner) wanted.push({ field: 'miner.module', path: resolve(definition.dir, miner.module) });
  const missing = wanted.filter(({ path }) => !options.rebuiltOnDemand?.(path) && !(existsSync(path) && statSync(path).isFile()));
  if (missing.length > 0) {
    throw new SubnetError(
      'SUBNET_CONFIG_MISSING_FILE',
      `${definition.file}: ${missing.map(({ field, path }) => `${field}: ${path} does not exist`).join('; ')}`,
      {
        details: { file: definition.file, missing },
      },
    );
  }
}

function parseText(file: string, text: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new SubnetError('SUBNET_CONFIG_INVALID', `${file}: not valid JSON: ${(err as Error).message}`);
    }
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'unknown position';
    throw new SubnetError(
      'SUBNET_CONFIG_INVALID',
      `${file}: YAML syntax error at ${where}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  return doc.toJS();
}

function invalid(file: string, issues: z.core.$ZodIssue[], raw: unknown): SubnetError {
  const lines = issues.slice(0, 8).map((i) => {
    const path = i.path.length ? i.path.map(String).join('.') : '(root)';
    // a misspelt key: the enclosing object's value is noise; the reference lists the right names
    if (i.code === 'unrecognized_keys') return `${path}: ${i.message} (a typo? the keys are listed in subnet-config/REFERENCE.md)`;
    const got = valueAt(raw, i.path);
    const gotText = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 60);
    return `${path}: ${i.message}, got ${gotText}`;
  });
  const more = issues.length > 8 ? ` (and ${issues.length - 8} more)` : '';
  return new SubnetError('SUBNET_CONFIG_INVALID', `${file}: ${lines.join('; ')}${more}`, {
    details: { file, issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
  });
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur = raw;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function resolveModels(dir: string, config: SubnetDefinitionConfig): Record<string, ModelSpec> {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const out: Record<string, ModelSpec> = {};
  for (const [name, m] of Object.entries(config.models)) {
    out[name] = {
      kind: m.kind,
      path: abs(m.path),
      sha256: m.sha256,
      provider: m.provider,
      tokenizer: m.tokenizer ? { path: abs(m.tokenizer.path), sha256: m.tokenizer.sha256 } : undefined,
      maxLength: m.max_length,
      maxBatch: m.max_batch,
      embedder: m.embedder,
    };
  }
  return out;
}
