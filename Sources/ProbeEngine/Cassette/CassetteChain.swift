import CCrypto

/// The sha256 chain of a cassette (DECISIONS D13). Every line is a JSON object whose last
/// member is `"hash"`: the lowercase hex sha256 of the previous line's hash (64 hex
/// characters; 64 `0`s for the first line) followed by the line's own bytes without that
/// member (`{…}` exactly as written, the `,"hash":"…"` cut out). Editing any byte of a line
/// breaks its hash; deleting, inserting or moving a line breaks the hash of the line after.
enum CassetteChain {
    /// The `previous` hash of the first line.
    static let genesis = String(repeating: "0", count: 64)
    private static let marker = Array(#","hash":""#.utf8)
    /// `,"hash":"` + 64 hex + `"}`.
    private static let suffixLength = marker.count + 64 + 2

    /// The line (newline included) carrying `object`, the compact JSON of an object without
    /// `hash`, chained to `previous`; and the line's hash.
    static func seal(_ object: [UInt8], previous: String) -> (line: [UInt8], hash: String)? {
        guard object.count > 2, object.first == UInt8(ascii: "{"), object.last == UInt8(ascii: "}"),
              let hash = sha256Hex(Array(previous.utf8) + object) else { return nil }
        var line = Array(object.dropLast())
        line += marker + Array(hash.utf8) + Array(#""}"#.utf8) + [0x0A]
        return (line, hash)
    }

    /// The hash a line (without its newline) claims and the object it covers, or why the line
    /// has no hash member at its end.
    static func split(_ line: ArraySlice<UInt8>) -> (object: [UInt8], claimed: String)? {
        guard line.count >= suffixLength + 1, line.last == UInt8(ascii: "}") else { return nil }
        let start = line.endIndex - suffixLength
        guard line[start..<(start + marker.count)].elementsEqual(marker) else { return nil }
        let hex = line[(start + marker.count)..<(line.endIndex - 2)]
        guard line[line.endIndex - 2] == UInt8(ascii: "\""),
              hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return (Array(line[line.startIndex..<start]) + [UInt8(ascii: "}")], String(decoding: hex, as: UTF8.self))
    }

    /// Whether `object` chained to `previous` has the hash `claimed`.
    static func verify(object: [UInt8], claimed: String, previous: String) -> Bool {
        sha256Hex(Array(previous.utf8) + object) == claimed
    }

    /// Lowercase hex sha256 through the system's libcrypto; nil when it cannot be loaded.
    static func sha256Hex(_ bytes: [UInt8]) -> String? {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                ccrypto_sha256(input.baseAddress, input.count, output.baseAddress)
            }
        }
        guard ok == 1 else { return nil }
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    /// Why sha256 is unavailable (libcrypto could not be loaded).
    static var unavailableReason: String {
        ccrypto_load_error().map { String(cString: $0) } ?? "sha256 failed"
    }
}
