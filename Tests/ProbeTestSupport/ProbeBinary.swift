#if canImport(Glibc)
    import Glibc
#endif

/// Finds the `probe` executable that SwiftPM built next to this test bundle.
public enum ProbeBinary {
    /// `PROBE_BINARY` when set, else `probe` in the directory of the running test executable.
    public static let path: Result<String, LocateFailure> = locate()

    public struct LocateFailure: Error, CustomStringConvertible {
        public var description: String
    }

    private static func locate() -> Result<String, LocateFailure> {
        if let override = getenv("PROBE_BINARY").map({ String(cString: $0) }), !override.isEmpty {
            return access(override, X_OK) == 0
                ? .success(override)
                : .failure(LocateFailure(description: "PROBE_BINARY=\(override) is not an executable file"))
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else {
            return .failure(LocateFailure(description: "cannot read /proc/self/exe; set PROBE_BINARY to the probe executable"))
        }
        let exe = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var directory = exe[..<(exe.lastIndex(of: "/") ?? exe.startIndex)]
        // A bundle directory (macOS-style `X.xctest/Contents/MacOS/X`) sits deeper than the products.
        if let bundle = directory.firstRange(of: ".xctest/") {
            directory = directory[..<bundle.lowerBound]
            directory = directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)]
        }
        let candidate = "\(directory)/probe"
        guard access(candidate, X_OK) == 0 else {
            return .failure(LocateFailure(description: """
                the probe executable is missing at \(candidate) (looked beside the test executable \(exe)); \
                build it with `swift build --product probe` using the same scratch path, or set PROBE_BINARY
                """))
        }
        return .success(candidate)
    }
}
