// Twenty 2.43's /metadata schema, rebuilt from its own client package (twenty-client-sdk@2.43.0).
// The package ships no SDL, but two generated artefacts that together hold all of it:
// `dist/metadata/generated/schema.d.ts` (every type, output nullability and lists, input fields,
// enum values, unions) and the genql type map inside `dist/metadata.mjs` (every argument with its
// exact GraphQL type string). The map is a plain object literal: it is read as data, never run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { buildSchema, type GraphQLSchema } from 'graphql';

type TypeMap = { scalars: number[]; types: Record<string, Record<string, [number, Record<string, [number, string?]>?]>> };

function sdkDist(): string {
  // The package exports no package.json; its metadata entry sits in dist/.
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('twenty-client-sdk/metadata'));
}

/** The `{scalars, types}` literal that genql's linkTypeMap receives, evaluated as data. */
function readTypeMap(bundle: string): TypeMap {
  const start = bundle.search(/\b\w+ = \{\n\tscalars: \[/);
  if (start < 0) throw new Error('twenty-client-sdk: the genql type map was not found in dist/metadata.mjs');
  const open = bundle.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < bundle.length; end++) {
    if (bundle[end] === '{') depth++;
    else if (bundle[end] === '}' && --depth === 0) break;
  }
  return runInNewContext(`(${bundle.slice(open, end + 1)})`, Object.create(null)) as TypeMap;
}

/**
 * A TypeScript field type from schema.d.ts → a GraphQL type reference. genql writes a nullable
 * value as `(T | null)` or as an optional property, a list as `T[]`; anything else is non-null.
 */
function graphqlType(ts: string, optional: boolean): string {
  const ref = (t: string): { ref: string; nullable: boolean } => {
    const nullable = /^\((.*) \| null\)$/.exec(t);
    if (nullable) return { ref: ref(nullable[1]).ref, nullable: true };
    if (t.endsWith('[]')) {
      const item = ref(t.slice(0, -2));
      return { ref: `[${item.ref}${item.nullable ? '' : '!'}]`, nullable: false };
    }
    const scalar = /^Scalars\['(\w+)'\]$/.exec(t);
    return { ref: scalar ? scalar[1] : t, nullable: false };
  };
  const type = ref(ts.trim());
  return optional || type.nullable ? type.ref : `${type.ref}!`;
}

interface Block {
  name: string;
  body: string[];
}

function blocks(dts: string): { interfaces: Block[]; enums: Map<string, string[]>; unions: Map<string, string[]> } {
  const interfaces: Block[] = [];
  const enums = new Map<string, string[]>();
  const unions = new Map<string, string[]>();
  const lines = dts.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const iface = /^export interface (\w+) \{$/.exec(line);
    if (iface) {
      const body: string[] = [];
      while (lines[++i] !== '}') body.push(lines[i]);
      interfaces.push({ name: iface[1], body });
      continue;
    }
    const enumDef = /^export type (\w+) = ('.*');$/.exec(line);
    if (enumDef) {
      enums.set(enumDef[1], enumDef[2].split(' | ').map((v) => v.slice(1, -1)));
      continue;
    }
    const unionDef = /^export type (\w+) = \((.*)\) & \{$/.exec(line);
    if (unionDef) unions.set(unionDef[1], unionDef[2].split(' | '));
  }
  return { interfaces, enums, unions };
}

function fieldsOf(body: string[]): { name: string; type: string }[] {
  const fields: { name: string; type: string }[] = [];
  for (const line of body) {
    const m = /^ {4}(\w+)(\??): (.*);$/.exec(line);
    if (!m || m[1] === '__typename') continue;
    fields.push({ name: m[1], type: graphqlType(m[3], m[2] === '?') });
  }
  return fields;
}

function argumentList(args: Record<string, [number, string?]> | undefined, typeNames: string[]): string {
  if (!args || Object.keys(args).length === 0) return '';
  const parts = Object.entries(args).map(([name, [index, typeString]]) => `${name}: ${typeString ?? typeNames[index]}`);
  return `(${parts.join(', ')})`;
}

/** SDL text of Twenty 2.43's /metadata API. */
export function twentyMetadataSdl(): string {
  const dist = sdkDist();
  const dts = readFileSync(join(dist, 'metadata/generated/schema.d.ts'), 'utf8');
  const map = readTypeMap(readFileSync(join(dist, 'metadata.mjs'), 'utf8'));
  const typeNames = Object.keys(map.types);
  const { interfaces, enums, unions } = blocks(dts);
  const builtIn = new Set(['String', 'Boolean', 'Int', 'Float', 'ID']);
  const out: string[] = [];
  for (const index of map.scalars) {
    const name = typeNames[index];
    if (!builtIn.has(name) && !enums.has(name)) out.push(`scalar ${name}`);
  }
  for (const [name, values] of enums) out.push(`enum ${name} {\n${values.map((v) => `  ${v}`).join('\n')}\n}`);
  for (const [name, members] of unions) out.push(`union ${name} = ${members.join(' | ')}`);
  const requestSection = interfaces.findIndex((b) => b.name.endsWith('GenqlSelection'));
  for (const [i, block] of interfaces.entries()) {
    if (block.name === 'Scalars' || block.name.endsWith('GenqlSelection')) continue;
    const isOutput = i < requestSection;
    const fields = fieldsOf(block.body);
    if (fields.length === 0) continue;
    const args = map.types[block.name] ?? {};
    const lines = fields.map((f) => `  ${f.name}${isOutput ? argumentList(args[f.name]?.[1], typeNames) : ''}: ${f.type}`);
    out.push(`${isOutput ? 'type' : 'input'} ${block.name} {\n${lines.join('\n')}\n}`);
  }
  return `${out.join('\n\n')}\n`;
}

export function twentyMetadataSchema(): GraphQLSchema {
  return buildSchema(twentyMetadataSdl(), { assumeValidSDL: true });
}
