#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProbeCore

/// A fixture file could not be read or parsed.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// Recorded provider bodies under `Fixtures/providers/`, located from this file's path.
enum Fixture {
    /// `Fixtures/providers`, found from `Tests/ProbeProvidersTests/Support/Fixture.swift`.
    static let directory: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/Fixtures/providers"
    }()

    /// The bytes of `Fixtures/providers/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        let path = directory + "/" + name
        guard let file = fopen(path, "rb") else { throw FixtureError(description: "cannot open \(path)") }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            out.append(contentsOf: buffer[0..<count])
        }
        return out
    }

    /// The parsed JSON of `Fixtures/providers/<name>`.
    static func json(_ name: String) throws -> JSONValue {
        try JSONParser.parse(try bytes(name))
    }
}
