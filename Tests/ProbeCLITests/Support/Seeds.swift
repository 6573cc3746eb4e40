#if canImport(Glibc)
    import Glibc
#endif
import ProbeEngine

/// The valid inputs in `Fixtures/fuzz/seeds`, from which the mutants grow.
enum Seeds {
    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The package root, from this file's location (`Tests/ProbeCLITests/Support/Seeds.swift`).
    static let packageRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }()

    static let names = ["openai-followups", "anthropic-minimal", "google-unicode", "mistral-prefixed"]

    /// Each seed's bytes (trailing whitespace removed) and parsed value.
    static func load() throws -> [(name: String, bytes: [UInt8], value: JSONValue)] {
        try names.map { name in
            let path = "\(packageRoot)/Fixtures/fuzz/seeds/\(name).json"
            var bytes = try FileBytes.read(path)
            while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
            return (name, bytes, try JSONParser.parse(bytes))
        }
    }
}

/// Whole-file reads without Foundation.
enum FileBytes {
    static func read(_ path: String) throws(Seeds.LoadFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Seeds.LoadFailure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return bytes
    }
}
