import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK; 100 on Linux everywhere in practice). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function processRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Open file descriptors of a process. */
export function processOpenFiles(pid: number): number {
  const match = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/** Busy and total CPU seconds of the whole machine so far, from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/**
 * Watches CPU over a window: the machine's busy cores, and how much of that was the given
 * processes (ours), so that what others ran on the shared machine meanwhile can be reported.
 */
export function cpuWindow(pids: () => number[]) {
  const startMachine = machineCpuSeconds();
  const startOurs = new Map(pids().map((pid) => [pid, processCpuSeconds(pid)]));
  const started = performance.now();
  return {
    /** Cores used over the window: by each process, by all of ours, and by everything else. */
    end() {
      const seconds = (performance.now() - started) / 1000;
      const machine = machineCpuSeconds();
      const perProcess = new Map<number, number>();
      let ours = 0;
      for (const [pid, before] of startOurs) {
        let used = 0;
        try {
          used = processCpuSeconds(pid) - before;
        } catch {
          // exited meanwhile
        }
        perProcess.set(pid, used / seconds);
        ours += used;
      }
      const busy = (machine.busy - startMachine.busy) / seconds;
      return { seconds, perProcess, ours: ours / seconds, others: Math.max(0, busy - ours / seconds), busy };
    },
  };
}

/**
 * CPU seconds a process and all its descendants have used so far, those already ended included
 * (a parent's reaped children count in its cutime and cstime). Counts a browser's renderers,
 * which come and go, without knowing their ids.
 */
export function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
    cpu.set(
      pid,
      (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
    );
  }
  let total = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += cpu.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Watches how many cores everything outside this process and its descendants uses over a window. */
export function othersWindow() {
  const startMachine = machineCpuSeconds();
  const startOurs = treeCpuSeconds(process.pid);
  const started = performance.now();
  return {
    end(): number {
      const seconds = (performance.now() - started) / 1000;
      const busy = machineCpuSeconds().busy - startMachine.busy;
      return Math.max(0, (busy - (treeCpuSeconds(process.pid) - startOurs)) / seconds);
    },
  };
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  openFilesLimit: number;
}

export function machineInfo(): MachineInfo {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(memKb / 1024 / 1024),
    node: process.version,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    openFilesLimit: processOpenFiles(process.pid),
  };
}

/** The 1-minute load average, rounded for the report. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
