import { Liquid, type Template } from 'liquidjs';

export type OutputKind = 'text' | 'html';

/** Tags that reach outside the template (files, layouts) have no place in user-edited copy. */
const FORBIDDEN_TAGS = ['include', 'render', 'layout', 'block'] as const;

/**
 * A Liquid engine for user-edited copy: no file system (`templates: {}`), no includes or layouts, only own
 * properties of the scope (no `constructor`, no prototype), unknown variables and filters are errors, and
 * parse/render/memory limits stop a runaway loop.
 */
function createEngine(kind: OutputKind): Liquid {
  const engine = new Liquid({
    templates: {},
    ownPropertyOnly: true,
    strictVariables: true,
    strictFilters: true,
    // `{% if contact.name %}` must work when the name is absent, even in strict mode.
    lenientIf: true,
    ...(kind === 'html' ? { outputEscape: 'escape' as const } : {}),
    parseLimit: 50_000,
    renderLimit: 1_000,
    memoryLimit: 5_000_000,
  });
  for (const tag of FORBIDDEN_TAGS) {
    delete engine.tags[tag];
  }
  return engine;
}

const engines: Record<OutputKind, Liquid> = { text: createEngine('text'), html: createEngine('html') };

/** Parsed templates keyed by source; bounded because user overrides are unbounded. */
const cache = new Map<string, Template[]>();
const CACHE_LIMIT = 500;

export function engineFor(kind: OutputKind): Liquid {
  return engines[kind];
}

/** Parses (or returns the cached parse of) a template source. Throws Liquid's ParseError on bad syntax. */
export function parseTemplate(kind: OutputKind, source: string): Template[] {
  const key = `${kind}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = engines[kind].parse(source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/** Renders synchronously: every value is already in the scope, so nothing here waits on I/O. */
export function renderTemplate(kind: OutputKind, source: string, scope: object): string {
  const rendered: unknown = engines[kind].renderSync(parseTemplate(kind, source), scope);
  return String(rendered);
}
