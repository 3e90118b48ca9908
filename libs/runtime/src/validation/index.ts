// @vigil/runtime/validation: one check per kind of value a request carries,
// each throwing InvalidArgumentError naming the field. Dependency-free (only
// the error classes), so domain modules can use it without the runtime barrel.
export { plainText } from './text-field.js';
export { isTimestampInRange, optionalTimestamp, timestampInRange } from './timestamp-field.js';
export { decodePageToken, encodePageToken } from './page-token.js';
export { positiveId } from './id-field.js';
