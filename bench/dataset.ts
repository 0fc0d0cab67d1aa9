// The benchmark dataset: workspace members, companies, people, opportunities, notes and tasks
// with their targets, generated deterministically (a seeded PRNG, so two runs at one scale
// hold the same rows) and written through the product's seeding path (insertRecords).
import type { Db } from '../src/core/db.ts';
import { insertRecords } from '../src/api/seed/insert-records.ts';
import type { Actor, RecordInput } from '../src/api/query/ir.ts';
import type { WorkspaceModel } from '../src/metadata/model.ts';

/** The product's seeding path: multi-row INSERTs through compileCreate, one transaction per object. */
const SEED_INSERT = { name: 'insertRecords (src/api/seed)', insert: insertRecords };

export interface DatasetSize {
  workspaceMembers: number;
  companies: number;
  people: number;
  opportunities: number;
  notes: number;
  tasks: number;
}

/** scale 1 = 100k companies, 500k people, 50k opportunities, 50k notes and 50k tasks. */
export function datasetSize(scale: number): DatasetSize {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  // At least 50 companies per account owner, so a second page of q1 is full.
  const companies = n(100_000, 500);
  return { workspaceMembers: 10, companies, people: companies * 5, opportunities: n(50_000, 25), notes: n(50_000, 20), tasks: n(50_000, 20) };
}

/** mulberry32: small, fast and good enough to spread values; seeded so rows repeat. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Edsger', 'Frances', 'Donald'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Dijkstra', 'Allen', 'Knuth'];
const CITIES = ['Paris', 'Berlin', 'London', 'Lisbon', 'Madrid', 'Rome', 'Oslo', 'Prague'];
const TITLES = ['CEO', 'CTO', 'Engineer', 'Designer', 'Sales', 'Marketing', 'Support', 'Finance'];
const STAGES = ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER'];

export interface Dataset {
  size: DatasetSize;
  memberIds: string[];
  companyIds: string[];
  personIds: string[];
  opportunityIds: string[];
  tables: { object: string; records: RecordInput[] }[];
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)];
}

/** Every record of the dataset, in insertion order (targets after what they point to). */
export function generateDataset(scale: number, seed = 20): Dataset {
  const size = datasetSize(scale);
  const random = prng(seed);
  const ids = (n: number) => Array.from({ length: n }, () => uuidFrom(random));
  const memberIds = ids(size.workspaceMembers);
  const companyIds = ids(size.companies);
  const personIds = ids(size.people);
  const opportunityIds = ids(size.opportunities);
  const noteIds = ids(size.notes);
  const taskIds = ids(size.tasks);
  const members = memberIds.map((id, i) => ({ id, name: { firstName: FIRST[i % FIRST.length], lastName: LAST[i % LAST.length] }, userEmail: `member${i}@example.com`, position: i }));
  const companies = companyIds.map((id, i) => ({
    id,
    name: `${LAST[i % LAST.length]} ${i}`,
    domainName: { primaryLinkUrl: `https://company${i}.example.com` },
    employees: 1 + Math.floor(random() * 50_000),
    idealCustomerProfile: i % 3 === 0,
    accountOwnerId: memberIds[i % memberIds.length],
    address: { addressCity: pick(CITIES, random), addressCountry: 'France' },
    annualRecurringRevenue: { amountMicros: Math.floor(random() * 1e6) * 1e6, currencyCode: 'USD' },
    position: i,
  }));
  const people = personIds.map((id, i) => ({
    id,
    name: { firstName: pick(FIRST, random), lastName: pick(LAST, random) },
    emails: { primaryEmail: `person${i}@example.com` },
    jobTitle: pick(TITLES, random),
    city: pick(CITIES, random),
    companyId: companyIds[i % companyIds.length],
    position: i,
  }));
  const opportunities = opportunityIds.map((id, i) => ({
    id,
    name: `Deal ${i}`,
    amount: { amountMicros: Math.floor(random() * 1e5) * 1e6, currencyCode: 'EUR' },
    closeDate: new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 730) * 86_400_000).toISOString(),
    stage: pick(STAGES, random),
    companyId: companyIds[(i * 2) % companyIds.length],
    pointOfContactId: personIds[(i * 2) % companyIds.length],
    position: i,
  }));
  const notes = noteIds.map((id, i) => ({ id, title: `Note ${i}`, bodyV2: { markdown: `Call notes ${i}` }, position: i }));
  const tasks = taskIds.map((id, i) => ({ id, title: `Task ${i}`, status: pick(['TODO', 'IN_PROGRESS', 'DONE'], random), assigneeId: memberIds[i % memberIds.length], position: i }));
  // Each note and task is attached to one company or one person, alternately.
  const target = (i: number) => (i % 2 === 0 ? { targetCompanyId: companyIds[i % companyIds.length] } : { targetPersonId: personIds[i % personIds.length] });
  const noteTargets = noteIds.map((noteId, i) => ({ id: uuidFrom(random), noteId, ...target(i) }));
  const taskTargets = taskIds.map((taskId, i) => ({ id: uuidFrom(random), taskId, ...target(i) }));
  return {
    size,
    memberIds,
    companyIds,
    personIds,
    opportunityIds,
    tables: [
      { object: 'workspaceMember', records: members },
      { object: 'company', records: companies },
      { object: 'person', records: people },
      { object: 'opportunity', records: opportunities },
      { object: 'note', records: notes },
      { object: 'task', records: tasks },
      { object: 'noteTarget', records: noteTargets },
      { object: 'taskTarget', records: taskTargets },
    ],
  };
}

export interface SeedReport {
  insert: string;
  rows: number;
  ms: number;
  rowsPerSecond: number;
  perObject: { object: string; rows: number; ms: number }[];
}

const SEED_ACTOR: Actor = { source: 'IMPORT', workspaceMemberId: null, name: 'bench' };

export async function seedDataset(db: Db, model: WorkspaceModel, dataset: Dataset, log: (line: string) => void, batchSize = 1000): Promise<SeedReport> {
  const perObject: SeedReport['perObject'] = [];
  const started = performance.now();
  for (const table of dataset.tables) {
    const t0 = performance.now();
    await SEED_INSERT.insert(db, model, table.object, table.records, SEED_ACTOR, { batchSize });
    const ms = performance.now() - t0;
    perObject.push({ object: table.object, rows: table.records.length, ms });
    log(`seeded ${table.records.length} ${table.object} rows in ${Math.round(ms)} ms (${Math.round((table.records.length / ms) * 1000)} rows/s)`);
  }
  const ms = performance.now() - started;
  const rows = perObject.reduce((sum, o) => sum + o.rows, 0);
  return { insert: SEED_INSERT.name, rows, ms, rowsPerSecond: (rows / ms) * 1000, perObject };
}
