// The aggregate fields a connection offers (spec §1.3, after Twenty's
// get-available-aggregations-from-object-fields): counts and percentages for every
// non-relation field, min/max for dates, min/max/avg/sum for numbers and currency amounts.
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { pascal } from '../../metadata/names.ts';
import type { AggregateOp } from '../query/ir.ts';

export interface AggregateField {
  /** The GraphQL field name on the connection, e.g. `sumAmountAmountMicros`. */
  name: string;
  op: AggregateOp;
  field: string;
  subField?: string;
  /** The GraphQL output type of the value. */
  type: 'Int' | 'Float' | 'DateTime';
}

const COUNTS: ReadonlyArray<[AggregateOp, AggregateField['type']]> = [
  ['countUniqueValues', 'Int'],
  ['countEmpty', 'Int'],
  ['countNotEmpty', 'Int'],
  ['percentageEmpty', 'Float'],
  ['percentageNotEmpty', 'Float'],
];

export function aggregateFields(object: ObjectModel): AggregateField[] {
  return object.fields.flatMap(fieldAggregates);
}

function fieldAggregates(field: FieldModel): AggregateField[] {
  if (field.type === 'RELATION') return [];
  const name = pascal(field.name);
  const out: AggregateField[] = COUNTS.map(([op, type]) => ({ name: `${op}${name}`, op, field: field.name, type }));
  const numeric = (ops: AggregateOp[], suffix = '', subField?: string) =>
    ops.map((op): AggregateField => ({ name: `${op}${name}${suffix}`, op, field: field.name, subField, type: 'Float' }));
  switch (field.type) {
    case 'DATE':
    case 'DATE_TIME':
      out.push(...(['min', 'max'] as const).map((op): AggregateField => ({ name: `${op}${name}`, op, field: field.name, type: 'DateTime' })));
      break;
    case 'BOOLEAN':
      out.push(...(['countTrue', 'countFalse'] as const).map((op): AggregateField => ({ name: `${op}${name}`, op, field: field.name, type: 'Int' })));
      break;
    case 'NUMBER':
      out.push(...numeric(['min', 'max', 'avg', 'sum']));
      break;
    case 'CURRENCY':
      out.push(...numeric(['min', 'max', 'sum', 'avg'], 'AmountMicros', 'amountMicros'));
      break;
  }
  return out;
}
