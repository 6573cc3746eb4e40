#if canImport(Glibc)
    import Glibc
#endif

/// One timed run of a child process.
struct Sample {
    var wallMs: Double
    var maxRSSKiB: Int
    var exitStatus: Int32
    var stdout: [UInt8]
}

/// Spawns a program with `input` on stdin, stdout captured, stderr discarded, and measures it:
/// wall time by CLOCK_MONOTONIC around spawn → wait4, peak memory from wait4's rusage.
enum Spawn {
    static func run(_ argv: [String], input: [UInt8]) -> Sample? {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0 else { return nil }
        // The input is small: it fits in the pipe buffer before the child starts.
        _ = input.withUnsafeBytes { write(stdinPipe[1], $0.baseAddress, $0.count) }
        close(stdinPipe[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, stdinPipe[0])
        posix_spawn_file_actions_addclose(&actions, stdoutPipe[0])
        posix_spawn_file_actions_addclose(&actions, stdoutPipe[1])

        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArgs { free(pointer) } }
        var pid = pid_t()
        let start = monotonicMs()
        let spawned = posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdoutPipe[0])
            StandardError.write("probe-bench: cannot run \(argv[0]): \(String(cString: strerror(spawned)))\n")
            return nil
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(stdoutPipe[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            output += chunk[..<count]
        }
        close(stdoutPipe[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = monotonicMs() - start
        return Sample(wallMs: wall, maxRSSKiB: Int(usage.ru_maxrss), exitStatus: (status >> 8) & 0xFF, stdout: output)
    }

    static func monotonicMs() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }
}

/// Messages on stderr without touching C's `stderr` global (not concurrency-safe in Swift 6).
enum StandardError {
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
