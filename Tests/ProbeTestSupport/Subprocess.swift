import Synchronization
import ProbeTransport

#if canImport(Glibc)
    import Glibc
#endif

/// What one run of a child process produced.
public struct ProcessResult: Sendable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// The exit status when the child exited normally.
    public var exitStatus: Int32?
    /// The signal that ended the child, if one did.
    public var signal: Int32?
    /// True when the hang guard killed the child.
    public var killedAfterTimeout: Bool

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// A short description for failure messages.
    public var summary: String {
        let status = exitStatus.map { "exit \($0)" } ?? signal.map { "signal \($0)" } ?? "unknown"
        let out = String(stdoutText.prefix(400))
        let err = String(stderrText.suffix(400))
        return "\(status)\(killedAfterTimeout ? " (killed: hang)" : ""); stdout: \(out); stderr: …\(err)"
    }
}

/// Runs a program with posix_spawn, feeding stdin and capturing stdout and stderr, on a
/// dedicated thread (so a blocked wait never holds a Swift concurrency thread). The child is
/// killed with SIGKILL once `hangGuardSeconds` have passed.
public enum Subprocess {
    /// The default limit before the child is killed: a guard against a hang, never a margin a
    /// slow run may reach (a 9 MiB probe or a 400-probe batch took more than 10 s on a 2-core
    /// machine at load 46), so it is far past any run's length.
    public static let hangGuardSeconds = 180

    /// A signal sent to the child `afterMs` milliseconds after it started.
    public struct DelayedSignal: Sendable {
        public var number: Int32
        public var afterMs: Int
        /// When set, the signal waits for this to hold (polled every 2 ms) instead of for time: an
        /// event the test can see, such as the server having received N requests.
        public var condition: (@Sendable () -> Bool)?

        public init(number: Int32, afterMs: Int) {
            self.number = number
            self.afterMs = afterMs
        }

        /// `number` as soon as `condition` holds (never, if the child exits first).
        public init(number: Int32, when condition: @escaping @Sendable () -> Bool) {
            self.number = number
            self.afterMs = 0
            self.condition = condition
        }
    }

    /// Whether the child was reaped; the signal thread sends only while it was not (the pid could
    /// be reused after).
    private final class Reaped: Sendable {
        let done = Mutex(false)
    }

    public static func run(_ path: String, arguments: [String] = [], environment: [String: String],
                           stdin: [UInt8], signal: DelayedSignal? = nil, hangGuardSeconds: Int = Subprocess.hangGuardSeconds) async -> ProcessResult {
        await withCheckedContinuation { continuation in
            DetachedThread.run {
                continuation.resume(returning: runBlocking(path, arguments: arguments, environment: environment,
                                                           stdin: stdin, signal: signal, hangGuardSeconds: hangGuardSeconds))
            }
        }
    }

    public static func runBlocking(_ path: String, arguments: [String], environment: [String: String],
                                   stdin: [UInt8], signal delayed: DelayedSignal? = nil,
                                   hangGuardSeconds: Int = Subprocess.hangGuardSeconds) -> ProcessResult {
        signal(SIGPIPE, SIG_IGN)
        var failed = ProcessResult(stdout: [], stderr: [], exitStatus: nil, signal: nil, killedAfterTimeout: false)
        guard let input = Pipe(), let output = Pipe(), let errors = Pipe() else {
            failed.stderr = Array("pipe2 failed: errno \(errno)".utf8)
            return failed
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        // Descriptors of other threads (sockets of the loopback server, other children's pipes)
        // must not leak into the child, or a reset or an EOF would never be seen.
        SpawnCloseFrom.add(&actions, from: 3)

        let argv = CStrings([path] + arguments)
        let envp = CStrings(environment.map { "\($0.key)=\($0.value)" })
        var pid = pid_t()
        let spawned = argv.withPointers { argvPointers in
            envp.withPointers { envPointers in
                TerminationSignals.withUnblockedChild { posix_spawn(&pid, path, &actions, $0, argvPointers, envPointers) }
            }
        }
        close(input.read)
        close(output.write)
        close(errors.write)
        guard spawned == 0 else {
            close(input.write)
            close(output.read)
            close(errors.read)
            failed.stderr = Array("posix_spawn \(path) failed: \(String(cString: strerror(spawned)))".utf8)
            return failed
        }
        let reaped = Reaped()
        if let delayed {
            let child = pid
            DetachedThread.run {
                if let condition = delayed.condition {
                    while !condition() {
                        if reaped.done.withLock({ $0 }) { return }
                        usleep(2000)
                    }
                }
                usleep(useconds_t(delayed.afterMs * 1000))
                reaped.done.withLock { done in
                    if !done { kill(child, delayed.number) }
                }
            }
        }
        var pump = Pump(stdinFd: input.write, stdin: stdin, stdoutFd: output.read, stderrFd: errors.read)
        let killed = pump.run(pid: pid, deadlineSeconds: hangGuardSeconds)
        // The child's output ended; from here on it may be reaped, so no signal goes out.
        reaped.done.withLock { $0 = true }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        return ProcessResult(
            stdout: pump.stdout, stderr: pump.stderr,
            exitStatus: exited ? (status >> 8) & 0xFF : nil,
            signal: exited ? nil : status & 0x7F,
            killedAfterTimeout: killed
        )
    }
}

/// A close-on-exec pipe (`pipe2` is a GNU extension the Glibc module does not export).
public struct Pipe: Sendable {
    public let read: Int32
    public let write: Int32

    public init?() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        read = fds[0]
        write = fds[1]
        // Set at once; a child spawned by another thread meanwhile still closes it (closefrom).
        _ = fcntl(read, F_SETFD, FD_CLOEXEC)
        _ = fcntl(write, F_SETFD, FD_CLOEXEC)
    }
}

/// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time because the
/// Glibc module does not export GNU extensions.
public enum SpawnCloseFrom {
    private typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    public static func add(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, from fd: Int32) {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return
        }
        _ = unsafeBitCast(symbol, to: Function.self)(actions, fd)
    }
}

/// NUL-terminated C strings for argv/envp, freed on deinit.
public final class CStrings {
    private var pointers: [UnsafeMutablePointer<CChar>?]

    public init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }

    public func withPointers<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        pointers.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { fatalError("argv is never empty") }
            return body(base)
        }
    }
}
