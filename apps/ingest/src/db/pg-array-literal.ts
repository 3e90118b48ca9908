// MikroORM expands a JS array bound to `?` into a list of parameters, so
// arrays travel as one text parameter in PostgreSQL's array syntax and are
// cast in SQL (`?::bigint[]`). Every element is quoted and escaped.
export function pgArrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
