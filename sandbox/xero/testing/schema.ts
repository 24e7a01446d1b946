import { readFileSync } from 'node:fs';

/**
 * A small validator for the OpenAPI 3.0 subset xero_accounting.yaml uses (type, properties, items, $ref, enum,
 * required, maxLength, format uuid) plus Xero's `x-is-msdate` marker, which we check too: a date field must be
 * `/Date(…)/`. Unknown properties are allowed (Xero sends DateString/DueDateString, absent from the spec).
 */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  'x-is-msdate'?: boolean;
  'x-is-msdate-time'?: boolean;
}

const FIXTURE = new URL('../../../test/fixtures/xero-openapi/schemas.json', import.meta.url);

let cached: Record<string, JsonSchema> | undefined;

export function loadXeroSchemas(): Record<string, JsonSchema> {
  cached ??= (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { schemas: Record<string, JsonSchema> }).schemas;
  return cached;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MS_DATE = /^\/Date\(-?\d+([+-]\d{4})?\)\/$/;

/** Returns one line per violation ('$.Invoices[0].Status: "OPEN" not in enum'); empty when valid. */
export function validate(value: unknown, schemaName: string): string[] {
  const schemas = loadXeroSchemas();
  const errors: string[] = [];
  const root = schemas[schemaName];
  if (!root) throw new Error(`no schema ${schemaName}`);
  walk(value, root, '$', schemas, errors);
  return errors;
}

function walk(
  value: unknown,
  schema: JsonSchema,
  path: string,
  schemas: Record<string, JsonSchema>,
  errors: string[],
): void {
  if (schema.$ref) {
    const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) return void errors.push(`${path}: unresolved ${schema.$ref}`);
    return walk(value, target, path, schemas, errors);
  }
  if (value === null || value === undefined) return;
  if (schema.enum && !schema.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return void errors.push(`${path}: expected string, got ${typeof value}`);
      if (schema.format === 'uuid' && !UUID.test(value)) errors.push(`${path}: not a uuid`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: too long`);
      if ((schema['x-is-msdate'] || schema['x-is-msdate-time']) && !MS_DATE.test(value))
        errors.push(`${path}: not an MS date: ${value}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(`${path}: expected number`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${path}: expected integer`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) return void errors.push(`${path}: expected array`);
      value.forEach((item, i) => schema.items && walk(item, schema.items, `${path}[${i}]`, schemas, errors));
      return;
    case 'object':
    case undefined:
    default:
      if (schema.properties || schema.type === 'object') {
        if (typeof value !== 'object' || Array.isArray(value))
          return void errors.push(`${path}: expected object`);
        const record = value as Record<string, unknown>;
        for (const name of schema.required ?? [])
          if (!(name in record)) errors.push(`${path}.${name}: required`);
        for (const [name, sub] of Object.entries(schema.properties ?? {}))
          if (name in record) walk(record[name], sub, `${path}.${name}`, schemas, errors);
      }
  }
}
