/// A small JSON reader for the model table, so the target needs no Foundation.
/// Numbers are integers only (all the table holds).
enum MiniJSON: Equatable {
    case object([String: MiniJSON])
    case array([MiniJSON])
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null

    /// Parses one JSON document; nil if it is not valid (for this subset).
    static func parse(_ bytes: [UInt8]) -> MiniJSON? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value() else { return nil }
        reader.skipSpace()
        return reader.index == bytes.count ? value : nil
    }

    /// The member `key` of an object.
    subscript(key: String) -> MiniJSON? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    var intValue: Int? {
        if case let .integer(number) = self { return number }
        return nil
    }

    var objectValue: [String: MiniJSON]? {
        if case let .object(members) = self { return members }
        return nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var depth = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func literal(_ word: String, _ value: MiniJSON) -> MiniJSON? {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count,
                  Array(bytes[index..<index + expected.count]) == expected else { return nil }
            index += expected.count
            return value
        }

        mutating func value() -> MiniJSON? {
            skipSpace()
            guard index < bytes.count, depth < 64 else { return nil }
            switch bytes[index] {
            case 0x7B: return object()
            case 0x5B: return array()
            case 0x22: return string().map(MiniJSON.string)
            case 0x74: return literal("true", .bool(true))
            case 0x66: return literal("false", .bool(false))
            case 0x6E: return literal("null", .null)
            default: return integer()
            }
        }

        mutating func object() -> MiniJSON? {
            index += 1
            depth += 1
            defer { depth -= 1 }
            var members: [String: MiniJSON] = [:]
            skipSpace()
            if index < bytes.count && bytes[index] == 0x7D { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x22, let key = string() else { return nil }
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x3A else { return nil }
                index += 1
                guard let member = value() else { return nil }
                members[key] = member
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x7D { index += 1; return .object(members) }
                return nil
            }
        }

        mutating func array() -> MiniJSON? {
            index += 1
            depth += 1
            defer { depth -= 1 }
            var elements: [MiniJSON] = []
            skipSpace()
            if index < bytes.count && bytes[index] == 0x5D { index += 1; return .array(elements) }
            while true {
                guard let element = value() else { return nil }
                elements.append(element)
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x5D { index += 1; return .array(elements) }
                return nil
            }
        }

        mutating func integer() -> MiniJSON? {
            var negative = false
            if index < bytes.count && bytes[index] == 0x2D { negative = true; index += 1 }
            var number = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 18 {
                number = number * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            return .integer(negative ? -number : number)
        }

        mutating func string() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x22 {
                    return String(scalars) + String(decoding: run, as: UTF8.self)
                }
                guard byte == 0x5C else { run.append(byte); continue }
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll()
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: scalars.append(Unicode.Scalar(escape))
                case 0x62: scalars.append("\u{08}")
                case 0x66: scalars.append("\u{0C}")
                case 0x6E: scalars.append("\n")
                case 0x72: scalars.append("\r")
                case 0x74: scalars.append("\t")
                case 0x75:
                    guard let scalar = unicodeEscape() else { return nil }
                    scalars.append(scalar)
                default: return nil
                }
            }
            return nil
        }

        /// `XXXX` after `\u`, with a following `\uXXXX` low surrogate if needed.
        mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if high >= 0xD800 && high < 0xDC00 {
                guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return nil }
                index += 2
                guard let low = hex4(), low >= 0xDC00, low < 0xE000 else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x30...0x39: value = value << 4 | UInt32(byte - 0x30)
                case 0x41...0x46: value = value << 4 | UInt32(byte - 0x41 + 10)
                case 0x61...0x66: value = value << 4 | UInt32(byte - 0x61 + 10)
                default: return nil
                }
            }
            return value
        }
    }
}
