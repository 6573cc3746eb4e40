/// Parses tiktoken's vocabulary format: one `base64(token bytes) rank` pair a line,
/// ranks `0, 1, 2, ...` in order. Hand-written so loading takes milliseconds.
enum VocabularyParser {
    /// The token table in `bytes`; `path` only names the file in errors.
    static func parse(_ bytes: [UInt8], path: String) throws(TiktokenError) -> TokenTable {
        var store: [UInt8] = []
        store.reserveCapacity(bytes.count * 3 / 4)
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(bytes.count / 12)
        let failure: (line: Int, reason: String)? = bytes.withUnsafeBufferPointer { input in
            var index = 0
            var line = 0
            let end = input.count
            while index < end {
                line += 1
                var lineEnd = index
                while lineEnd < end && input[lineEnd] != 0x0A { lineEnd += 1 }
                defer { index = lineEnd + 1 }
                if lineEnd == index { continue }
                var space = index
                while space < lineEnd && input[space] != 0x20 { space += 1 }
                guard space < lineEnd else { return (line, "expected `base64 rank`") }
                guard decodeBase64(input, index, space, into: &store) else {
                    return (line, "invalid base64")
                }
                var rank = 0
                var digit = space + 1
                var contentEnd = lineEnd
                if contentEnd > digit && input[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                guard digit < contentEnd else { return (line, "missing rank") }
                while digit < contentEnd {
                    let value = Int(input[digit]) - 0x30
                    guard value >= 0 && value <= 9, rank < 1 << 31 else { return (line, "invalid rank") }
                    rank = rank * 10 + value
                    digit += 1
                }
                guard rank == offsets.count - 1 else {
                    return (line, "rank \(rank) out of order (expected \(offsets.count - 1))")
                }
                guard store.count < Int(UInt32.max) else { return (line, "vocabulary too large") }
                offsets.append(UInt32(store.count))
            }
            return nil
        }
        if let failure { throw .malformedVocabulary(path: path, line: failure.line, reason: failure.reason) }
        guard let table = TokenTable(store: store, offsets: offsets) else {
            throw .malformedVocabulary(path: path, line: 0, reason: "duplicate token")
        }
        return table
    }

    /// Decodes standard base64 (with `=` padding) in `input[start..<end]`, appending to `output`.
    private static func decodeBase64(
        _ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]
    ) -> Bool {
        let length = end - start
        guard length > 0, length % 4 == 0 else { return false }
        var index = start
        while index < end {
            let a = sextet(input[index]), b = sextet(input[index + 1])
            let c = sextet(input[index + 2]), d = sextet(input[index + 3])
            guard a < 64, b < 64 else { return false }
            output.append(a << 2 | b >> 4)
            if c == padding {
                guard d == padding, index + 4 == end else { return false }
            } else {
                guard c < 64 else { return false }
                output.append((b & 0x0F) << 4 | c >> 2)
                if d == padding {
                    guard index + 4 == end else { return false }
                } else {
                    guard d < 64 else { return false }
                    output.append((c & 0x03) << 6 | d)
                }
            }
            index += 4
        }
        return true
    }

    private static let padding: UInt8 = 64

    /// The 6-bit value of a base64 digit, `padding` for `=`, 255 for anything else.
    @inline(__always)
    private static func sextet(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x41...0x5A: return byte - 0x41
        case 0x61...0x7A: return byte - 0x61 + 26
        case 0x30...0x39: return byte - 0x30 + 52
        case 0x2B: return 62
        case 0x2F: return 63
        case 0x3D: return padding
        default: return 255
        }
    }
}
