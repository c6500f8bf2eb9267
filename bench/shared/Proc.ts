// CPU time and memory of processes, read from /proc (Linux). CPU seconds stay comparable on a busy,
// shared machine where wall-clock latency does not.
import * as Fs from "node:fs"

const CLOCK_TICKS = 100 // USER_HZ on Linux

export interface ProcessInfo {
  readonly pid: number
  readonly ppid: number
  /** CPU seconds of the process and of its children it has reaped (so a worker that exits still counts). */
  readonly cpuSeconds: number
  /** Its title, e.g. "postgres: tickler tickler_bench 127.0.0.1(5432) idle" for a PostgreSQL backend. */
  readonly command: string
}

const readProcess = (pid: number): ProcessInfo | undefined => {
  try {
    const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    // The fields after the command's closing parenthesis: state, ppid, … utime (14), stime, cutime, cstime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0)
    const command = Fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()
    return { pid, ppid: Number(fields[1]), cpuSeconds: ticks / CLOCK_TICKS, command }
  } catch {
    return undefined // gone meanwhile
  }
}

/** Every process on the machine at this moment. */
export const processes = (): ReadonlyArray<ProcessInfo> =>
  Fs.readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProcess(Number(name)) ?? [])

/** The process and all its descendants (workers a server forks, a PostgreSQL server's backends). */
export const tree = (all: ReadonlyArray<ProcessInfo>, root: number): ReadonlyArray<ProcessInfo> => {
  const pids = new Set([root])
  // Parents are not always listed before their children, so repeat until nothing is added.
  for (let size = 0; size !== pids.size;) {
    size = pids.size
    for (const p of all) if (pids.has(p.ppid)) pids.add(p.pid)
  }
  return all.filter((p) => pids.has(p.pid))
}

/**
 * CPU seconds a set of processes used between two readings, process by process: one that started since
 * counts whole; one that ended counts only if its parent reaped it into the set (a server's worker), since
 * otherwise its time went elsewhere (a PostgreSQL backend's to the postmaster, shared with other databases).
 */
export const cpuUsed = (before: ReadonlyArray<ProcessInfo>, after: ReadonlyArray<ProcessInfo>): number => {
  const earlier = new Map(before.map((p) => [p.pid, p.cpuSeconds]))
  return after.reduce((sum, p) => sum + p.cpuSeconds - (earlier.get(p.pid) ?? 0), 0)
}

/** CPU seconds this process (the benchmark's own client) has used. */
export const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

const socketInodes = (pid: number): ReadonlyArray<string> => {
  try {
    return Fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(Fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? []
      } catch {
        return [] // closed meanwhile
      }
    })
  } catch {
    return []
  }
}

/**
 * The local ports of the TCP connections these processes hold to `remotePort`, e.g. a server's pool
 * connections to PostgreSQL: each backend's title names its client's port, so its CPU can be told apart
 * from the backends of anyone else using the same database.
 */
export const connectionPorts = (pids: ReadonlyArray<number>, remotePort: number): ReadonlySet<number> => {
  const inodes = new Set(pids.flatMap(socketInodes))
  const ports = new Set<number>()
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const row of Fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      // sl local_address rem_address st … inode: addresses are hex "ADDR:PORT"
      const [, local, remote, , , , , , , inode] = row.trim().split(/\s+/)
      if (inode && inodes.has(inode) && parseInt(remote!.split(":")[1]!, 16) === remotePort)
        ports.add(parseInt(local!.split(":")[1]!, 16))
    }
  }
  return ports
}

const statusMb = (pid: number, field: "VmRSS" | "VmHWM"): number => {
  try {
    const status = Fs.readFileSync(`/proc/${pid}/status`, "utf8")
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

/**
 * Resident memory of a process tree in MB: now, and the sum of each process's peak. Pages shared between
 * processes count once per process, so for a forked tree the sum overstates a little.
 */
export const treeMemoryMb = (root: number): { readonly rss: number; readonly peak: number } => {
  const members = tree(processes(), root)
  return {
    rss: members.reduce((sum, p) => sum + statusMb(p.pid, "VmRSS"), 0),
    peak: members.reduce((sum, p) => sum + statusMb(p.pid, "VmHWM"), 0)
  }
}
