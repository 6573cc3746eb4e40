import ArgumentParser
import ProbeEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `probe batch` writes its output lines (DECISIONS D11): stdout, or `--output FILE`,
/// appended to. Either way a last line cut short by an earlier run (a full disk, a killed
/// `tee`, a crash mid-write) never swallows the first new line:
/// - `--output FILE`: the cut bytes are truncated away before anything is written (a warn line
///   says how many), and what is left is the earlier run's output that `--resume` defaults to.
/// - stdout appending to a regular file (`>> out.jsonl`): a newline is written first, so the cut
///   line stays a line of its own (which `--resume` ignores) and the new lines parse.
struct BatchOutput {
    /// The descriptor lines go to.
    let fd: Int32
    /// `--output FILE`, or nil for stdout.
    let path: String?
    /// FILE's content after the repair: the earlier runs' lines (empty for stdout or a new file).
    let previous: [UInt8]

    /// Stdout (after the newline repair when it appends to a regular file).
    static func standardOutput() -> BatchOutput {
        separateCutLine(onStdout: 1)
        return BatchOutput(fd: 1, path: nil, previous: [])
    }

    /// `FILE` opened for appending (created 0644 when missing), held with an exclusive `flock`
    /// so two batches never write one file, its cut-short last line truncated away.
    static func file(_ path: String) throws(ValidationError) -> BatchOutput {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK ? "another probe batch is writing it" : String(cString: strerror(errno))
            close(fd)
            throw ValidationError("--output \(path): \(reason)")
        }
        guard let content = readAll(fd) else {
            let error = failure(path)
            close(fd)
            throw error
        }
        let kept = content.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        if kept < content.count {
            guard ftruncate(fd, off_t(kept)) == 0, fsync(fd) == 0 else {
                let error = failure(path)
                close(fd)
                throw error
            }
            warn("--output: the last line was cut short (no newline); truncated it away", fields: [
                "file": .string(path), "bytes": .int(content.count - kept),
            ])
        }
        return BatchOutput(fd: fd, path: path, previous: Array(content[..<kept]))
    }

    /// Writes one output line with one `write(2)` (O_APPEND: whole lines, at the end).
    func write(_ line: [UInt8]) {
        StandardIO.writeAll(line, to: fd)
    }

    /// When stdout appends to a regular file whose last byte is not a newline, writes one.
    private static func separateCutLine(onStdout fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0,
              fcntl(fd, F_GETFL) & O_APPEND != 0 else { return }
        // `>>` opens stdout write-only: read its last byte through a second, read-only open
        // of the same file (Linux's /proc; elsewhere the repair is skipped).
        let reader = open("/proc/self/fd/\(fd)", O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { return }
        defer { close(reader) }
        var last: UInt8 = 0
        guard pread(reader, &last, 1, info.st_size - 1) == 1, last != 0x0A else { return }
        StandardIO.writeAll([0x0A], to: fd)
        warn("stdout: the file's last line was cut short (no newline); a newline was written before the new lines",
             fields: [:])
    }

    /// The whole file from its start (the descriptor's offset does not matter: O_APPEND).
    private static func readAll(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            offset += off_t(count)
        }
    }

    private static func failure(_ path: String) -> ValidationError {
        ValidationError("--output \(path): \(String(cString: strerror(errno)))")
    }

    /// A warn line in the engine's log format (SPEC §8).
    private static func warn(_ message: String, fields: JSONObject) {
        var object: JSONObject = [
            "level": .string("warn"), "time": .int(Int(WallClock.epochMs())), "context": .string("probe"),
            "msg": .string(message),
        ]
        for (key, value) in fields.entries { object[key] = value }
        var line = JSONWriter.bytes(.object(object))
        line.append(0x0A)
        StandardIO.writeAll(line, to: 2)
    }
}

extension BatchCommand {
    /// The earlier output `--resume` reads: its FILE, else `--output`'s FILE (after the repair),
    /// else none.
    func previousOutput(_ sink: BatchOutput) throws(ValidationError) -> [UInt8]? {
        if let resume {
            guard let previous = StandardIO.readFile(resume) else {
                throw ValidationError("--resume \(resume): \(String(cString: strerror(errno)))")
            }
            return previous
        }
        return sink.path == nil ? nil : sink.previous
    }
}
