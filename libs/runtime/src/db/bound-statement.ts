import { isRaw, JsonProperty, Utils } from '@mikro-orm/core';

/** SQL with `$1, $2, …` placeholders and the values PostgreSQL binds to them (the extended protocol). */
export interface BoundStatement {
  readonly sql: string;
  readonly values: unknown[];
}

/** What the platform contributes: identifiers are SQL text (from code), dates are bound in its format. */
export interface PlaceholderFormat {
  quoteIdentifier(id: string): string;
  formatDate(date: Date): string;
}

/**
 * Turns MikroORM's `?` placeholders into numbered ones with the values kept
 * apart, instead of MikroORM's `formatQuery`, which quotes every value into
 * the SQL text: a NUL in a caller's text then truncated the protocol message
 * (PostgreSQL answered 08P01, "connection exception"), and every value cost a
 * character-by-character escape. The scan is formatQuery's own, so `??`
 * (an identifier), `\?` (a literal question mark), arrays (expanded to a
 * list, as MikroORM does for `IN (?)`), raw fragments and JSON objects mean
 * exactly what they mean there. SQL without values is passed on untouched.
 */
export function toBoundStatement(sql: string, params: readonly unknown[], format: PlaceholderFormat): BoundStatement {
  const values: unknown[] = [];
  return { sql: bindPlaceholders(sql, params, format, values), values };
}

function bindPlaceholders(
  sql: string,
  params: readonly unknown[],
  format: PlaceholderFormat,
  values: unknown[],
): string {
  if (params.length === 0) return sql;
  let next = 0;
  let pos = 0;
  let out = '';
  const value = (): string => bindValue(params[next++], format, values);
  if (sql.startsWith('??')) {
    out += format.quoteIdentifier(String(params[next++]));
    pos = 2;
  } else if (sql.startsWith('?')) {
    out += value();
    pos = 1;
  }
  while (pos < sql.length) {
    const idx = sql.indexOf('?', pos + 1);
    if (idx === -1) {
      out += sql.substring(pos);
      break;
    }
    if (sql.substring(idx - 1, idx + 1) === '\\?') {
      out += sql.substring(pos, idx - 1) + '?';
      pos = idx + 1;
    } else if (sql.substring(idx, idx + 2) === '??') {
      out += sql.substring(pos, idx) + format.quoteIdentifier(String(params[next++]));
      pos = idx + 2;
    } else {
      out += sql.substring(pos, idx) + value();
      pos = idx + 1;
    }
  }
  return out;
}

// Returns the SQL that stands for `value`: a placeholder, a list of them, or
// a raw fragment's own SQL (whose values are bound in turn). Only NULL is
// written as text: it carries nothing of the caller's, and `IS NULL` needs it.
function bindValue(value: unknown, format: PlaceholderFormat, values: unknown[]): string {
  if (value === null || value === undefined) return 'null';
  if (isRaw(value)) return bindPlaceholders(value.sql, value.params, format, values);
  if (Array.isArray(value) && !(value as { [JsonProperty]?: unknown })[JsonProperty]) {
    return value.map((item) => bindValue(item, format, values)).join(', ');
  }
  values.push(boundForm(value, format));
  return `$${values.length}`;
}

function boundForm(value: unknown, format: PlaceholderFormat): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return format.formatDate(value);
  if (Utils.isPlainObject(value) || Array.isArray(value)) return JSON.stringify(value);
  return value;
}
