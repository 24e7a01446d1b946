import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the processes a sync measure runs, so that a number short of its target says where the machine's
 * cores went. Linux /proc only: elsewhere (or for a Postgres on another host) the Postgres figure is null.
 */

/** This process's user + system CPU, ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Kernel clock ticks per second for /proc/<pid>/stat times; USER_HZ is 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU of every local process named `postgres` (the server and its backends, checkpointer, WAL
 * writer, autovacuum), with the time of the ones that exited (a backend's time passes to the postmaster, which
 * reaps it), ms; null where /proc is not there or shows none. A second server on the machine counts too: an idle
 * one adds nothing to a delta.
 */
export function postgresCpuMs(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15, and the reaped
      // children's cutime 16 and cstime 17.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    } catch {
      // The process ended while we looked.
    }
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : null;
}
