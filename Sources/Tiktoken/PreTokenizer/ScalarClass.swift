/// The character classes the patterns test, one bit each, for one Unicode scalar.
///
/// `\p{L}` = Lu|Ll|Lt|Lm|Lo, `\p{N}` = Nd|Nl|No, `\p{M}` = Mn|Mc|Me, `\s` = White_Space,
/// as in the regex crate that tiktoken uses.
enum ScalarClass {
    /// Lu or Lt.
    static let upper: UInt8 = 1
    /// Ll.
    static let lower: UInt8 = 2
    /// Lm or Lo.
    static let otherLetter: UInt8 = 4
    /// Mn, Mc or Me.
    static let mark: UInt8 = 8
    /// Nd, Nl or No.
    static let number: UInt8 = 16
    /// White_Space.
    static let space: UInt8 = 32
    /// `\r` or `\n`.
    static let newline: UInt8 = 64
    /// The apostrophe `'` that opens a contraction.
    static let apostrophe: UInt8 = 128

    /// `\p{L}`.
    static let letter: UInt8 = upper | lower | otherLetter
    /// What `[^\r\n\p{L}\p{N}]` excludes.
    static let notPrefix: UInt8 = letter | number | newline
    /// What `[^\s\p{L}\p{N}]` excludes.
    static let notPunctuation: UInt8 = letter | number | space
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperish: UInt8 = upper | otherLetter | mark
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerish: UInt8 = lower | otherLetter | mark

    /// The class bits of `scalar`, from the runtime's Unicode tables.
    static func compute(_ value: UInt32) -> UInt8 {
        if value == 0x27 { return apostrophe }
        if value == 0x0A || value == 0x0D { return space | newline }
        if isWhiteSpace(value) { return space }
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return upper
        case .lowercaseLetter: return lower
        case .modifierLetter, .otherLetter: return otherLetter
        case .nonspacingMark, .spacingMark, .enclosingMark: return mark
        case .decimalNumber, .letterNumber, .otherNumber: return number
        default: return 0
        }
    }

    /// Unicode's White_Space property (what the regex crate's `\s` matches).
    static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

/// A two-level lookup table of `ScalarClass` bits for every scalar, built once.
struct ScalarClassTable: Sendable {
    /// Block number (`scalar >> 7`) → start of that block in `blocks`.
    let index: [UInt32]
    /// Deduplicated blocks of 128 class bytes.
    let blocks: [UInt8]

    /// Ranges whose every scalar has one class (assigned in full by Unicode 15.0, and
    /// immutable since): filled without asking the runtime, so building takes a few ms.
    static let uniformRanges: [(first: UInt32, last: UInt32, bits: UInt8)] = [
        (0x3400, 0x4DBF, ScalarClass.otherLetter),  // CJK Extension A
        (0x4E00, 0x9FFF, ScalarClass.otherLetter),  // CJK Unified Ideographs
        (0xAC00, 0xD7A3, ScalarClass.otherLetter),  // Hangul syllables
        (0xD800, 0xF8FF, 0),  // surrogates and the private use area
        (0x20000, 0x2A6DF, ScalarClass.otherLetter),  // CJK Extension B
        (0x2A700, 0x2B739, ScalarClass.otherLetter),  // CJK Extension C
        (0x2B740, 0x2B81D, ScalarClass.otherLetter),  // CJK Extension D
        (0x2B820, 0x2CEA1, ScalarClass.otherLetter),  // CJK Extension E
        (0x2CEB0, 0x2EBE0, ScalarClass.otherLetter),  // CJK Extension F
        (0x30000, 0x3134A, ScalarClass.otherLetter),  // CJK Extension G
        (0x31350, 0x323AF, ScalarClass.otherLetter),  // CJK Extension H
    ]

    /// The table shared by every encoding, built on first use.
    static let shared = ScalarClassTable()

    private init() {
        let blockCount = 0x110000 >> 7
        var index = [UInt32](repeating: 0, count: blockCount)
        var blocks = [UInt8](repeating: 0, count: 128)  // block 0: all zero
        var seen: [[UInt8]: UInt32] = [[UInt8](repeating: 0, count: 128): 0]
        var block = [UInt8](repeating: 0, count: 128)
        for number in 0..<blockCount {
            let first = UInt32(number << 7)
            // Planes 4-13 are unassigned, plane 14 past U+E01FF too, 15-16 private use.
            if first >= 0x40000 && first < 0xE0000 || first >= 0xE0200 { continue }
            if let uniform = Self.uniformRanges.first(where: { $0.first <= first && first + 127 <= $0.last }) {
                for offset in 0..<128 { block[offset] = uniform.bits }
            } else {
                for offset in 0..<128 {
                    block[offset] = ScalarClass.compute(first + UInt32(offset))
                }
            }
            if let start = seen[block] {
                index[number] = start
            } else {
                let start = UInt32(blocks.count)
                seen[block] = start
                blocks.append(contentsOf: block)
                index[number] = start
            }
        }
        self.index = index
        self.blocks = blocks
    }
}
