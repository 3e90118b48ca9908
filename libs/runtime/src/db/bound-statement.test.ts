import { raw } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { toBoundStatement, type PlaceholderFormat } from './bound-statement.js';

const format: PlaceholderFormat = {
  quoteIdentifier: (id) => `"${id.replaceAll('"', '""')}"`,
  formatDate: (date) => date.toISOString(),
};

describe('toBoundStatement', () => {
  it('numbers the placeholders and keeps every value out of the SQL text', () => {
    const hostile = "x'); DROP TABLE incident; --\u0000\\";
    const bound = toBoundStatement('select * from t where a = ? and b = ? limit ?', [hostile, true, 50], format);
    expect(bound).toEqual({ sql: 'select * from t where a = $1 and b = $2 limit $3', values: [hostile, true, 50] });
  });

  it('expands an array into a list of placeholders, as MikroORM does for IN (?)', () => {
    expect(toBoundStatement('a in (?) and b = ?', [['1', '2', '3'], 'z'], format)).toEqual({
      sql: 'a in ($1, $2, $3) and b = $4',
      values: ['1', '2', '3', 'z'],
    });
  });

  it('writes identifiers (??) as SQL and binds dates, bigints and JSON objects', () => {
    const at = new Date(Date.UTC(2026, 10, 28, 4, 30));
    expect(
      toBoundStatement('select ?? from t where at = ? and n = ? and doc = ?', ['col', at, 7n, { k: 1 }], format),
    ).toEqual({
      sql: 'select "col" from t where at = $1 and n = $2 and doc = $3',
      values: ['2026-11-28T04:30:00.000Z', '7', '{"k":1}'],
    });
  });

  it('binds the values of a raw fragment in order, and writes NULL as SQL', () => {
    expect(toBoundStatement('? and x = ? and y is ?', [raw('lower(?)', ['A']), 'b', null], format)).toEqual({
      sql: 'lower($1) and x = $2 and y is null',
      values: ['A', 'b'],
    });
  });

  it('leaves SQL without values alone, question marks included', () => {
    expect(toBoundStatement("select '?' as q", [], format)).toEqual({ sql: "select '?' as q", values: [] });
    expect(toBoundStatement('select data \\? ? from t', ['key'], format)).toEqual({
      sql: 'select data ? $1 from t',
      values: ['key'],
    });
  });
});
