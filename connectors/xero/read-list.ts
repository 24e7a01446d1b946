import type { XeroClient } from 'xero-node';
import { ConnectorError } from '../types.js';

/** The Accounting API lists Dunwise pages through; each answers `{ pagination?, [list]: [...] }`. */
export type XeroList = 'Contacts' | 'Invoices' | 'CreditNotes' | 'Payments' | 'Overpayments' | 'Prepayments';

/** The query parameters of those lists that Dunwise uses, spelt as Xero spells them. */
export interface ListQuery {
  where?: string;
  order?: string;
  page?: number;
  pageSize?: number;
  /** Comma-separated in the URL; Xero's IDs filter breaks past about 52 GUIDs (Xero-OpenAPI#534). */
  IDs?: readonly string[];
  Statuses?: readonly string[];
  includeArchived?: boolean;
}

export interface ListPage {
  pagination?: { pageCount?: number };
  records: unknown[];
}

export interface ListOptions {
  headers?: Record<string, string>;
  /**
   * The answer must name the list. Xero leaves an empty list out of some answers, which for a page just means no
   * records; but a read by IDs that comes back without the list is not "all those records are gone" (reconcile
   * would take it for that): it is retried like any other malformed answer.
   */
  listRequired?: boolean;
}

/** Xero asks integrations to name themselves; the SDK's own requests say 'xero-node-<version>'. */
const USER_AGENT = 'dunwise (xero-node compatible)';

/** A page of a list is a few hundred KB; a request still silent after this long is dropped and retried. */
const REQUEST_TIMEOUT_MS = 120_000;

/** Thrown for a non-2xx answer, in the `{ response: { status, headers, body } }` shape parseXeroError reads. */
export class XeroHttpError extends Error {
  constructor(readonly response: { status: number; headers: Record<string, string>; body: unknown }) {
    super(`xero ${response.status}`);
  }
}

/**
 * GET one page of a list as the JSON Xero sent. xero-node's generated getters run every record through
 * `ObjectSerializer.deserialize`, building model objects for every field (line items, payments, credit notes,
 * dates) that Dunwise never reads: in a 100,000-invoice sync that took half of Dunwise's CPU (issue 9). This is
 * the request the SDK would make, with the SDK's base path and token; the records are picked into the connector's
 * shapes by wire.ts. Writes and single-record reads still go through xero-node.
 */
export async function getListPage(
  xero: XeroClient,
  tenantId: string,
  list: XeroList,
  query: ListQuery,
  options: ListOptions = {},
): Promise<{ response: { headers: Record<string, string> }; body: ListPage }> {
  const url = new URL(`${xero.accountingApi.basePath}/${list}`);
  url.search = queryString(query);
  const response = await fetch(url, {
    headers: {
      ...options.headers,
      'xero-tenant-id': tenantId,
      accept: 'application/json',
      authorization: `Bearer ${xero.readTokenSet().access_token ?? ''}`,
      'user-agent': USER_AGENT,
    },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const responseHeaders = Object.fromEntries(response.headers);
  if (!response.ok) {
    throw new XeroHttpError({ status: response.status, headers: responseHeaders, body: jsonOrText(text) });
  }
  return {
    response: { headers: responseHeaders },
    body: listPage(list, text, options.listRequired === true),
  };
}

/**
 * Each value encoded on its own and list items joined by a literal comma: a 50-GUID `IDs` takes 1,849 characters
 * this way and 1,947 with every comma escaped, close to the 2,048 Xero's URLs are known to fail past.
 */
function queryString(query: ListQuery): string {
  return (Object.entries(query) as [string, ListQuery[keyof ListQuery]][])
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => {
      const encoded = Array.isArray(value)
        ? value.map((item: string) => encodeURIComponent(item)).join(',')
        : encodeURIComponent(String(value));
      return `${name}=${encoded}`;
    })
    .join('&');
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A 200 whose body is not a list page is Xero (or a proxy) misbehaving: retried like any transient failure. */
function listPage(list: XeroList, text: string, listRequired: boolean): ListPage {
  const body = text === '' ? {} : jsonOrText(text);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ConnectorError('xero', 'transient', `xero ${list}: the answer is not a JSON object`);
  }
  const { pagination, [list]: records } = body as Record<string, unknown>;
  if (records === undefined && listRequired) {
    throw new ConnectorError('xero', 'transient', `xero ${list}: the answer has no "${list}"`);
  }
  if (records !== undefined && !Array.isArray(records)) {
    throw new ConnectorError('xero', 'transient', `xero ${list}: "${list}" is not a list`);
  }
  const pageCount = (pagination as { pageCount?: unknown } | undefined)?.pageCount;
  return {
    ...(typeof pageCount === 'number' ? { pagination: { pageCount } } : {}),
    records: records ?? [],
  };
}
