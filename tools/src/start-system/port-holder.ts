import { readdir, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** A process listening on a TCP port, as /proc shows it. */
export interface PortHolder {
  readonly pid: number;
  /** Its command line, arguments separated by spaces. */
  readonly command: string;
  /** The program's entry file (`…/main.js`), made absolute from its working directory, if it has one. */
  readonly script?: string;
}

const LISTEN = '0A';

/**
 * The process listening on TCP `port` (any address), found the way `ss -p`
 * finds it: the socket's inode in /proc/net/tcp{,6}, then the process whose
 * file descriptors include that socket. Undefined when nothing listens or the
 * holder is not visible (another user's process, another network namespace:
 * Docker's published ports show docker-proxy here).
 */
export async function findPortHolder(port: number, proc = '/proc'): Promise<PortHolder | undefined> {
  const inodes = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    const text = await readFile(`${proc}/${table}`, 'utf8').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return undefined;
  for (const entry of await readdir(proc).catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`${proc}/${entry}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`${proc}/${entry}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) {
        const args = (await readFile(`${proc}/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
        const cwd = await readlink(`${proc}/${entry}/cwd`).catch(() => '/');
        const entryFile = args.find((arg) => /(^|\/)main\.[jt]s$/.test(arg));
        return {
          pid: Number(entry),
          command: args.join(' '),
          ...(entryFile !== undefined && { script: isAbsolute(entryFile) ? entryFile : join(cwd, entryFile) }),
        };
      }
    }
  }
  return undefined;
}

/** The inodes of sockets listening on `port` in one /proc/net/tcp table. */
export function listeningInodes(table: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === LISTEN)
    .map((fields) => fields[9] ?? '')
    .filter((inode) => inode !== '' && inode !== '0');
}

/** Which Vigil service the holder is, when its entry file is one's built bundle or source entry point. */
export function vigilServiceOf(holder: Pick<PortHolder, 'command' | 'script'>): string | undefined {
  const pattern = /\/apps\/(ingest|incidents|snapshot-scheduler|sentry-relay)\/(?:src\/)?main\.[jt]s$/;
  return pattern.exec(holder.script ?? '')?.[1];
}
