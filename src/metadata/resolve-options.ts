// Select options while resolving: matched by id, renamedFrom, then value (so a renamed option
// keeps its id and its rows), defaults that follow a renamed option, and what a file may do to
// a standard field's options (add new ones, nothing else).
import type { FieldModel, FieldOption } from './model.ts';
import type { FieldSpec, OptionSpec } from './spec.ts';
import { labelFromOptionValue } from './labels.ts';
import { RATING_VALUES } from './field-types.ts';

const OPTION_COLORS = ['green', 'turquoise', 'sky', 'blue', 'purple', 'pink', 'red', 'orange', 'yellow', 'gray'];

export function resolveOptions(spec: FieldSpec, existing: FieldOption[] | null, newId: () => string): FieldOption[] | null {
  if (spec.type === 'RATING' && !spec.options) {
    return existing ?? RATING_VALUES.map((value, position) => ({ id: newId(), value, label: `${position + 1}`, color: 'gray', position }));
  }
  if (!spec.options) return spec.type === 'SELECT' || spec.type === 'MULTI_SELECT' ? existing : null;
  const remaining = [...(existing ?? [])];
  const resolved = spec.options.map((o: OptionSpec, position) => {
    const match =
      (o.id ? remaining.find((e) => e.id === o.id) : undefined) ??
      (o.renamedFrom ? remaining.find((e) => e.value === o.renamedFrom) : undefined) ??
      remaining.find((e) => e.value === o.value);
    if (match) remaining.splice(remaining.indexOf(match), 1);
    return {
      // A new option keeps the id it was given (an option id is only a key inside its field).
      id: match?.id ?? o.id ?? newId(),
      value: o.value,
      label: o.label ?? match?.label ?? labelFromOptionValue(o.value),
      color: o.color ?? match?.color ?? OPTION_COLORS[position % OPTION_COLORS.length],
      position,
    };
  });
  // Options the file does not list stay (unmanaged), after the listed ones.
  return [...resolved, ...remaining.map((o, i) => ({ ...o, position: resolved.length + i }))];
}

/** A default naming an option follows that option's rename (same option id, new value). */
export function renamedDefault(value: unknown, before: FieldOption[] | null, after: FieldOption[] | null): unknown {
  if (!before || !after) return value;
  const follow = (v: unknown) => {
    const old = before.find((o) => o.value === v);
    return (old && after.find((o) => o.id === old.id)?.value) ?? v;
  };
  return Array.isArray(value) ? value.map(follow) : follow(value);
}

/** A standard SELECT/MULTI_SELECT field may list new options; anything else would change it. */
export function onlyAddsOptions(spec: FieldSpec, existing: FieldModel): boolean {
  const isSelect = existing.type === 'SELECT' || existing.type === 'MULTI_SELECT';
  const changesMore = (['renamedFrom', 'label', 'description', 'icon', 'nullable', 'unique', 'default', 'settings', 'relation'] as const).some((k) => spec[k] !== undefined);
  const renamesOption = (spec.options ?? []).some((o) => o.renamedFrom !== undefined);
  return isSelect && spec.type === existing.type && spec.options !== undefined && !changesMore && !renamesOption;
}

/** The standard options stay as they are, first; options the file adds follow. */
export function extendOptions(spec: FieldSpec, existing: FieldOption[], newId: () => string): FieldOption[] {
  const added = (spec.options ?? []).filter((o) => !existing.some((e) => e.value === o.value));
  return [
    ...existing,
    ...added.map((o, i) => {
      const position = existing.length + i;
      return { id: o.id ?? newId(), value: o.value, label: o.label ?? labelFromOptionValue(o.value), color: o.color ?? OPTION_COLORS[position % OPTION_COLORS.length], position };
    }),
  ];
}
