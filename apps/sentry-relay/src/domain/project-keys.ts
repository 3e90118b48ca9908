// Which public key may send events to which project. Sentry's DSN carries
// the key (`https://<key>@host/<project>`); the SDK sends it with every
// request, and it is the only thing standing between one project's SDK and
// another project's data: a key opens exactly one project.

/** Public key → the project it opens. */
export type ProjectKeys = ReadonlyMap<string, string>;

const KEY = /^[A-Za-z0-9_-]{16,128}$/;
const PROJECT = /^[1-9][0-9]{0,18}$/;

/**
 * `SENTRY_PROJECT_KEYS`: `project=key|key,project=key`, e.g.
 * `12=0123456789abcdef0123456789abcdef`. Returns the keys, or the problems
 * (one sentence each) that make the text unusable.
 */
export function parseProjectKeys(text: string): { keys: ProjectKeys; problems: string[] } {
  const keys = new Map<string, string>();
  const problems: string[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const [project, keyList, ...rest] = entry.split('=').map((part) => part.trim());
    if (!project || !PROJECT.test(project) || keyList === undefined || rest.length > 0) {
      problems.push(`${shown(index, project)} is not project=key|key (a project id is a positive integer)`);
      continue;
    }
    for (const key of keyList.split('|').map((k) => k.trim())) {
      const owner = keys.get(key);
      if (!KEY.test(key)) problems.push(`project ${project} has a key that is not 16-128 letters, digits, _ or -`);
      else if (owner !== undefined && owner !== project)
        problems.push(`a key of project ${project} is also project ${owner}'s: a key opens one project`);
      else keys.set(key, project);
    }
  }
  if (problems.length === 0 && keys.size === 0) problems.push('no project has a key: no event could be accepted');
  return { keys, problems };
}

// A key opens a project: a config error never shows one, only where it
// stands. Only a project id is shown: a bare key (`project=` forgotten) or a
// pair written the wrong way round (`key=12`) puts the key where the id goes.
function shown(index: number, project: string | undefined): string {
  const where = `entry ${index + 1}`;
  return project !== undefined && PROJECT.test(project) ? `${where} ("${project}=…")` : where;
}

/** What a request's key allows for the project of its URL. */
export type KeyCheck = 'allowed' | 'missing' | 'unknown' | 'other-project';

export function checkProjectKey(keys: ProjectKeys, projectId: string, key: string | undefined): KeyCheck {
  if (key === undefined || key === '') return 'missing';
  const owner = keys.get(key);
  if (owner === undefined) return 'unknown';
  return owner === projectId ? 'allowed' : 'other-project';
}

/**
 * The key a request carries: the `sentry_key` query parameter (browser SDKs,
 * which cannot set headers cross-origin without a preflight), else
 * `X-Sentry-Auth: Sentry sentry_key=…, sentry_version=7, …` (or the same in
 * `Authorization`).
 */
export function requestKey(query: URLSearchParams, authHeader: string | undefined): string | undefined {
  const fromQuery = query.get('sentry_key');
  if (fromQuery) return fromQuery;
  if (authHeader === undefined) return undefined;
  const match = /^\s*Sentry\s+(.*)$/i.exec(authHeader);
  if (!match?.[1]) return undefined;
  for (const part of match[1].split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (name === 'sentry_key' && value) return value;
  }
  return undefined;
}
