/// The pre-tokenizer of o200k_base, hand-coded from its pattern (alternatives in order):
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     \p{N}{1,3}
///      ?[^\s\p{L}\p{N}]+[\r\n/]*
///     \s*[\r\n]+
///     \s+(?!\S)
///     \s+
///
/// None is possessive, so the backtracking choices are reproduced exactly: the optional
/// prefix is taken if that leads to a match, and `U*` gives back scalars until `W+` fits.
enum O200kSplitter {
    /// The end (scalar index) of the piece that starts at scalar `i < text.count`.
    @inline(__always)
    static func pieceEnd(_ text: ScalarText, at i: Int) -> Int {
        let c = text.at(i)
        if let end = wordEnd(text, at: i, c) { return contractionEnd(text, at: end) }
        // \p{N}{1,3}
        if c & ScalarClass.number != 0 {
            var end = i + 1
            while end < i + 3 && text.has(end, ScalarClass.number) { end += 1 }
            return end
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        var start = i
        if isByte(text, i, 0x20) { start = i + 1 }
        if start < text.count && text.at(start) & ScalarClass.notPunctuation == 0 {
            var end = Cl100kSplitter.runNot(text, from: start + 1, ScalarClass.notPunctuation)
            while end < text.count && (text.at(end) & ScalarClass.newline != 0 || isByte(text, end, 0x2F)) {
                end += 1
            }
            return end
        }
        return Cl100kSplitter.whitespaceEnd(text, at: i, endOfTextWins: false)
    }

    /// The end of the first two alternatives without their contraction, or nil.
    @inline(__always)
    private static func wordEnd(_ text: ScalarText, at i: Int, _ c: UInt8) -> Int? {
        let prefixed = c & ScalarClass.notPrefix == 0
        // P? U* W+
        if prefixed, let end = lowerTail(text, from: i + 1) { return end }
        if let end = lowerTail(text, from: i) { return end }
        // P? U+ W*
        if prefixed && text.has(i + 1, ScalarClass.upperish) {
            let upperEnd = Cl100kSplitter.run(text, from: i + 2, ScalarClass.upperish)
            return Cl100kSplitter.run(text, from: upperEnd, ScalarClass.lowerish)
        }
        if c & ScalarClass.upperish != 0 {
            let upperEnd = Cl100kSplitter.run(text, from: i + 1, ScalarClass.upperish)
            return Cl100kSplitter.run(text, from: upperEnd, ScalarClass.lowerish)
        }
        return nil
    }

    /// The end of `U* W+` from `start` with the regex's backtracking, or nil.
    @inline(__always)
    private static func lowerTail(_ text: ScalarText, from start: Int) -> Int? {
        let upperEnd = Cl100kSplitter.run(text, from: start, ScalarClass.upperish)
        if text.has(upperEnd, ScalarClass.lowerish) {
            return Cl100kSplitter.run(text, from: upperEnd + 1, ScalarClass.lowerish)
        }
        // U* gives back scalars until one is also in W (Lm, Lo or M); W+ then ends there.
        var last = upperEnd - 1
        while last >= start {
            if text.at(last) & ScalarClass.lowerish != 0 { return last + 1 }
            last -= 1
        }
        return nil
    }

    /// `end` extended over `(?i:'s|'t|'re|'ve|'m|'ll|'d)` if one follows.
    @inline(__always)
    private static func contractionEnd(_ text: ScalarText, at end: Int) -> Int {
        guard text.has(end, ScalarClass.apostrophe) else { return end }
        switch text.foldedLetter(end + 1) {
        case 0x73, 0x74, 0x6D, 0x64: return end + 2  // s t m d
        case 0x72, 0x76: return text.foldedLetter(end + 2) == 0x65 ? end + 3 : end  // re ve
        case 0x6C: return text.foldedLetter(end + 2) == 0x6C ? end + 3 : end  // ll
        default: return end
        }
    }

    /// Whether scalar `i` is the ASCII byte `byte`.
    @inline(__always)
    private static func isByte(_ text: ScalarText, _ i: Int, _ byte: UInt8) -> Bool {
        text.bytes[Int(text.offsets[i])] == byte && text.offsets[i + 1] - text.offsets[i] == 1
    }
}
