/// The pre-tokenizer of cl100k_base, hand-coded from its pattern:
///
///     '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
///      ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
///
/// Each alternative is tried in order at the current scalar, as the regex does.
enum Cl100kSplitter {
    /// The end (scalar index) of the piece that starts at scalar `i < text.count`.
    @inline(__always)
    static func pieceEnd(_ text: ScalarText, at i: Int) -> Int {
        let c = text.at(i)
        // '(?i:[sdmt]|ll|ve|re)
        if c & ScalarClass.apostrophe != 0 {
            let first = text.foldedLetter(i + 1)
            switch first {
            case 0x73, 0x64, 0x6D, 0x74: return i + 2  // s d m t
            case 0x6C: if text.foldedLetter(i + 2) == 0x6C { return i + 3 }  // ll
            case 0x76, 0x72: if text.foldedLetter(i + 2) == 0x65 { return i + 3 }  // ve re
            default: break
            }
        }
        // [^\r\n\p{L}\p{N}]?+\p{L}++
        if c & ScalarClass.letter != 0 {
            return run(text, from: i + 1, ScalarClass.letter)
        }
        if c & ScalarClass.notPrefix == 0 && text.has(i + 1, ScalarClass.letter) {
            return run(text, from: i + 2, ScalarClass.letter)
        }
        // \p{N}{1,3}+
        if c & ScalarClass.number != 0 {
            var end = i + 1
            while end < i + 3 && text.has(end, ScalarClass.number) { end += 1 }
            return end
        }
        // ' ?[^\s\p{L}\p{N}]++[\r\n]*+'
        var start = i
        if text.bytes[Int(text.offsets[i])] == 0x20 && text.offsets[i + 1] - text.offsets[i] == 1 {
            start = i + 1
        }
        if start < text.count && text.at(start) & ScalarClass.notPunctuation == 0 {
            let end = runNot(text, from: start + 1, ScalarClass.notPunctuation)
            return run(text, from: end, ScalarClass.newline)
        }
        // All that is left starts with whitespace.
        return whitespaceEnd(text, at: i, endOfTextWins: true)
    }

    /// The end of `\s++$|\s*[\r\n]|\s+(?!\S)|\s` at whitespace scalar `i`
    /// (o200k's `\s*[\r\n]+|\s+(?!\S)|\s+` gives the same pieces).
    @inline(__always)
    static func whitespaceEnd(_ text: ScalarText, at i: Int, endOfTextWins: Bool) -> Int {
        let end = run(text, from: i + 1, ScalarClass.space)
        // \s++$ (cl100k only): the whole run when it ends the text.
        if endOfTextWins && end == text.count { return end }
        // \s*[\r\n]: up to the last newline of the run.
        var last = end - 1
        while last >= i {
            if text.at(last) & ScalarClass.newline != 0 { return last + 1 }
            last -= 1
        }
        // \s+(?!\S): the whole run at the end, else less its last scalar.
        if end == text.count { return end }
        if end - i >= 2 { return end - 1 }
        return i + 1
    }

    /// The first index at or after `from` whose class has none of `bits`.
    @inline(__always)
    static func run(_ text: ScalarText, from: Int, _ bits: UInt8) -> Int {
        var end = from
        while end < text.count && text.classes[end] & bits != 0 { end += 1 }
        return end
    }

    /// The first index at or after `from` whose class has some of `bits`.
    @inline(__always)
    static func runNot(_ text: ScalarText, from: Int, _ bits: UInt8) -> Int {
        var end = from
        while end < text.count && text.classes[end] & bits == 0 { end += 1 }
        return end
    }
}
