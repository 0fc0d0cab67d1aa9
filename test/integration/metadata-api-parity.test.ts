// One change, three front doors: a YAML file through applyModel, GraphQL /metadata and REST
// /rest/metadata must leave the same model behind (compared as exported YAML, ids aside).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { exportModel } from '../../src/metadata/export.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { parseModelText } from '../../src/metadata/yaml.ts';
import { startMetadataServer } from '../helpers/metadata-api.ts';

const server = await startMetadataServer();

const YAML = `
apiVersion: twenty/v1
objects:
  pet:
    namePlural: pets
    label: {singular: Pet, plural: Pets}
    description: A pet
    icon: IconDog
    fields:
      nickname: {type: TEXT, label: Nick name, icon: IconAbc}
      species:
        type: SELECT
        label: Species
        default: DOG
        options:
          - {value: DOG, label: Dog, color: blue}
          - {value: CAT, label: Cat, color: red}
      price: {type: CURRENCY, label: Price}
      adopted: {type: BOOLEAN, label: Adopted, nullable: false, default: false}
      company:
        type: RELATION
        label: Company
        relation: {type: MANY_TO_ONE, target: company, inverse: {name: ownedPets, label: Owned Pets, icon: IconDog}}
  company:
    extend: true
    fields:
      tier: {type: SELECT, label: Tier, options: [{value: A, label: A, color: green}]}
`;

const OBJECT = { nameSingular: 'pet', namePlural: 'pets', labelSingular: 'Pet', labelPlural: 'Pets', description: 'A pet', icon: 'IconDog' };
const fields = (petId: string, companyId: string) => [
  { objectMetadataId: petId, type: 'TEXT', name: 'nickname', label: 'Nick name', icon: 'IconAbc' },
  {
    objectMetadataId: petId, type: 'SELECT', name: 'species', label: 'Species', defaultValue: "'DOG'",
    options: [{ value: 'DOG', label: 'Dog', color: 'blue', position: 0 }, { value: 'CAT', label: 'Cat', color: 'red', position: 1 }],
  },
  { objectMetadataId: petId, type: 'CURRENCY', name: 'price', label: 'Price' },
  { objectMetadataId: petId, type: 'BOOLEAN', name: 'adopted', label: 'Adopted', isNullable: false, defaultValue: false },
  {
    objectMetadataId: petId, type: 'RELATION', name: 'company', label: 'Company',
    relationCreationPayload: { targetObjectMetadataId: companyId, targetFieldLabel: 'Owned Pets', targetFieldIcon: 'IconDog', type: 'MANY_TO_ONE' },
  },
  { objectMetadataId: companyId, type: 'SELECT', name: 'tier', label: 'Tier', options: [{ value: 'A', label: 'A', color: 'green' }] },
];

async function exported(workspaceId: string): Promise<string> {
  const text = exportModel(await loadWorkspaceModel(server.db, workspaceId));
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
}

/** The physical columns of the custom table and the extended standard one, schema name aside. */
async function columns(workspaceId: string): Promise<unknown[]> {
  const { schema } = await loadWorkspaceModel(server.db, workspaceId);
  const list = await rows(server.db, sql`SELECT table_name, column_name, udt_name, is_nullable, column_default FROM information_schema.columns
    WHERE table_schema = ${schema} AND table_name IN ('_pet', 'company') ORDER BY table_name, column_name`);
  return JSON.parse(JSON.stringify(list).replaceAll(schema, '<schema>'));
}

async function companyId(workspaceId: string): Promise<string> {
  return (await loadWorkspaceModel(server.db, workspaceId)).objects.find((o) => o.nameSingular === 'company')?.id as string;
}

async function viaYaml(): Promise<string> {
  const ws = await server.newWorkspace('Yaml');
  const { spec, issues } = parseModelText(YAML, 'parity.yaml');
  assert.deepEqual(issues, []);
  await applyModel(server.db, ws, spec);
  return ws;
}

async function viaGraphql(): Promise<string> {
  const ws = await server.newWorkspace('GraphQL');
  const created = await server.gql(ws, 'mutation($o: CreateObjectInput!) { createOneObject(input: {object: $o}) { id } }', { o: OBJECT });
  const petId = created.body.data.createOneObject.id;
  for (const f of fields(petId, await companyId(ws))) {
    const res = await server.gql(ws, 'mutation($f: CreateFieldInput!) { createOneField(input: {field: $f}) { id } }', { f });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  }
  return ws;
}

async function viaRest(): Promise<string> {
  const ws = await server.newWorkspace('Rest');
  const created = await server.rest(ws, 'POST', '/objects', OBJECT);
  for (const f of fields(created.body.id, await companyId(ws))) {
    const res = await server.rest(ws, 'POST', '/fields', f);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  return ws;
}

test('the same change through YAML, GraphQL /metadata and REST /rest/metadata gives identical models', async () => {
  const workspaces = [await viaYaml(), await viaGraphql(), await viaRest()];
  const [yaml, graphql, rest] = await Promise.all(workspaces.map(exported));
  assert.match(yaml, /ownedPets/);
  assert.equal(graphql, yaml);
  assert.equal(rest, yaml);
  const [yamlColumns, ...others] = await Promise.all(workspaces.map(columns));
  assert.ok(yamlColumns.length > 20);
  for (const other of others) assert.deepEqual(other, yamlColumns);
});
