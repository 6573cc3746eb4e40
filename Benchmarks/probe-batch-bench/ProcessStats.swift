import Dispatch
import ProbeTestSupport
import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What /proc says about one process right now.
struct ProcessSnapshot: Sendable {
    var rssKiB = 0
    /// Peak resident memory since exec (VmHWM).
    var peakRSSKiB = 0
    var threads = 0
    var openFiles = 0
    /// User + system CPU time so far.
    var cpuSeconds = 0.0

    static func of(_ pid: pid_t) -> ProcessSnapshot? {
        guard let status = ProcFile.read("/proc/\(pid)/status") else { return nil }
        var snapshot = ProcessSnapshot()
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let value = Int(parts[1]) else { continue }
            switch parts[0] {
            case "VmRSS": snapshot.rssKiB = value
            case "VmHWM": snapshot.peakRSSKiB = value
            case "Threads": snapshot.threads = value
            default: break
            }
        }
        snapshot.openFiles = ProcFile.count("/proc/\(pid)/fd")
        if let stat = ProcFile.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") {
            // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) {
                snapshot.cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
            }
        }
        return snapshot
    }
}

enum ProcFile {
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Entries in a directory, "." and ".." excluded.
    static func count(_ path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { count += 1 }
        }
        return count
    }
}

/// Samples a process every `intervalMs` on a background thread and keeps the maxima.
final class Sampler: Sendable {
    struct Maxima: Sendable {
        var threads = 0
        var rssKiB = 0
    }

    private let state = Mutex((running: true, maxima: Maxima()))
    private let finished = DispatchSemaphore(value: 0)

    init(pid: pid_t, intervalMs: Int = 20) {
        DetachedThread.run { [self] in
            while state.withLock({ $0.running }) {
                if let snapshot = ProcessSnapshot.of(pid) {
                    state.withLock { state in
                        state.maxima.threads = max(state.maxima.threads, snapshot.threads)
                        state.maxima.rssKiB = max(state.maxima.rssKiB, snapshot.rssKiB, snapshot.peakRSSKiB)
                    }
                }
                usleep(useconds_t(intervalMs * 1000))
            }
            finished.signal()
        }
    }

    /// Stops sampling and returns the maxima.
    func stop() -> Maxima {
        state.withLock { $0.running = false }
        finished.wait()
        return state.withLock { $0.maxima }
    }
}
