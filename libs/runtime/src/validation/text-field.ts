import { InvalidArgumentError } from '../grpc/domain-errors.js';

/**
 * Text a caller sends that Vigil keeps or matches as it is. PostgreSQL text
 * cannot hold U+0000, so a NUL is refused here, naming the field, instead of
 * failing deeper down. (Bytes that are not UTF-8 never get this far: the
 * server refuses the whole request while decoding it, see strict-decode.ts.)
 */
export function plainText(value: string, field: string): string {
  const nul = value.indexOf('\u0000');
  if (nul !== -1) throw new InvalidArgumentError(field, `must not contain a NUL character (U+0000, at ${nul})`);
  return value;
}
