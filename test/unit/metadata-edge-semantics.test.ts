// The pure parts of issue #25: Twenty's link normaliser, the empty-text rule applied to every
// resolved field (YAML included), the implied defaults an export leaves out, RATING options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLinkUrl } from '../../src/metadata/link-url.ts';
import { exportedDefault, normalizeField } from '../../src/metadata/text-fields.ts';
import { fieldModel, type WorkspaceModel } from '../../src/metadata/model.ts';
import { resolveDesiredModel } from '../../src/metadata/resolve.ts';
import { validateModelSpec } from '../../src/metadata/validate.ts';
import { parseModelText } from '../../src/metadata/yaml.ts';

test('link URLs: an http(s) origin is lower-cased and one trailing slash dropped; the rest and non-URLs are kept as written', () => {
  const cases: [string, string][] = [
    ['https://Test.com/', 'https://test.com'],
    ['https://TEST.com/Path/?Q=A#Frag', 'https://test.com/Path/?Q=A#Frag'],
    ['HTTPS://Test.COM:443/a/', 'https://test.com/a'],
    ['http://Ex.com:8080/', 'http://ex.com:8080'],
    ['https://ex.com/a%2Fb/', 'https://ex.com/a%2Fb'],
    ['test.com/', 'test.com/'],
    ['mailto:A@B.c', 'mailto:A@B.c'],
    ['ftp://Ex.com/', 'ftp://Ex.com/'],
    ['', ''],
  ];
  for (const [raw, stored] of cases) assert.equal(normalizeLinkUrl(raw), stored, raw);
});

test('a TEXT field is never nullable and defaults to \'\', whatever it says; a default it has is kept', () => {
  assert.deepEqual(normalizeField(fieldModel('1', 'note', 'TEXT', { isNullable: true, defaultValue: null })), fieldModel('1', 'note', 'TEXT', { isNullable: false, defaultValue: '' }));
  assert.equal(normalizeField(fieldModel('1', 'tz', 'TEXT', { defaultValue: 'system' })).defaultValue, 'system');
});

test('the text parts Twenty defaults to \'\' get it in the composite default; others are left alone', () => {
  assert.deepEqual(normalizeField(fieldModel('1', 'name', 'FULL_NAME')).defaultValue, { firstName: '', lastName: '' });
  assert.deepEqual(normalizeField(fieldModel('1', 'amount', 'CURRENCY', { defaultValue: { amountMicros: 0 } })).defaultValue, { amountMicros: 0, currencyCode: '' });
  assert.deepEqual(normalizeField(fieldModel('1', 'address', 'ADDRESS', { defaultValue: { addressCountry: 'France' } })).defaultValue, {
    addressStreet1: '', addressStreet2: '', addressCity: '', addressState: '', addressPostcode: '', addressCountry: 'France',
  });
  assert.equal(normalizeField(fieldModel('1', 'body', 'RICH_TEXT_V2')).defaultValue, null);
  assert.deepEqual(normalizeField(fieldModel('1', 'owner', 'ACTOR', { defaultValue: { source: 'MANUAL', name: 'System' } })).defaultValue, { source: 'MANUAL', name: 'System' });
});

test('an export leaves out the implied \'\' parts and keeps the rest', () => {
  assert.equal(exportedDefault(normalizeField(fieldModel('1', 'name', 'FULL_NAME'))), undefined);
  assert.equal(exportedDefault(normalizeField(fieldModel('1', 'note', 'TEXT'))), undefined);
  assert.deepEqual(exportedDefault(normalizeField(fieldModel('1', 'address', 'ADDRESS', { defaultValue: { addressCountry: 'France' } }))), { addressCountry: 'France' });
});

const EMPTY: WorkspaceModel = { workspaceId: 'w', schema: 'workspace_w', version: 1, objects: [] };

function resolveYaml(fields: string) {
  const { spec, issues } = parseModelText(`apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n${fields}`, 'model.yaml');
  assert.deepEqual(issues, []);
  return { spec, issues: validateModelSpec(spec, { existingObjects: [], standardObjects: [] }), model: resolveDesiredModel(EMPTY, spec).model };
}

test('YAML: a TEXT field declared nullable resolves NOT NULL with default \'\', and a LINKS default is normalised', () => {
  const { model, issues } = resolveYaml('      note: {type: TEXT, nullable: true}\n      site: {type: LINKS, default: {primaryLinkUrl: "https://Deal.IO/"}}\n');
  assert.deepEqual(issues, []);
  const fields = model.objects[0].fields;
  const note = fields.find((f) => f.name === 'note');
  assert.deepEqual([note?.isNullable, note?.defaultValue], [false, '']);
  assert.deepEqual(fields.find((f) => f.name === 'site')?.defaultValue, { primaryLinkUrl: 'https://deal.io', primaryLinkLabel: '' });
  assert.deepEqual([fields.find((f) => f.name === 'name')?.isNullable, fields.find((f) => f.name === 'name')?.defaultValue], [false, ''], 'the name field of a custom object too');
});

test('YAML: RATING takes Twenty\'s options, gets them when omitted, and refuses values off the scale', () => {
  const { model, issues } = resolveYaml('      stars: RATING\n      score: {type: RATING, options: [{value: RATING_1, label: "1"}, {value: RATING_2, label: "2"}]}\n');
  assert.deepEqual(issues, []);
  const fields = model.objects[0].fields;
  assert.deepEqual(fields.find((f) => f.name === 'stars')?.options?.map((o) => o.value), ['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5']);
  assert.deepEqual(fields.find((f) => f.name === 'score')?.options?.map((o) => [o.value, o.label]), [['RATING_1', '1'], ['RATING_2', '2']]);
  const bad = resolveYaml('      stars: {type: RATING, options: [RATING_6]}\n').issues;
  assert.deepEqual(bad.map((i) => i.rule), ['option-value']);
  assert.match(bad[0].message, /"RATING_6".*not a rating/);
});
