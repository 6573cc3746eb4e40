import ProbeTestSupport
import ProbeTransport

#if canImport(Glibc)
    import Glibc
#endif

/// A child process with its stdin and stdout on pipes and its stderr discarded. Writing and
/// reading happen on threads of their own, so a full pipe never deadlocks the benchmark.
final class Child: Sendable {
    let pid: pid_t
    let startedMs: Double
    private let stdinFD: Int32
    private let stdoutFD: Int32

    /// Spawns `argv` with exactly `environment`; nil (after a message) when it cannot.
    init?(_ argv: [String], environment: [String: String]) {
        guard let input = Pipe(), let output = Pipe() else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Pipes of children other threads are spawning must not leak into this one.
        SpawnCloseFrom.add(&actions, from: 3)
        let args = CStrings(argv)
        let envs = CStrings(environment.map { "\($0.key)=\($0.value)" })
        var pid = pid_t()
        let started = Clock.ms()
        let spawned = args.withPointers { argvPointers in
            envs.withPointers { envPointers in
                TerminationSignals.withUnblockedChild { posix_spawn(&pid, argv[0], &actions, $0, argvPointers, envPointers) }
            }
        }
        close(input.read)
        close(output.write)
        guard spawned == 0 else {
            close(input.write)
            close(output.read)
            Console.error("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
            return nil
        }
        self.pid = pid
        self.startedMs = started
        stdinFD = input.write
        stdoutFD = output.read
    }

    /// Writes `bytes` to the child's stdin on a background thread, then closes stdin when
    /// `closeAfter` is true.
    func feed(_ bytes: [UInt8], closeAfter: Bool) {
        let fd = stdinFD
        DetachedThread.run {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { all in
                    let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                    return write(fd, rest.baseAddress, rest.count)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += written
            }
            if closeAfter { close(fd) }
        }
    }

    /// Reads stdout line by line until EOF, calling `line` for each (without the newline).
    /// Blocks the calling thread.
    func readLines(_ line: ([UInt8]) -> Void) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var start = pending.count
            pending += chunk[..<count]
            var lineStart = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                line(Array(pending[lineStart..<newline]))
                lineStart = newline + 1
                start = lineStart
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty { line(pending) }
        close(stdoutFD)
    }

    /// Sends `signal` to the child.
    func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for the child to end: its exit status (or 128 + signal) and resource usage.
    func wait() -> (status: Int32, usage: rusage, wallMs: Double) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (code, usage, Clock.ms() - startedMs)
    }
}

enum Clock {
    static func ms() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }
}
