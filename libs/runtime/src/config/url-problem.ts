/**
 * What is wrong with `raw` as a URL with one of `protocols`, in words an
 * operator can act on, or undefined when nothing is. Never quotes the URL:
 * it may hold a password.
 */
export function urlProblem(raw: string, protocols: readonly string[]): string | undefined {
  const schemes = protocols.map((p) => `${p}://`).join(' or ');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(raw);
  if (!match) return `a URL starting with ${schemes}`;
  const [, scheme = '', authority = ''] = match;
  if (!protocols.includes(scheme.toLowerCase())) {
    return `a URL starting with ${schemes}, not ${scheme}://`;
  }
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostAndPort)?.[1];
  if (port !== undefined && port !== '' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65_535)) {
    return `a URL whose port is a number from 1 to 65535 (the host is followed by ":${port.slice(0, 8)}")`;
  }
  if (!URL.parse(raw)) return `a valid URL starting with ${schemes} (it does not parse; check its characters)`;
  return undefined;
}

const USERINFO_PASSWORD = /(\/\/[^/?#@:\s]*:)[^/?#@\s]*@/g;

/** `raw` with the password of every `scheme://user:password@…` in it replaced by `***`. */
export function withoutPasswords(raw: string): string {
  return raw.replace(USERINFO_PASSWORD, '$1***@');
}
