import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds spent so far by the processes a benchmark watches (Linux `/proc`; zeros elsewhere). */
export interface CpuSample {
  readonly system: number;
  readonly postgres: number;
  readonly kafka: number;
  readonly benchmark: number;
}

const ticksPerSecond = 100; // USER_HZ on Linux

interface ProcStat {
  readonly pid: number;
  readonly command: string;
  readonly parent: number;
  /** utime + stime, and the same for reaped children (cutime + cstime), in seconds. */
  readonly own: number;
  readonly reapedChildren: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const command = text.slice(text.indexOf('(') + 1, close);
    // Fields after the command: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
    const fields = text.slice(close + 2).split(' ');
    const at = (field: number): number => Number(fields[field - 3] ?? 0);
    return {
      pid,
      command,
      parent: at(4),
      own: (at(14) + at(15)) / ticksPerSecond,
      reapedChildren: (at(16) + at(17)) / ticksPerSecond,
    };
  } catch {
    return undefined; // exited while we looked
  }
}

/**
 * Samples CPU time by role: the system's process, PostgreSQL (every postgres process plus what the
 * postmaster's exited children used), Kafka (`java`), and this benchmark process.
 */
export function sampleCpu(systemPid: number | undefined): CpuSample {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { system: 0, postgres: 0, kafka: 0, benchmark: 0 };
  }
  const stats = names.flatMap((name) => procStat(Number(name)) ?? []);
  const postgresPids = new Set(stats.filter((stat) => stat.command.startsWith('postgres')).map((s) => s.pid));
  let postgres = 0;
  let kafka = 0;
  for (const stat of stats) {
    if (postgresPids.has(stat.pid)) {
      postgres += stat.own;
      if (!postgresPids.has(stat.parent)) postgres += stat.reapedChildren; // the postmaster
    } else if (stat.command === 'java') kafka += stat.own;
  }
  const own = (pid: number | undefined): number => (pid === undefined ? 0 : (procStat(pid)?.own ?? 0));
  return { system: own(systemPid), postgres, kafka, benchmark: own(process.pid) };
}

/** CPU milliseconds per handled event between two samples, by role. */
export function cpuPerEvent(before: CpuSample, after: CpuSample, events: number): CpuSample {
  const per = (key: keyof CpuSample): number => ((after[key] - before[key]) * 1000) / Math.max(1, events);
  return {
    system: per('system'),
    postgres: per('postgres'),
    kafka: per('kafka'),
    benchmark: per('benchmark'),
  };
}
