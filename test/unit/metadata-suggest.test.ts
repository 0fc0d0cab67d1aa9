import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, suggestionList } from '../../src/metadata/suggest.ts';
import { labelFromName, labelFromOptionValue } from '../../src/metadata/labels.ts';
import { FIELD_TYPES } from '../../src/metadata/model.ts';

test('a typo one edit away suggests the intended name', () => {
  assert.equal(didYouMean('TEXTT', FIELD_TYPES), 'TEXT');
  assert.equal(didYouMean('nulable', ['nullable', 'unique', 'label']), 'nullable');
});

test('swapped adjacent letters count as one edit', () => {
  assert.equal(didYouMean('compnay', ['company', 'person']), 'company');
});

test('a difference in case alone is the closest suggestion after an exact match', () => {
  assert.deepEqual(suggestionList('Company', ['companies', 'company']), ['company', 'companies']);
});

test('names too far from every candidate get no suggestion', () => {
  assert.equal(didYouMean('xyz', ['company', 'person']), undefined);
  assert.equal(didYouMean('a', ['abc']), undefined);
});

test('suggestions are ordered by distance, then alphabetically', () => {
  assert.deepEqual(suggestionList('deal', ['dean', 'deals', 'meal', 'deal']), ['deal', 'deals', 'dean', 'meal']);
});

test('labels are derived from camelCase names and option values', () => {
  assert.equal(labelFromName('annualRecurringRevenue'), 'Annual Recurring Revenue');
  assert.equal(labelFromName('linkedinURL'), 'Linkedin URL');
  assert.equal(labelFromName('deal'), 'Deal');
  assert.equal(labelFromOptionValue('CLOSED_WON'), 'Closed Won');
});
