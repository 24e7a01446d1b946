import { pacificSeconds } from './time.js';

const currencyNames = new Intl.DisplayNames('en', { type: 'currency' });
const regionNames = new Intl.DisplayNames('en', { type: 'region' });

export function metaData(record: { createdAt: number; updatedAt: number }): {
  CreateTime: string;
  LastUpdatedTime: string;
} {
  return { CreateTime: pacificSeconds(record.createdAt), LastUpdatedTime: pacificSeconds(record.updatedAt) };
}

const currencyNameCache = new Map<string, string>();

export function currencyRef(currency: string): { value: string; name: string } {
  let name = currencyNameCache.get(currency);
  if (name === undefined) {
    name = currencyNames.of(currency) ?? currency;
    currencyNameCache.set(currency, name);
  }
  return { value: currency, name };
}

/** QBO addresses carry free-form country text; US companies usually show 'USA'. */
export function countryText(country: string): string {
  if (country === 'US') return 'USA';
  try {
    return regionNames.of(country) ?? country;
  } catch {
    return country;
  }
}

/** How CDC reports a deleted object: no body, only its Id, status and last change time. */
export function deletedStub(record: { id: string; updatedAt: number }): object {
  return {
    domain: 'QBO',
    status: 'Deleted',
    Id: record.id,
    MetaData: { LastUpdatedTime: pacificSeconds(record.updatedAt) },
  };
}
