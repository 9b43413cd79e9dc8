// Tiny declarative validators that check untrusted JSON by interpretation (no eval, CSP-safe) and emit their JSON Schema.

/** A JSON Schema fragment (draft-07). */
export type JsonSchema = { [k: string]: unknown };

export interface Spec {
  /** the equivalent JSON Schema, so public/schema/results-bundle.schema.json is generated, not hand-synced */
  schema: JsonSchema;
  /** push readable problems ("samples[3].index: ...") into errs; stop adding after `limit` */
  check(v: unknown, path: string, errs: string[]): void;
}

export const MAX_ERRORS = 20;

function fail(errs: string[], path: string, msg: string): void {
  if (errs.length < MAX_ERRORS) errs.push(`${path || '(root)'}: ${msg}`);
}

function codePoints(s: string, stopAt: number): number {
  let n = 0;
  for (const _ of s) if (++n > stopAt) break;
  return n;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

interface StrOpts {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: readonly string[];
  const?: string;
  description?: string;
  /** what the pattern allows, for error messages (not part of the schema) */
  hint?: string;
}

export function str(o: StrOpts = {}): Spec {
  const re = o.pattern === undefined ? undefined : new RegExp(o.pattern, 'u');
  const schema: JsonSchema = { type: 'string' };
  if (o.const !== undefined) schema.const = o.const;
  if (o.enum) schema.enum = [...o.enum];
  if (o.minLength !== undefined) schema.minLength = o.minLength;
  if (o.maxLength !== undefined) schema.maxLength = o.maxLength;
  if (o.pattern !== undefined) schema.pattern = o.pattern;
  if (o.description) schema.description = o.description;
  return {
    schema,
    check(v, path, errs) {
      if (typeof v !== 'string') return fail(errs, path, `must be a string, not ${describe(v)}`);
      if (o.const !== undefined && v !== o.const) return fail(errs, path, `must be "${o.const}"`);
      if (o.enum && !o.enum.includes(v)) return fail(errs, path, `must be one of ${o.enum.join(', ')}`);
      if (o.minLength !== undefined && (v.length < o.minLength || codePoints(v, o.minLength) < o.minLength))
        return fail(errs, path, `must be at least ${o.minLength} characters`);
      if (o.maxLength !== undefined && v.length > o.maxLength && codePoints(v, o.maxLength) > o.maxLength)
        return fail(errs, path, `must be at most ${o.maxLength} characters`);
      if (re && !re.test(v)) fail(errs, path, o.hint ?? 'has characters or a form that is not allowed here');
    },
  };
}

interface NumOpts {
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  const?: number;
  description?: string;
}

export function num(o: NumOpts = {}): Spec {
  const schema: JsonSchema = { type: o.integer ? 'integer' : 'number' };
  if (o.const !== undefined) schema.const = o.const;
  if (o.minimum !== undefined) schema.minimum = o.minimum;
  if (o.maximum !== undefined) schema.maximum = o.maximum;
  if (o.description) schema.description = o.description;
  return {
    schema,
    check(v, path, errs) {
      if (typeof v !== 'number') return fail(errs, path, `must be a number, not ${describe(v)}`);
      if (!Number.isFinite(v)) return fail(errs, path, 'is a number too large to represent (at most about 1.8e308)');
      if (o.integer && !Number.isInteger(v)) return fail(errs, path, 'must be a whole number');
      if (o.const !== undefined && v !== o.const) return fail(errs, path, `must be ${o.const}`);
      if (o.minimum !== undefined && v < o.minimum) return fail(errs, path, `must be at least ${o.minimum}`);
      if (o.maximum !== undefined && v > o.maximum) fail(errs, path, `must be at most ${o.maximum}`);
    },
  };
}

export const int = (o: Omit<NumOpts, 'integer'> = {}): Spec => num({ ...o, integer: true });

export function bool(): Spec {
  return {
    schema: { type: 'boolean' },
    check(v, path, errs) {
      if (typeof v !== 'boolean') fail(errs, path, `must be true or false, not ${describe(v)}`);
    },
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with known properties and no others. Keys listed in `optional` may be absent. */
export function obj(props: Record<string, Spec>, optional: readonly string[] = [], description?: string): Spec {
  const required = Object.keys(props).filter((k) => !optional.includes(k));
  const schema: JsonSchema = { type: 'object' };
  if (description) schema.description = description;
  schema.required = required;
  schema.properties = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, s.schema]));
  schema.additionalProperties = false;
  return {
    schema,
    check(v, path, errs) {
      if (!isPlainObject(v)) return fail(errs, path, `must be an object, not ${describe(v)}`);
      for (const k of required) if (!Object.hasOwn(v, k)) fail(errs, path, `is missing "${k}"`);
      for (const k of Object.keys(v)) {
        const s = Object.hasOwn(props, k) ? props[k] : undefined;
        if (!s) fail(errs, path, `has an unknown property "${k.slice(0, 60)}"`);
        else s.check(v[k], path ? `${path}.${k}` : k, errs);
        if (errs.length >= MAX_ERRORS) return;
      }
    },
  };
}

/** A map with restricted key names and uniform values. */
export function record(keyPattern: string, value: Spec, maxProperties: number): Spec {
  const re = new RegExp(keyPattern, 'u');
  return {
    schema: {
      type: 'object',
      propertyNames: { pattern: keyPattern },
      additionalProperties: value.schema,
      maxProperties,
    },
    check(v, path, errs) {
      if (!isPlainObject(v)) return fail(errs, path, `must be an object, not ${describe(v)}`);
      const keys = Object.keys(v);
      if (keys.length > maxProperties) return fail(errs, path, `must have at most ${maxProperties} entries`);
      for (const k of keys) {
        if (!re.test(k)) fail(errs, path, `has a key name that is not allowed: "${k.slice(0, 60)}"`);
        else value.check(v[k], `${path}.${k}`, errs);
      }
    },
  };
}

export function arr(item: Spec, o: { maxItems?: number; uniqueItems?: boolean; description?: string } = {}): Spec {
  const schema: JsonSchema = { type: 'array' };
  if (o.description) schema.description = o.description;
  schema.items = item.schema;
  if (o.maxItems !== undefined) schema.maxItems = o.maxItems;
  if (o.uniqueItems) schema.uniqueItems = true;
  return {
    schema,
    check(v, path, errs) {
      if (!Array.isArray(v)) return fail(errs, path, `must be an array, not ${describe(v)}`);
      if (o.maxItems !== undefined && v.length > o.maxItems)
        return fail(errs, path, `has more than ${o.maxItems} items`);
      // uniqueItems is only used on arrays of strings here
      if (o.uniqueItems && new Set(v).size !== v.length) fail(errs, path, 'has duplicate items');
      for (let i = 0; i < v.length && errs.length < MAX_ERRORS; i++) item.check(v[i], `${path}[${i}]`, errs);
    },
  };
}
