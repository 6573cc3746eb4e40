#if canImport(Glibc)
    import Glibc
#endif

/// Moves bytes between the test and a child: writes stdin, reads stdout and stderr, all
/// through one poll loop, so a child that stops reading stdin (input too large) cannot
/// block the test, and neither can a child that floods stderr.
struct Pump {
    private var stdinFd: Int32?
    private let input: [UInt8]
    private var written = 0
    private var readers: [(fd: Int32, isStdout: Bool)]
    private(set) var stdout: [UInt8] = []
    private(set) var stderr: [UInt8] = []

    init(stdinFd: Int32, stdin: [UInt8], stdoutFd: Int32, stderrFd: Int32) {
        self.stdinFd = stdinFd
        self.input = stdin
        self.readers = [(stdoutFd, true), (stderrFd, false)]
        _ = fcntl(stdinFd, F_SETFL, fcntl(stdinFd, F_GETFL) | O_NONBLOCK)
        if stdin.isEmpty { closeStdin() }
    }

    /// Runs until stdout and stderr reach end of file. Kills `pid` once `deadlineSeconds`
    /// passed; returns whether it had to.
    mutating func run(pid: pid_t, deadlineSeconds: Int) -> Bool {
        let deadline = Self.nowMs() + deadlineSeconds * 1000
        var killed = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !readers.isEmpty {
            var fds = readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if let stdinFd { fds.append(pollfd(fd: stdinFd, events: Int16(POLLOUT), revents: 0)) }
            let wait = killed ? 1000 : max(0, deadline - Self.nowMs())
            let ready = poll(&fds, nfds_t(fds.count), Int32(clamping: wait))
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 && !killed {
                kill(pid, SIGKILL)
                killed = true
                closeStdin()
                continue
            }
            if ready == 0 { break }  // killed, and the pipes still do not close: give up
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdinFd {
                    writeSome()
                } else {
                    readSome(entry.fd, into: &chunk)
                }
            }
        }
        closeStdin()
        return killed
    }

    private mutating func writeSome() {
        guard let fd = stdinFd else { return }
        let count = input.withUnsafeBytes { all -> Int in
            guard let base = all.baseAddress else { return 0 }
            return write(fd, base + written, min(all.count - written, 1 << 16))
        }
        if count > 0 {
            written += count
            if written >= input.count { closeStdin() }
        } else if count < 0 && errno != EAGAIN && errno != EINTR {
            closeStdin()  // EPIPE: the child stopped reading, which is its right
        }
    }

    private mutating func readSome(_ fd: Int32, into chunk: inout [UInt8]) {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            guard let reader = readers.first(where: { $0.fd == fd }) else { return }
            if reader.isStdout {
                stdout.append(contentsOf: chunk[..<count])
            } else {
                stderr.append(contentsOf: chunk[..<count])
            }
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            close(fd)
            readers.removeAll { $0.fd == fd }
        }
    }

    private mutating func closeStdin() {
        if let fd = stdinFd { close(fd) }
        stdinFd = nil
    }

    static func nowMs() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int(spec.tv_sec) * 1000 + Int(spec.tv_nsec) / 1_000_000
    }
}
