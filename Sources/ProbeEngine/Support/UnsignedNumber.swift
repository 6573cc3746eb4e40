/// DECISIONS D8's number settings: `^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$` around optional
/// spaces, finite. Used for `PROBE_BACKOFF_SCALE` and `retry-after-ms` (Swift's `Double(_:)`
/// alone would also take `0x10`, `inf` or `nan`).
enum UnsignedNumber {
    static func parse(_ raw: String) -> Double? {
        let text = raw.trimmingASCIISpaces
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Bool {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index > start
        }
        guard digits() else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() else { return nil }
        }
        guard index == bytes.count, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
