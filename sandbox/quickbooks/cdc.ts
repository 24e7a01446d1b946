import type { Company } from '../books/types.js';
import { entityByName, type EntityDef } from './entities.js';
import { faults, type QboError } from './faults.js';
import { deletedStub } from './render-common.js';
import { parseQboInstant, truncateToSecond } from './time.js';

export const CDC_LOOKBACK_MS = 30 * 86_400_000;
export const CDC_MAX_PER_ENTITY = 1000;
const CDC_ENTITIES = new Set(['Invoice', 'Payment', 'Customer', 'CreditMemo']);

/**
 * `GET cdc?entities=…&changedSince=…` (reference §2.4): every object of those entities changed since the
 * instant, deleted ones as `{status:"Deleted"}` stubs, oldest change first and cut at 1,000 per entity as QBO
 * does (silently: the client must notice a full block and shorten its window). One QueryResponse element per
 * requested entity; an entity without changes is `{}`.
 */
export function runCdc(
  company: Company,
  params: { entities: string; changedSince: string; now: number },
  privateNote: (invoiceId: string) => string | undefined,
): { ok: true; body: object } | { ok: false; error: QboError } {
  if (!params.entities) return { ok: false, error: faults.requiredParam('entities') };
  if (!params.changedSince) return { ok: false, error: faults.requiredParam('changedSince') };
  const since = parseQboInstant(params.changedSince);
  if (since === null)
    return { ok: false, error: faults.invalidProperty(`changedSince:${params.changedSince}`) };
  if (params.now - since > CDC_LOOKBACK_MS)
    return { ok: false, error: faults.cdcTooOld(params.changedSince) };

  const blocks: object[] = [];
  for (const name of params.entities
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)) {
    const entity = entityByName(name);
    if (!entity || !CDC_ENTITIES.has(entity.name)) {
      return { ok: false, error: faults.queryValidation(`Entity ${name} is not supported for CDC`) };
    }
    blocks.push(changesOf(company, entity, since, privateNote));
  }
  return { ok: true, body: { CDCResponse: [{ QueryResponse: blocks }] } };
}

interface Versioned {
  id: string;
  updatedAt: number;
}

function changesOf(
  company: Company,
  entity: EntityDef<unknown>,
  since: number,
  privateNote: (invoiceId: string) => string | undefined,
): object {
  const changed = (entity.allRows(company) as Versioned[])
    .filter((row) => truncateToSecond(row.updatedAt) >= since)
    .sort((a, b) => a.updatedAt - b.updatedAt)
    .slice(0, CDC_MAX_PER_ENTITY);
  if (changed.length === 0) return {};
  return {
    [entity.name]: changed.map((row) =>
      entity.isDeleted(row) ? deletedStub(row) : entity.render(company, row, privateNote),
    ),
    startPosition: 1,
    maxResults: changed.length,
    totalCount: changed.length,
  };
}
