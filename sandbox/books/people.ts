import type { Random } from './random.js';

/**
 * Name, email and phone pools for generated customers. Non-ASCII names are deliberate: they catch encoding
 * bugs in templates, SMS segmenting and the providers' JSON.
 */
export const NOTABLE_BUSINESSES = [
  'Zoë Æbelø',
  'Müller GmbH',
  'Ōtautahi Plumbing',
  'Société Générale de Café',
  'Þórsdóttir & Sons',
  'Łódź Import Sp. z o.o.',
] as const;

const FIRST_NAMES = [
  'Aroha',
  'Tama',
  'Olivia',
  'Liam',
  'Noah',
  'Amelia',
  'Jack',
  'Isla',
  'Mia',
  'Oliver',
  'Charlotte',
  'Harper',
  'Mateo',
  'Sofía',
  'Chloé',
  'Léa',
  'Hugo',
  'Priya',
  'Wei',
  'Hana',
  'Niamh',
  'Siobhán',
  'José',
  'Zoë',
  'Björn',
  'Ngaio',
  'Rāwiri',
  'Grace',
  'Ethan',
  'Lucas',
] as const;

const LAST_NAMES = [
  'Smith',
  'Williams',
  'Brown',
  'Taylor',
  'Wilson',
  'Ngata',
  'Parata',
  'Müller',
  'Dubois',
  'García',
  'Nguyen',
  'Patel',
  "O'Brien",
  'Kowalski',
  'Larsen',
  'Chen',
  'Singh',
  'Martin',
  'Thompson',
  'Walker',
  'Lefèvre',
  'Søndergaard',
] as const;

const TRADES = [
  'Plumbing',
  'Electrical',
  'Landscaping',
  'Bakery',
  'Dental',
  'Architects',
  'Joinery',
  'Print Co',
  'Logistics',
  'Catering',
  'Physio',
  'Studio',
  'Roofing',
  'Florist',
  'Consulting',
  'Motors',
  'Vineyard',
  'Builders',
] as const;

const PLACES = [
  'Harbourside',
  'Northcote',
  'Riverside',
  'Kingsland',
  'Ponsonby',
  'Brooklyn',
  'Camden',
  'Fitzroy',
  'Montmartre',
  'Queenstown',
  'Hillcrest',
  'Bayview',
  'Oakridge',
  'Te Aro',
  'Mt Eden',
] as const;

const SUFFIXES: Record<string, readonly string[]> = {
  US: ['LLC', 'Inc.', 'Co.'],
  CA: ['Ltd.', 'Inc.'],
  GB: ['Ltd', 'LLP'],
  NZ: ['Ltd', 'Limited'],
  AU: ['Pty Ltd'],
  FR: ['SARL', 'SAS'],
};

export interface GeneratedPerson {
  displayName: string;
  contactName: string | null;
}

/** A business or sole trader. `serial` keeps display names unique, as QuickBooks requires. */
export function makePerson(random: Random, country: string, serial: number): GeneratedPerson {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const contactName = `${first} ${last}`;
  const roll = random.int(10);
  if (roll < 3) return { displayName: `${contactName} #${serial}`, contactName };
  const suffix = random.pick(SUFFIXES[country] ?? ['Ltd']);
  const business =
    roll < 7 ? `${random.pick(PLACES)} ${random.pick(TRADES)}` : `${last} ${random.pick(TRADES)}`;
  return {
    displayName: `${business} ${suffix} #${serial}`,
    contactName: random.chance(0.8) ? contactName : null,
  };
}

const ASCII_FOLD: Record<string, string> = { æ: 'ae', ø: 'o', ß: 'ss', ł: 'l', þ: 'th', ð: 'd' };

/** An email address derived from a name: lowercase ASCII, as most real addresses are. */
export function makeEmail(name: string, serial: number, domain: string): string {
  const local = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[æøßłþð]/g, (c) => ASCII_FOLD[c] ?? '')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local || 'accounts'}.${serial}@${domain}`;
}

const DOMAINS = ['example.com', 'example.net', 'example.org', 'example.co.nz', 'example.co.uk'] as const;

export function pickDomain(random: Random): string {
  return random.pick(DOMAINS);
}

function digits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random.int(10));
  return out;
}

/**
 * E.164 numbers that libphonenumber-js accepts as valid for their country, from ranges reserved for fiction
 * where the country has one (US/CA 555-01XX, AU 0491 570, GB 020 7946 0).
 */
export function makeMobile(random: Random, country: string): string {
  switch (country) {
    case 'US':
      return `+1${random.pick(['212', '415', '646', '617'])}55501${digits(random, 2)}`;
    case 'CA':
      return `+1${random.pick(['416', '613', '604'])}55501${digits(random, 2)}`;
    case 'GB':
      return `+447400${digits(random, 6)}`;
    case 'AU':
      return `+61491570${digits(random, 3)}`;
    case 'FR':
      return `+3361${digits(random, 7)}`;
    default:
      return `+6421${digits(random, 7)}`;
  }
}

export function makeLandline(random: Random, country: string): string {
  switch (country) {
    case 'US':
      return `+1${random.pick(['312', '718', '303'])}55501${digits(random, 2)}`;
    case 'CA':
      return `+1${random.pick(['514', '403'])}55501${digits(random, 2)}`;
    case 'GB':
      return `+4420794600${digits(random, 2)}`;
    case 'AU':
      return `+612555${digits(random, 5)}`;
    case 'FR':
      return `+331${digits(random, 8)}`;
    default:
      return `+64930${digits(random, 5)}`;
  }
}

/** Numbers a careless import leaves behind: Twilio answers 21211 for these. */
export const INVALID_PHONES = ['12345', '(415) 555-0142', '+1555', '+44 20 7946', 'n/a'] as const;
