// The demo data set, generated deterministically (same ids and values on every run): 50
// companies, 200 people working at them, opportunities, and notes and tasks with targets.
import { createHash } from 'node:crypto';
import type { RecordInput } from '../query/ir.ts';
import type { RecordGroup } from './insert-records.ts';
import { standardModelSpec } from '../../metadata/workspaces.ts';

const COMPANY_WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Wonka', 'Soylent'];
const COMPANY_KINDS = ['Labs', 'Systems', 'Logistics', 'Analytics', 'Foods'];
const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Tim', 'Frances', 'Edsger', 'Katherine', 'Donald', 'Hedy', 'John', 'Sophie', 'Guido', 'Anita', 'Bjarne'];
const LAST_NAMES = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'Berners-Lee'];
const JOBS = ['CEO', 'CTO', 'Head of Sales', 'Engineer', 'Designer', 'Account Executive', 'Product Manager', 'Office Manager'];
const CITIES = ['Paris', 'Berlin', 'London', 'New York', 'San Francisco', 'Lisbon', 'Tokyo', 'Toronto'];
/** The option values of a standard SELECT field, from the shipped template. */
function standardOptions(object: string, field: string): string[] {
  const spec = standardModelSpec().objects.find((o) => o.nameSingular === object)?.fields.find((f) => f.name === field);
  return (spec?.options ?? []).map((o) => o.value);
}

const STAGES = standardOptions('opportunity', 'stage');
const TASK_STATUSES = standardOptions('task', 'status');
const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2025, 0, 1);

/** A stable v4-shaped UUID for a demo record. */
export function demoId(kind: string, n: number): string {
  const hex = createHash('sha256').update(`twenty-demo:${kind}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

function companies(): RecordInput[] {
  return range(50).map((i) => {
    const name = `${pick(COMPANY_WORDS, i)} ${pick(COMPANY_KINDS, Math.floor(i / COMPANY_WORDS.length))}`;
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
    return {
      id: demoId('company', i),
      name,
      domainName: { primaryLinkUrl: `https://${slug}.example.com`, primaryLinkLabel: '' },
      employees: 10 + ((i * 37) % 990),
      linkedinLink: { primaryLinkUrl: `https://www.linkedin.com/company/${slug}` },
      annualRecurringRevenue: { amountMicros: (100_000 + ((i * 7919) % 900_000)) * 1_000_000, currencyCode: 'USD' },
      address: { addressCity: pick(CITIES, i), addressCountry: 'Demo' },
      idealCustomerProfile: i % 3 === 0,
    };
  });
}

function people(): RecordInput[] {
  return range(200).map((i) => {
    const firstName = pick(FIRST_NAMES, i);
    const lastName = pick(LAST_NAMES, Math.floor(i / FIRST_NAMES.length));
    return {
      id: demoId('person', i),
      name: { firstName, lastName },
      emails: { primaryEmail: `${firstName}.${lastName}.${i}@example.com`.toLowerCase() },
      jobTitle: pick(JOBS, i),
      city: pick(CITIES, i + 3),
      phones: { primaryPhoneNumber: `555${String(1_000_000 + i).slice(1)}`, primaryPhoneCountryCode: 'US', primaryPhoneCallingCode: '+1' },
      companyId: demoId('company', i % 50),
    };
  });
}

function opportunities(): RecordInput[] {
  return range(80).map((i) => ({
    id: demoId('opportunity', i),
    name: `${pick(['Renewal', 'Expansion', 'Pilot', 'New deal'], i)} ${i + 1}`,
    amount: { amountMicros: (5_000 + ((i * 613) % 95_000)) * 1_000_000, currencyCode: 'USD' },
    closeDate: new Date(EPOCH + (i % 180) * DAY_MS).toISOString(),
    stage: pick(STAGES, i),
    companyId: demoId('company', (i * 7) % 50),
    pointOfContactId: demoId('person', (i * 11) % 200),
  }));
}

function notes(): RecordInput[] {
  return range(60).map((i) => ({ id: demoId('note', i), title: `Call notes #${i + 1}`, bodyV2: { markdown: `Discussed next steps (${pick(STAGES, i).toLowerCase()}).` } }));
}

function tasks(): RecordInput[] {
  return range(60).map((i) => ({ id: demoId('task', i), title: `Follow up #${i + 1}`, status: pick(TASK_STATUSES, i), dueAt: new Date(EPOCH + (i % 60) * DAY_MS).toISOString() }));
}

/** Each note/task is attached to a company, and every other one also to a person. */
function targets(kind: 'note' | 'task'): RecordInput[] {
  return range(60).flatMap((i) => {
    const base = { [`${kind}Id`]: demoId(kind, i) };
    const company = { ...base, id: demoId(`${kind}Target`, i * 2), targetCompanyId: demoId('company', i % 50) };
    return i % 2 === 0 ? [company, { ...base, id: demoId(`${kind}Target`, i * 2 + 1), targetPersonId: demoId('person', (i * 3) % 200) }] : [company];
  });
}

/** Parents before children, as insertGroups needs. */
export function demoGroups(): RecordGroup[] {
  return [
    { object: 'company', records: companies() },
    { object: 'person', records: people() },
    { object: 'opportunity', records: opportunities() },
    { object: 'note', records: notes() },
    { object: 'task', records: tasks() },
    { object: 'noteTarget', records: targets('note') },
    { object: 'taskTarget', records: targets('task') },
  ];
}
