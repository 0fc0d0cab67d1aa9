// The raw baseline's hand-written statements: one per route, each producing the final JSON
// body as text in Postgres. Semantics follow twenty's (live rows only, id tie-breakers, new
// records placed before the first by position, actor columns stamped) so the comparison
// isolates the server's own cost. Built through the product's sql module with named
// parameter markers, compiled once at startup.
import { compile, ident, sql, type Sql } from '../../src/core/sql.ts';

export interface RawStatement {
  text: string;
  /** Body keys, in $1..$n order. */
  params: string[];
}

interface Marker {
  param: string;
}

const p = (param: string): Marker => ({ param });

function statements(schema: string): Record<string, Sql> {
  const t = (table: string) => ident(schema, table);
  const name = (alias: string) => sql`json_build_object('firstName', ${ident(alias, 'nameFirstName')}, 'lastName', ${ident(alias, 'nameLastName')})`;
  const links = (alias: string, field: string) =>
    sql`json_build_object('primaryLinkUrl', ${ident(alias, `${field}PrimaryLinkUrl`)}, 'primaryLinkLabel', ${ident(alias, `${field}PrimaryLinkLabel`)}, 'secondaryLinks', ${ident(alias, `${field}SecondaryLinks`)})`;
  const actor = (alias: string, field: string) =>
    sql`json_build_object('source', ${ident(alias, `${field}Source`)}, 'workspaceMemberId', ${ident(alias, `${field}WorkspaceMemberId`)}, 'name', ${ident(alias, `${field}Name`)}, 'context', ${ident(alias, `${field}Context`)})`;
  // Every value field of a person, as REST depth=1 embeds it.
  const person = sql`json_build_object('id', "p"."id", 'createdAt', "p"."createdAt", 'updatedAt', "p"."updatedAt", 'deletedAt', "p"."deletedAt", 'position', "p"."position",
    'createdBy', ${actor('p', 'createdBy')}, 'updatedBy', ${actor('p', 'updatedBy')}, 'name', ${name('p')},
    'emails', json_build_object('primaryEmail', "p"."emailsPrimaryEmail", 'additionalEmails', "p"."emailsAdditionalEmails"),
    'linkedinLink', ${links('p', 'linkedinLink')}, 'xLink', ${links('p', 'xLink')}, 'jobTitle', "p"."jobTitle",
    'phones', json_build_object('primaryPhoneNumber', "p"."phonesPrimaryPhoneNumber", 'primaryPhoneCountryCode', "p"."phonesPrimaryPhoneCountryCode", 'primaryPhoneCallingCode', "p"."phonesPrimaryPhoneCallingCode", 'additionalPhones', "p"."phonesAdditionalPhones"),
    'city', "p"."city", 'avatarUrl', "p"."avatarUrl", 'companyId', "p"."companyId")`;
  const fivePeople = (fields: Sql) =>
    sql`(SELECT json_build_object('edges', coalesce(json_agg(json_build_object('node', ${fields}) ORDER BY "p"."id"), '[]')) FROM (SELECT * FROM ${t('person')} AS "p" WHERE "p"."companyId" = "c"."id" AND "p"."deletedAt" IS NULL ORDER BY "p"."id" LIMIT 5) AS "p")`;
  const newCompany = sql`'API', 'bench', 'API', 'bench'`;
  const minPosition = sql`(SELECT coalesce(min("x"."position"), 0) FROM ${t('company')} AS "x")`;
  return {
    q1: sql`WITH "page" AS (SELECT "c"."id", "c"."name", "c"."employees", "c"."domainNamePrimaryLinkUrl" AS "url" FROM ${t('company')} AS "c"
        WHERE "c"."accountOwnerId" = ${p('owner')} AND "c"."deletedAt" IS NULL AND ("c"."employees" < ${p('afterEmployees')} OR ("c"."employees" = ${p('afterEmployees')} AND "c"."id" > ${p('afterId')}))
        ORDER BY "c"."employees" DESC, "c"."id" LIMIT 21),
      "first" AS (SELECT * FROM "page" ORDER BY "employees" DESC, "id" LIMIT 20)
      SELECT json_build_object('companies', json_build_object(
        'edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object('id', "f"."id", 'name', "f"."name", 'employees', "f"."employees", 'domainName', json_build_object('primaryLinkUrl', "f"."url"))) ORDER BY "f"."employees" DESC, "f"."id"), '[]') FROM "first" AS "f"),
        'pageInfo', json_build_object('hasNextPage', (SELECT count(*) > 20 FROM "page"), 'endCursor', (SELECT json_build_object('employees', "f"."employees", 'id', "f"."id")::text FROM "first" AS "f" ORDER BY "f"."employees", "f"."id" DESC LIMIT 1))))::text AS "body"`,
    q2: sql`SELECT json_build_object('companies', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object('id', "c"."id", 'name', "c"."name",
        'people', ${fivePeople(sql`json_build_object('id', "p"."id", 'name', ${name('p')}, 'jobTitle', "p"."jobTitle")`)})) ORDER BY "c"."id"), '[]')))::text AS "body"
      FROM (SELECT "c"."id", "c"."name" FROM ${t('company')} AS "c" WHERE "c"."deletedAt" IS NULL ORDER BY "c"."id" LIMIT 20) AS "c"`,
    q3: sql`SELECT json_build_object('company', (SELECT json_build_object('id', "c"."id", 'name', "c"."name", 'employees', "c"."employees", 'domainName', json_build_object('primaryLinkUrl', "c"."domainNamePrimaryLinkUrl"),
        'address', json_build_object('addressCity', "c"."addressAddressCity"), 'createdAt', "c"."createdAt") FROM ${t('company')} AS "c" WHERE "c"."id" = ${p('id')} AND "c"."deletedAt" IS NULL))::text AS "body"`,
    q4: sql`SELECT json_build_object('opportunities', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object('id', "o"."id", 'name', "o"."name", 'stage', "o"."stage",
        'company', (SELECT json_build_object('id', "c"."id", 'name', "c"."name", 'people', ${fivePeople(sql`json_build_object('id', "p"."id", 'jobTitle', "p"."jobTitle")`)}) FROM ${t('company')} AS "c" WHERE "c"."id" = "o"."companyId" AND "c"."deletedAt" IS NULL))) ORDER BY "o"."id"), '[]')))::text AS "body"
      FROM (SELECT "o"."id", "o"."name", "o"."stage", "o"."companyId" FROM ${t('opportunity')} AS "o" WHERE "o"."deletedAt" IS NULL ORDER BY "o"."id" LIMIT 10) AS "o"`,
    q5: sql`WITH "page" AS (SELECT "c"."id", "c"."name", "c"."employees", "c"."domainNamePrimaryLinkUrl", "c"."domainNamePrimaryLinkLabel", "c"."domainNameSecondaryLinks" FROM ${t('company')} AS "c"
        WHERE "c"."accountOwnerId" = ${p('owner')} AND "c"."deletedAt" IS NULL ORDER BY "c"."employees" DESC, "c"."id" LIMIT 21),
      "first" AS (SELECT * FROM "page" AS "c" ORDER BY "c"."employees" DESC, "c"."id" LIMIT 20)
      SELECT json_build_object(
        'data', json_build_object('companies', (SELECT coalesce(json_agg(json_build_object('id', "c"."id", 'name', "c"."name", 'employees', "c"."employees", 'domainName', ${links('c', 'domainName')},
          'people', (SELECT coalesce(json_agg(${person} ORDER BY "p"."id"), '[]') FROM (SELECT * FROM ${t('person')} AS "p" WHERE "p"."companyId" = "c"."id" AND "p"."deletedAt" IS NULL ORDER BY "p"."id" LIMIT 60) AS "p"))
          ORDER BY "c"."employees" DESC, "c"."id"), '[]') FROM "first" AS "c")),
        'pageInfo', json_build_object('hasNextPage', (SELECT count(*) > 20 FROM "page")),
        'totalCount', (SELECT count(*) FROM ${t('company')} AS "c" WHERE "c"."accountOwnerId" = ${p('owner')} AND "c"."deletedAt" IS NULL))::text AS "body"`,
    m1: sql`WITH "w" AS (INSERT INTO ${t('company')} AS "w" ("name", "employees", "position", "createdBySource", "createdByName", "updatedBySource", "updatedByName")
        VALUES (${p('name')}, ${p('employees')}, ${minPosition} - 1, ${newCompany}) RETURNING "w"."id", "w"."name")
      SELECT json_build_object('createCompany', json_build_object('id', "w"."id", 'name', "w"."name"))::text AS "body" FROM "w"`,
    m2: sql`WITH "w" AS (UPDATE ${t('company')} AS "c" SET "name" = ${p('name')}, "updatedAt" = now(), "updatedBySource" = 'API', "updatedByName" = 'bench'
        WHERE "c"."id" = ${p('id')} AND "c"."deletedAt" IS NULL RETURNING "c"."id", "c"."name")
      SELECT json_build_object('updateCompany', (SELECT json_build_object('id', "w"."id", 'name', "w"."name") FROM "w"))::text AS "body"`,
    m3: sql`WITH "i" AS (SELECT * FROM unnest(${p('names')}::text[], ${p('employees')}::int[]) WITH ORDINALITY AS "i"("name", "employees", "ord")),
      "w" AS (INSERT INTO ${t('company')} AS "w" ("name", "employees", "position", "createdBySource", "createdByName", "updatedBySource", "updatedByName")
        SELECT "i"."name", "i"."employees", ${minPosition} - ((SELECT count(*) FROM "i") + 1 - "i"."ord"), ${newCompany} FROM "i" ORDER BY "i"."ord" RETURNING "w"."id", "w"."name")
      SELECT json_build_object('createCompanies', coalesce(json_agg(json_build_object('id', "w"."id", 'name', "w"."name")), '[]'))::text AS "body" FROM "w"`,
  };
}

export function rawStatements(schema: string): Record<string, RawStatement> {
  return Object.fromEntries(
    Object.entries(statements(schema)).map(([route, statement]) => {
      const { text, values } = compile(statement);
      return [route, { text, params: values.map((v) => (v as Marker).param) }];
    }),
  );
}
