import ProbeEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local spool: one JSON line per result that could not be written, appended under an
/// exclusive `flock` so that several `probe` processes can share one file, and synced to disk
/// before the append returns (the result was paid for).
///
/// A line: `{"spooledAt": <RFC 3339>, "reason": <why>, "database": <which>, "record": <StoreRecord>}`.
public struct Spool: Sendable {
    public let path: String
    /// The database the lines were meant for (`ConnectionSettings.identity`: host, port, dbname,
    /// user; never the password), so a run drains only its own database's lines (D12).
    let database: String?

    public init(path: String) {
        self.init(path: path, database: nil)
    }

    init(path: String, database: String?) {
        self.path = path
        self.database = database
    }

    /// True when the file exists and is not empty.
    var hasLines: Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size > 0
    }

    /// Appends `record`; throws the system's reason when the file cannot be written.
    func append(_ record: StoreRecord, reason: String) throws(SpoolError) {
        var object: JSONObject = [
            "spooledAt": .string(WallClock.rfc3339Now()), "reason": .string(reason), "record": record.json,
        ]
        if let database { object["database"] = .string(database) }
        var line = JSONWriter.bytes(.object(object))
        line.append(0x0A)
        try Self.appendLines(line, to: path)
    }

    static func appendLines(_ bytes: [UInt8], to path: String) throws(SpoolError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SpoolError(path: path) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw SpoolError(path: path) }
        defer { flock(descriptor, LOCK_UN) }
        try writeAll(bytes, descriptor: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw SpoolError(path: path) }
    }

    static func writeAll(_ bytes: [UInt8], descriptor: Int32, path: String) throws(SpoolError) {
        do throws(FileDescriptorIO.Failure) {
            try FileDescriptorIO.writeAll(bytes, to: descriptor)
        } catch {
            throw SpoolError(path: path, reason: error.reason)
        }
    }

    /// Takes the spool's lines under the lock: `body` gets them and returns the lines to keep
    /// (those still not written), which replace the file's contents. Appenders wait meanwhile.
    /// The file is emptied, never removed: an appender waiting for the lock holds it open, and
    /// its line must land in the file others will read. A missing file is an empty spool.
    func rewrite(_ body: ([ArraySlice<UInt8>]) -> [[UInt8]]) throws(SpoolError) {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        if descriptor < 0, errno == ENOENT {
            _ = body([])
            return
        }
        guard descriptor >= 0 else { throw SpoolError(path: path) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw SpoolError(path: path) }
        defer { flock(descriptor, LOCK_UN) }
        let contents: [UInt8]
        do throws(FileDescriptorIO.Failure) {
            contents = try FileDescriptorIO.readAll(descriptor)
        } catch {
            throw SpoolError(path: path, reason: error.reason)
        }
        let lines = contents.split(separator: 0x0A, omittingEmptySubsequences: true)
        let kept = body(lines)
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else { throw SpoolError(path: path) }
        try Self.writeAll(kept.flatMap { $0 + [0x0A] }, descriptor: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw SpoolError(path: path) }
    }
}

/// A spool file that could not be opened, locked, read or written.
public struct SpoolError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    /// The failure `errno` describes now.
    init(path: String) {
        self.init(path: path, reason: FileDescriptorIO.Failure.current().reason)
    }

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "spool \(path): \(reason)" }
}
