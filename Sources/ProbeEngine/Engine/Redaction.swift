/// Keeps API keys out of everything the engine emits (SPEC §5) and cuts details to size.
enum Redaction {
    static let placeholder = "[REDACTED]"
    /// `details` holds at most this many code points.
    static let maxDetailScalars = 500

    /// `text` with every secret replaced by `[REDACTED]`. Matching is on UTF-8 bytes, never
    /// on grapheme clusters: a key followed by a combining mark is still found.
    static func redact(_ text: String, secrets: [String]) -> String {
        let (bytes, changed) = redact(bytes: Array(text.utf8), secrets: secrets)
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// `value` with every secret replaced in each string and object key, at any depth (a reply's
    /// `raw` fields, DECISIONS D5).
    static func redact(_ value: JSONValue, secrets: [String]) -> JSONValue {
        switch value {
        case .string(let text): return .string(redact(text, secrets: secrets))
        case .array(let items): return .array(items.map { redact($0, secrets: secrets) })
        case .object(let object):
            return .object(JSONObject(object.entries.map { (redact($0.key, secrets: secrets), redact($0.value, secrets: secrets)) }))
        default: return value
        }
    }

    /// `bytes` with every secret's UTF-8 replaced by `[REDACTED]` (any bytes, valid UTF-8 or
    /// not), and whether anything was.
    static func redact(bytes: [UInt8], secrets: [String]) -> (bytes: [UInt8], changed: Bool) {
        var bytes = bytes
        var changed = false
        for secret in secrets where !secret.isEmpty {
            let needle = Array(secret.utf8)
            guard occurs(needle, in: bytes) else { continue }
            var out: [UInt8] = []
            var index = 0
            var found = false
            while index < bytes.count {
                if bytes[index] == needle[0], index + needle.count <= bytes.count,
                   bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    out.append(contentsOf: placeholder.utf8)
                    index += needle.count
                    found = true
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            if found {
                bytes = out
                changed = true
            }
        }
        return (bytes, changed)
    }

    /// Whether `needle` (not empty) occurs in `bytes`: a plain scan (the generic
    /// `firstRange(of:)` costs more than the copy it is meant to save).
    private static func occurs(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var start = 0
                while start <= hay.count - pin.count {
                    if hay[start] == first {
                        var matched = 1
                        while matched < pin.count && hay[start + matched] == pin[matched] { matched += 1 }
                        if matched == pin.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    /// A reply body as `details`: decoded as UTF-8 (invalid bytes → U+FFFD), redacted, cut.
    static func details(body: [UInt8], secrets: [String]) -> String {
        let text = redact(String(decoding: body, as: UTF8.self), secrets: secrets)
        let scalars = text.unicodeScalars
        guard scalars.count > maxDetailScalars else { return text }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: scalars.prefix(maxDetailScalars))
        return String(cut)
    }
}
