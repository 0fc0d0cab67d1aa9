import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { FIELD_TYPES } from '../../src/metadata/model.ts';
import { validateModelSpec } from '../../src/metadata/validate.ts';
import { OPTION_COLORS } from '../../src/metadata/validate-field.ts';
import { PERMISSION_FLAGS } from '../../src/metadata/validate-roles.ts';
import { loadModelFiles, MODEL_KEYS } from '../../src/metadata/yaml.ts';

interface SchemaNode {
  properties?: Record<string, unknown>;
  enum?: unknown[];
}

const schema = JSON.parse(readFileSync('templates/twenty-model.schema.json', 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> };
const validateSchema = new Ajv2020({ allErrors: true, strictTypes: true, allowUnionTypes: true }).compile(schema);
const CONTEXT = { existingObjects: [], standardObjects: ['company', 'person', 'opportunity', 'workspaceMember'] };

const files = (folder: string) => readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(folder, f));
const VALID = ['templates/example/crm-model.yaml', 'templates/standard-objects.yaml', ...files('test/fixtures/yaml/valid'), ...files('test/fixtures/yaml/split')];
const INVALID = files('test/fixtures/yaml/invalid');

function schemaErrors(path: string): string[] {
  const ok = validateSchema(parse(readFileSync(path, 'utf8')));
  return ok ? [] : (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

test('the example, the standard objects and every valid fixture satisfy the JSON Schema', () => {
  for (const path of VALID) assert.deepEqual(schemaErrors(path), [], path);
});

test('every invalid fixture is rejected by both the JSON Schema and the reader or validator', () => {
  for (const path of INVALID) {
    assert.notDeepEqual(schemaErrors(path), [], `${path} should fail the schema`);
    const { spec, issues } = loadModelFiles([path]);
    assert.notDeepEqual([...issues, ...validateModelSpec(spec, CONTEXT)], [], `${path} should fail the validator`);
  }
});

test('the schema allows exactly the keys the reader allows', () => {
  const defs: Record<string, SchemaNode> = { ...schema.$defs, document: schema, field: schema.$defs.fieldMap, option: schema.$defs.optionMap };
  for (const [part, keys] of Object.entries(MODEL_KEYS)) {
    assert.deepEqual(Object.keys(defs[part]?.properties ?? {}).sort(), [...keys].sort(), part);
  }
});

test('the schema lists the same field types, colors and permission flags as the validator', () => {
  assert.deepEqual(schema.$defs.fieldType.enum, [...FIELD_TYPES]);
  assert.deepEqual(schema.$defs.color.enum, OPTION_COLORS);
  assert.deepEqual(schema.$defs.permissionFlag.enum, PERMISSION_FLAGS);
});
