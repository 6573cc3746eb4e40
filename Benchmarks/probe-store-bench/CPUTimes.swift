#if canImport(Glibc)
    import Glibc
#endif

/// CPU seconds used so far by this process (the benchmark, the mock, and the embedded store),
/// by its waited-for children (`probe batch`, psql), and by the PostgreSQL server.
struct CPUTimes {
    var own = 0.0
    var children = 0.0
    var server = Double.nan

    static func now(_ server: ServerProcesses?) -> CPUTimes {
        var own = rusage()
        var children = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &own)
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &children)
        return CPUTimes(own: seconds(own), children: seconds(children), server: server?.cpuSeconds() ?? .nan)
    }

    static func - (after: CPUTimes, before: CPUTimes) -> CPUTimes {
        CPUTimes(own: after.own - before.own, children: after.children - before.children, server: after.server - before.server)
    }

    private static func seconds(_ usage: rusage) -> Double {
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }
}

/// The PostgreSQL server's processes, read from /proc (the server runs on this machine): the
/// postmaster, found as the parent of the checkpointer (a backend would be gone by the time
/// psql returns), with its live children and the CPU of the children it has reaped (the
/// backends of closed connections).
struct ServerProcesses {
    let postmaster: pid_t

    /// The server behind `psql`'s connection; nil when /proc does not show it.
    static func find(_ psql: Psql) async -> ServerProcesses? {
        let sql = "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer';"
        guard case .success(let rows) = await psql.query(sql),
              let backend = rows.first?.first.flatMap({ pid_t($0) }),
              let parent = Stat.read(backend)?.parent, parent > 1 else { return nil }
        return ServerProcesses(postmaster: parent)
    }

    /// The postmaster's own and reaped children's CPU, plus its live children's.
    func cpuSeconds() -> Double {
        guard let main = Stat.read(postmaster) else { return .nan }
        var ticks = main.ticks + main.reapedTicks
        if let dir = opendir("/proc") {
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                guard let pid = pid_t(name), let stat = Stat.read(pid), stat.parent == postmaster else { continue }
                ticks += stat.ticks
            }
        }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The fields of /proc/PID/stat used here.
    struct Stat {
        var parent: pid_t
        /// utime + stime, and cutime + cstime, in clock ticks.
        var ticks: Double
        var reapedTicks: Double

        static func read(_ pid: pid_t) -> Stat? {
            let fd = open("/proc/\(pid)/stat", O_RDONLY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            // After "(comm)": state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
            guard let close = text.lastIndex(of: ")") else { return nil }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 14, let parent = pid_t(fields[1]),
                  let user = Double(fields[11]), let system = Double(fields[12]),
                  let childUser = Double(fields[13]), let childSystem = Double(fields[14]) else { return nil }
            return Stat(parent: parent, ticks: user + system, reapedTicks: childUser + childSystem)
        }
    }
}
