import { randomBytes } from 'node:crypto';

/** 12 random lowercase hex digits: unique enough for names that live one test run. */
export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}
