/// Why a cassette cannot be used (DECISIONS D13): unreadable, locked, or not a valid chain.
/// `line` (1-based) names the first line that fails the check, when one does.
public struct CassetteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cassette's path as given.
    public var path: String
    /// The first bad line, 1-based; nil for errors about the whole file.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// An error about `path` (at `line` when given).
    public init(path: String, line: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// A system call on `path` that failed.
    init(path: String, _ failure: FileDescriptorIO.Failure) {
        self.init(path: path, reason: failure.reason)
    }

    /// `PATH: line N: reason`.
    public var description: String {
        if let line { return "\(path): line \(line): \(reason)" }
        return "\(path): \(reason)"
    }
}
