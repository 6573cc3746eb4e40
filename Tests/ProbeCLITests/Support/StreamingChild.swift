import ProbeTestSupport
import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `probe batch` with its three pipes driven by threads of the test: a producer writes stdin as
/// it likes (slowly, all at once, or waiting for answers), stdout is handed over line by line as
/// it comes (nothing is kept unless the test keeps it), stderr is kept up to its last 64 KiB.
/// The producer can read the child's own peak memory while it runs, so a test can tell whether
/// stdin was held in memory.
final class StreamingChild: Sendable {
    struct Outcome: Sendable {
        var exitStatus: Int32?
        var signal: Int32?
        /// `wait4`'s `ru_maxrss` in KiB: not the child's own peak (it starts from the test
        /// process's size at the spawn); use `Writer.peakResidentKiB()` for that.
        var maxResidentKiB: Int
        var stderrTail: String
    }

    /// Writes to the child's stdin; false once the child stopped reading for good.
    final class Writer: Sendable {
        let fd: Int32
        /// The child (for a test that signals it).
        let pid: pid_t
        init(fd: Int32, pid: pid_t) {
            self.fd = fd
            self.pid = pid
        }

        /// The child's peak resident set so far in KiB (`VmHWM`: its own, from its exec on; not
        /// `wait4`'s `ru_maxrss`, which starts from the spawning test process's size), nil once
        /// it is gone.
        func peakResidentKiB() -> Int? {
            let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 8192)
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
            return Int(line.dropFirst(6).filter { $0.isNumber })
        }

        @discardableResult
        func write(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count, let base = buffer.baseAddress {
                    let written = Glibc.write(fd, base + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { return false }
                    offset += written
                }
                return true
            }
        }
    }

    /// Runs `probe batch arguments` with `environment`; `produce` writes stdin on its own
    /// thread (stdin is closed when it returns, or only once the child exited with
    /// `holdStdin`); `onLine` gets each stdout line on another. The child is killed after
    /// `hangGuardSeconds`.
    static func run(arguments: [String] = [], environment: [String: String], holdStdin: Bool = false,
                    hangGuardSeconds: Int = 120,
                    produce: @escaping @Sendable (Writer) -> Void,
                    onLine: @escaping @Sendable (ArraySlice<UInt8>) -> Void) async throws -> Outcome {
        let path = try ProbeBinary.path.get()
        return await withCheckedContinuation { continuation in
            DetachedThread.run {
                continuation.resume(returning: runBlocking(path, arguments: ["batch"] + arguments, environment: environment,
                                                           holdStdin: holdStdin, hangGuardSeconds: hangGuardSeconds,
                                                           produce: produce, onLine: onLine))
            }
        }
    }

    private static func runBlocking(_ path: String, arguments: [String], environment: [String: String],
                                    holdStdin: Bool, hangGuardSeconds: Int,
                                    produce: @escaping @Sendable (Writer) -> Void,
                                    onLine: @escaping @Sendable (ArraySlice<UInt8>) -> Void) -> Outcome {
        signal(SIGPIPE, SIG_IGN)
        var failed = Outcome(exitStatus: nil, signal: nil, maxResidentKiB: 0, stderrTail: "")
        guard let input = Pipe(), let output = Pipe(), let errors = Pipe() else {
            failed.stderrTail = "pipe failed: errno \(errno)"
            return failed
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        SpawnCloseFrom.add(&actions, from: 3)
        let argv = CStrings([path] + arguments)
        let envp = CStrings(environment.map { "\($0.key)=\($0.value)" })
        var pid = pid_t()
        let spawned = argv.withPointers { a in envp.withPointers { e in TerminationSignals.withUnblockedChild { posix_spawn(&pid, path, &actions, $0, a, e) } } }
        close(input.read)
        close(output.write)
        close(errors.write)
        guard spawned == 0 else {
            close(input.write)
            close(output.read)
            close(errors.read)
            failed.stderrTail = "posix_spawn failed: \(spawned)"
            return failed
        }
        let done = Countdown(3)
        let reaped = Mutex(false)
        let child = pid
        DetachedThread.run {
            for _ in 0..<(hangGuardSeconds * 10) {
                usleep(100_000)
                if reaped.withLock({ $0 }) { return }
            }
            if !reaped.withLock({ $0 }) { kill(child, SIGKILL) }
        }
        let writer = Writer(fd: input.write, pid: pid)
        DetachedThread.run {
            produce(writer)
            if !holdStdin { close(input.write) }
            done.arrive()
        }
        DetachedThread.run {
            readLines(output.read, onLine)
            close(output.read)
            done.arrive()
        }
        let tail = Mutex<[UInt8]>([])
        DetachedThread.run {
            readLines(errors.read) { line in
                tail.withLock { tail in
                    tail.append(contentsOf: line)
                    tail.append(0x0A)
                    if tail.count > 1 << 16 { tail.removeFirst(tail.count - (1 << 16)) }
                }
            }
            close(errors.read)
            done.arrive()
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        reaped.withLock { $0 = true }
        done.wait()
        if holdStdin { close(input.write) }
        let exited = (status & 0x7F) == 0
        return Outcome(exitStatus: exited ? (status >> 8) & 0xFF : nil, signal: exited ? nil : status & 0x7F,
                       maxResidentKiB: usage.ru_maxrss, stderrTail: String(decoding: tail.withLock { $0 }, as: UTF8.self))
    }

    /// Reads `fd` to its end, handing over each `\n`-terminated line (and a last unterminated one).
    private static func readLines(_ fd: Int32, _ onLine: (ArraySlice<UInt8>) -> Void) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            var start = 0
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                onLine(buffer[start..<newline])
                start = newline + 1
            }
            buffer.removeFirst(start)
        }
        if !buffer.isEmpty { onLine(buffer[...]) }
    }
}

/// Waits for `count` threads to arrive (a pthread condition: the waiting thread is not a Swift task).
final class Countdown: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var remaining: Int

    init(_ count: Int) {
        remaining = count
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func arrive() {
        pthread_mutex_lock(mutex)
        remaining -= 1
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    func wait() {
        pthread_mutex_lock(mutex)
        while remaining > 0 { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }
}
