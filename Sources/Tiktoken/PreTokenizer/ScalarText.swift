/// A UTF-8 text decoded once into per-scalar class bits and byte offsets, which the
/// pre-tokenizers scan. Valid only inside `ScalarText.with`.
struct ScalarText {
    /// The UTF-8 bytes.
    let bytes: UnsafePointer<UInt8>
    /// Class bits of scalar `i`.
    let classes: UnsafeMutablePointer<UInt8>
    /// Byte offset of scalar `i`; `offsets[count]` is the byte count.
    let offsets: UnsafeMutablePointer<Int32>
    /// Number of scalars.
    let count: Int

    /// Decodes `utf8` (valid UTF-8, as a Swift String guarantees) and runs `body`.
    static func with<R>(
        _ utf8: UnsafeBufferPointer<UInt8>, table: ScalarClassTable, _ body: (ScalarText) -> R
    ) -> R {
        let length = utf8.count
        guard let bytes = utf8.baseAddress, length > 0 else {
            var empty: UInt8 = 0
            var zero: Int32 = 0
            return withUnsafeMutablePointer(to: &empty) { classes in
                withUnsafeMutablePointer(to: &zero) { offsets in
                    body(ScalarText(bytes: UnsafePointer(classes), classes: classes, offsets: offsets, count: 0))
                }
            }
        }
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: length + 1)
        let offsets = UnsafeMutablePointer<Int32>.allocate(capacity: length + 1)
        defer {
            classes.deallocate()
            offsets.deallocate()
        }
        let count = table.index.withUnsafeBufferPointer { index in
            table.blocks.withUnsafeBufferPointer { blocks in
                decode(bytes, length, index: index, blocks: blocks, classes: classes, offsets: offsets)
            }
        }
        return body(ScalarText(bytes: bytes, classes: classes, offsets: offsets, count: count))
    }

    private static func decode(
        _ bytes: UnsafePointer<UInt8>, _ length: Int,
        index: UnsafeBufferPointer<UInt32>, blocks: UnsafeBufferPointer<UInt8>,
        classes: UnsafeMutablePointer<UInt8>, offsets: UnsafeMutablePointer<Int32>
    ) -> Int {
        var position = 0
        var count = 0
        while position < length {
            let lead = bytes[position]
            offsets[count] = Int32(truncatingIfNeeded: position)
            var value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                position += 1
            } else if lead < 0xE0 {
                value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F)
                position += 2
            } else if lead < 0xF0 {
                value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6
                    | UInt32(bytes[position + 2] & 0x3F)
                position += 3
            } else {
                value = UInt32(lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
                    | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F)
                position += 4
            }
            if value >= 0x110000 { value = 0 }
            classes[count] = blocks[Int(index[Int(value >> 7)]) + Int(value & 0x7F)]
            count += 1
        }
        offsets[count] = Int32(truncatingIfNeeded: length)
        classes[count] = 0
        return count
    }

    /// Class bits of scalar `i`, 0 past the end.
    @inline(__always)
    func at(_ i: Int) -> UInt8 { classes[i] }

    /// Whether scalar `i` has any of `bits` (false at or past the end, where the class is 0).
    @inline(__always)
    func has(_ i: Int, _ bits: UInt8) -> Bool { i < count && classes[i] & bits != 0 }

    /// The ASCII lowercase letter scalar `i` case-folds to under the regex crate's
    /// `(?i)` (`ſ` U+017F → `s`, Kelvin sign U+212A → `k`), or 0.
    @inline(__always)
    func foldedLetter(_ i: Int) -> UInt8 {
        guard i < count else { return 0 }
        let start = Int(offsets[i])
        let byte = bytes[start]
        switch offsets[i + 1] - offsets[i] {
        case 1:
            return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : (byte >= 0x61 && byte <= 0x7A ? byte : 0)
        case 2:
            return byte == 0xC5 && bytes[start + 1] == 0xBF ? 0x73 : 0
        case 3:
            return byte == 0xE2 && bytes[start + 1] == 0x84 && bytes[start + 2] == 0xAA ? 0x6B : 0
        default:
            return 0
        }
    }
}
