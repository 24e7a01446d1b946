import { settledLater } from '../prefetch.js';
import type { OrgClient } from './org-client.js';
import { getListPage, type ListQuery, type XeroList } from './read-list.js';

/** Xero's largest page (pageSize added to the API in 2024); fewer calls per organisation-day. */
export const PAGE_SIZE = 1000;

/**
 * Walks the pages of one list endpoint, handing each page's records (picked by `pick`) to `onPage` in order; the
 * next page is asked for while `onPage` stores the current one (one more request in flight, within Xero's 5), so
 * memory stays two pages and a failure later keeps what already landed. Stops on `pagination.pageCount`, or on a
 * short page when the response has no pagination (B06/P24). A minute 429 is retried inside `org.call`, so the
 * loop resumes at the same page.
 */
export async function forEachPage<T>(
  org: OrgClient,
  label: string,
  modifiedSince: Date | null,
  list: XeroList,
  query: ListQuery,
  pick: (record: unknown) => T,
  onPage: (records: T[], page: number) => Promise<void>,
): Promise<{ pages: number; records: number }> {
  const headers: Record<string, string> = modifiedSince
    ? { 'If-Modified-Since': ifModifiedSince(modifiedSince) }
    : {};
  const fetchPage = (page: number) =>
    settledLater(
      org.call(`${label} page ${page}`, (xero) =>
        getListPage(xero, org.tenantId, list, { ...query, page, pageSize: org.pageSize }, { headers }),
      ),
    );
  let records = 0;
  let next = fetchPage(1);
  for (let page = 1; ; page += 1) {
    const body = await next;
    const rows = body.records.map(pick);
    records += rows.length;
    const pageCount = body.pagination?.pageCount;
    const more = typeof pageCount === 'number' ? page < pageCount : rows.length >= org.pageSize;
    if (more && rows.length > 0) next = fetchPage(page + 1);
    await onPage(rows, page);
    if (!more || rows.length === 0) return { pages: page, records };
  }
}

/**
 * One unpaged read of a list (records by id): at most `IDs.length` records come back. `listRequired` when the
 * caller reads absence as meaning (see read-list.ts).
 */
export async function readList<T>(
  org: OrgClient,
  label: string,
  list: XeroList,
  query: ListQuery,
  pick: (record: unknown) => T,
  options: { listRequired?: boolean } = {},
): Promise<T[]> {
  const body = await org.call(label, (xero) => getListPage(xero, org.tenantId, list, query, options));
  return body.records.map(pick);
}

/** 'YYYY-MM-DDTHH:mm:ss', UTC, no milliseconds: the form Xero documents for If-Modified-Since. */
export function ifModifiedSince(at: Date): string {
  return at.toISOString().slice(0, 19);
}
