/** A mistake in what the person typed or gave in a file; printed as is, exit code 1. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}
