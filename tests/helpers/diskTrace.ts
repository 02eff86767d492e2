/** One system call that put something on disk, or tried to (a failed attempt counts too). */
export interface DiskOperation {
  pid: number;
  syscall: string;
  /** The first path argument, unescaped as strace printed it. */
  path: string;
  /** The strace line, for a failure message. */
  line: string;
}

export interface DiskTrace {
  /** Operations before the server bound its HTTP port: the runtime starting up. */
  beforeListening: DiskOperation[];
  /** Operations from the bind of the HTTP port on: the server at work. */
  afterListening: DiskOperation[];
  /** Whether the HTTP port's bind was seen at all (if not, everything counts as "before"). */
  sawListen: boolean;
  /** io_uring file operations are not system calls: a ring set up would blind this trace. */
  ioUringSetUp: boolean;
}

const WRITE_FLAGS = /\bO_(?:WRONLY|RDWR|CREAT|TRUNC|APPEND|TMPFILE)\b/;
/** Calls that change the file system whatever their arguments. */
const ALWAYS_DISK = new Set([
  'creat',
  'rename',
  'renameat',
  'renameat2',
  'unlink',
  'unlinkat',
  'mkdir',
  'mkdirat',
  'rmdir',
  'link',
  'linkat',
  'symlink',
  'symlinkat',
  'mknod',
  'mknodat',
  'truncate',
]);
const OPENS = new Set(['open', 'openat', 'openat2']);

/**
 * What strace follows: every call that can put something on disk, plus `bind` (a Unix socket with
 * a path is a file too; an inet bind marks when the server starts listening) and `io_uring_setup`
 * (file operations submitted through io_uring would not be seen as system calls).
 */
export const TRACED_SYSCALLS = [...OPENS, ...ALWAYS_DISK, 'bind', 'io_uring_setup'];

/** `12345 openat(AT_FDCWD, "/x", O_RDONLY) = 3`; continuation lines (`<... openat resumed>`) carry no arguments. */
const CALL = /^(\d+)\s+(\w+)\((.*)$/;
const FIRST_PATH = /"((?:[^"\\]|\\.)*)"/;

function isDiskOperation(syscall: string, args: string): boolean {
  if (ALWAYS_DISK.has(syscall)) return true;
  if (OPENS.has(syscall)) return WRITE_FLAGS.test(args);
  // A Unix socket bound to a path is a file; an abstract one (sun_path=@"...") is not.
  if (syscall === 'bind') return /sa_family=AF_UNIX, sun_path="/.test(args);
  return false;
}

/**
 * Reads `strace -f` output for everything that can leave something on disk, split at the moment
 * the server bound its HTTP port (an inet bind to `port`), which comes just before it listens.
 */
export function readDiskTrace(trace: string, port: number): DiskTrace {
  const result: DiskTrace = { beforeListening: [], afterListening: [], sawListen: false, ioUringSetUp: false };
  const listening = new RegExp(`sa_family=AF_INET6?, sin6?_port=htons\\(${port}\\)`);
  for (const line of trace.split('\n')) {
    const call = CALL.exec(line);
    if (!call) continue;
    const [, pid, syscall, args] = call as unknown as [string, string, string, string];
    if (syscall === 'io_uring_setup') result.ioUringSetUp = true;
    if (syscall === 'bind' && listening.test(args)) result.sawListen = true;
    if (!isDiskOperation(syscall, args)) continue;
    const path = FIRST_PATH.exec(args)?.[1] ?? '';
    (result.sawListen ? result.afterListening : result.beforeListening).push({
      pid: Number(pid),
      syscall,
      path,
      line,
    });
  }
  return result;
}
