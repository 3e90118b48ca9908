// CPU time used by groups of processes during a phase, read from Linux's
// /proc/<pid>/stat (user + system time). It shows where each side spends the
// machine: the coordinator (the scheduler or graphile-worker, with the
// PostgreSQL backends serving its database) and the shared work (incidents
// and ingest with theirs), which must cost the same per snapshot on both
// sides for the race to be fair. A process that started during the phase
// counts in full; one that ended during it is lost (pools keep theirs).
import { readdir, readFile, readlink } from 'node:fs/promises';

/** The kernel's USER_HZ: /proc reports times in these ticks; 100 on Linux x86 and arm. */
const TICKS_PER_SECOND = 100;

/** Where each group's processes are found, asked anew at each reading. */
export type PidSources = Readonly<Record<string, () => Promise<readonly number[]>>>;

/** CPU seconds so far, per group, per process. */
type CpuReading = ReadonlyMap<string, ReadonlyMap<number, number>>;

/** utime + stime in seconds from the text of /proc/<pid>/stat (fields 14 and 15; the name in parentheses may hold spaces). */
export function cpuSecondsFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return ticks / TICKS_PER_SECOND;
}

/** Per group: CPU seconds its processes used from `before` to `after`. */
export function cpuUsedBetween(before: CpuReading, after: CpuReading): Map<string, number> {
  const used = new Map<string, number>();
  for (const [group, processes] of after) {
    let seconds = 0;
    for (const [pid, total] of processes) seconds += total - (before.get(group)?.get(pid) ?? 0);
    used.set(group, seconds);
  }
  return used;
}

export async function readCpu(sources: PidSources): Promise<CpuReading> {
  const reading = new Map<string, Map<number, number>>();
  for (const [group, pids] of Object.entries(sources)) {
    const processes = new Map<number, number>();
    for (const pid of await pids()) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      if (stat !== undefined) processes.set(pid, cpuSecondsFromStat(stat));
    }
    reading.set(group, processes);
  }
  return reading;
}

/** The process whose working directory is `dir` (how a built service, run from its own folder, is found). */
export async function pidWithWorkingDirectory(dir: string): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd === dir) return Number(entry);
  }
  throw new Error(`no process runs in ${dir}`);
}
