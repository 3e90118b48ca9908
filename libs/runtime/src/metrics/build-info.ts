type Environment = Readonly<Record<string, string | undefined>>;

/** What `vigil_build_info` reports: the release and the source revision it was built from. */
export interface BuildInfo {
  readonly version: string;
  readonly commit: string;
}

/**
 * From VIGIL_VERSION and VIGIL_REVISION, which the images set from their
 * build arguments of the same names; `unknown` where they are not set (a
 * service run from a checkout).
 */
export function buildInfoFromEnv(env: Environment): BuildInfo {
  return { version: env['VIGIL_VERSION'] || 'unknown', commit: env['VIGIL_REVISION'] || 'unknown' };
}
