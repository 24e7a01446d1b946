import { describe, expect, it } from 'vitest';
import { sampleContexts } from './samples.js';
import { buildScope } from './scope.js';
import { ALLOWED_VARIABLES, isAllowedReference } from './variables.js';

/** Every leaf path of the scope, with '[]' for array elements. */
function leafPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value))
    return [path, ...leafPaths(value[0], `${path}[]`).filter((p) => p !== `${path}[]`)];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, path ? `${path}.${key}` : key));
  }
  return [path];
}

describe('allowed variables', () => {
  it('match exactly what the scope provides', () => {
    const scope = buildScope(sampleContexts('en')[0]!.context);
    expect(leafPaths(scope).sort()).toEqual(Object.keys(ALLOWED_VARIABLES).sort());
  });

  it('accept array helpers and reject unknown paths', () => {
    expect(isAllowedReference(['invoices', 'size'])).toBe(true);
    expect(isAllowedReference(['invoices', 'first', 'amount'])).toBe(true);
    expect(isAllowedReference(['totals', 0, 'currency'])).toBe(true);
    expect(isAllowedReference(['invoices', 'first', 'amount_due'])).toBe(false);
    expect(isAllowedReference(['business'])).toBe(false);
    expect(isAllowedReference(['business', 'name', 'x'])).toBe(false);
    expect(isAllowedReference(['process', 'env'])).toBe(false);
  });
});
