// Does our schema accept what a Twenty 2.43 client sends, and give back what it selects?
// Both sides are graphql-js schemas; each finding is a sentence naming the path that differs.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';

/** Scalars of 2.43 that one of ours accepts unchanged (the wire value is the same string). */
const ACCEPTS: Record<string, string[]> = {
  ID: ['UUID', 'String', 'ID'],
  String: ['String', 'UUID', 'ID', 'DateTime'],
  JSON: ['JSON', 'JSONObject'],
  JSONObject: ['JSON', 'JSONObject'],
  Float: ['Float', 'Int'],
};

function scalarAccepts(ours: string, theirs: string): boolean {
  return ours === theirs || (ACCEPTS[ours] ?? []).includes(theirs);
}

/** Findings for a value of 2.43 type `theirs` sent where we declare `ours`. */
export function inputFindings(theirs: GraphQLInputType, ours: GraphQLInputType, path: string, seen = new Set<string>()): string[] {
  const findings: string[] = [];
  if (isNonNullType(ours) && !isNonNullType(theirs)) findings.push(`${path} is required here and optional in 2.43`);
  const t = isNonNullType(theirs) ? theirs.ofType : theirs;
  const o = isNonNullType(ours) ? ours.ofType : ours;
  if (isListType(t)) {
    if (!isListType(o)) return [...findings, `${path} is a list in 2.43 and a single value here`];
    return [...findings, ...inputFindings(t.ofType, o.ofType, `${path}[]`, seen)];
  }
  if (isListType(o)) return [...findings, ...inputFindings(t, o.ofType, path, seen)];
  const tn = getNamedType(t);
  const on = getNamedType(o);
  if (isInputObjectType(tn) && isInputObjectType(on)) {
    const key = `${tn.name}→${on.name}`;
    if (seen.has(key)) return findings;
    seen.add(key);
    const ourFields = on.getFields();
    for (const field of Object.values(tn.getFields())) {
      const mine = ourFields[field.name];
      if (!mine) findings.push(`${path}.${field.name} (${field.type}) is not accepted`);
      else findings.push(...inputFindings(field.type, mine.type, `${path}.${field.name}`, seen));
    }
    for (const mine of Object.values(ourFields)) {
      if (!tn.getFields()[mine.name] && isNonNullType(mine.type) && mine.defaultValue === undefined) {
        findings.push(`${path}.${mine.name} is required here and does not exist in 2.43`);
      }
    }
    return findings;
  }
  if (isEnumType(tn) && isEnumType(on)) {
    const ourValues = new Set(on.getValues().map((v) => v.name));
    const missing = tn.getValues().filter((v) => !ourValues.has(v.name)).map((v) => v.name);
    if (missing.length) findings.push(`${path} (${tn.name}) lacks ${missing.join(', ')}`);
    return findings;
  }
  if (tn.name !== on.name && !scalarAccepts(on.name, tn.name)) findings.push(`${path} is ${on.name} here and ${tn.name} in 2.43`);
  return findings;
}

/** Output fields a 2.43 client may select on `theirs` that `ours` lacks. */
export function missingOutputFields(theirs: GraphQLNamedType, ours: GraphQLNamedType | undefined): string[] {
  if (!isObjectType(theirs)) return [];
  if (!ours || !isObjectType(ours)) return Object.keys(theirs.getFields());
  const mine = ours.getFields();
  return Object.keys(theirs.getFields()).filter((name) => !mine[name]);
}

/** Findings for one root field: arguments as 2.43 sends them, and the returned type's fields. */
export function rootFieldFindings(
  theirs: GraphQLField<unknown, unknown>,
  ours: GraphQLField<unknown, unknown>,
  ourType: (name: string) => GraphQLNamedType | undefined,
): { args: string[]; output: string[] } {
  const findings: string[] = [];
  const ourArgs = new Map(ours.args.map((a) => [a.name, a]));
  for (const arg of theirs.args) {
    const mine = ourArgs.get(arg.name);
    if (!mine) findings.push(`argument ${arg.name} (${arg.type}) is not accepted`);
    else findings.push(...inputFindings(arg.type, mine.type, arg.name));
  }
  for (const mine of ours.args) {
    if (!theirs.args.some((a) => a.name === mine.name) && isNonNullType(mine.type) && mine.defaultValue === undefined) {
      findings.push(`argument ${mine.name} is required here and does not exist in 2.43`);
    }
  }
  const output: string[] = [];
  const theirReturn = getNamedType(theirs.type);
  const ourReturn = getNamedType(ours.type);
  if (theirReturn.name !== ourReturn.name && !scalarAccepts(theirReturn.name, ourReturn.name)) {
    output.push(`returns ${ourReturn.name} here and ${theirReturn.name} in 2.43`);
  }
  const missing = missingOutputFields(theirReturn, ourType(theirReturn.name) ?? ourReturn);
  if (missing.length) output.push(`${theirReturn.name} lacks ${missing.join(', ')}`);
  return { args: findings, output };
}
