extension Encoding {
    /// The patterns this library has hand-coded pre-tokenizers for.
    static let knownPatterns: [String: Splitter] = [
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#:
            .cl100k,
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#:
            .o200k,
    ]

    /// Loads encoding `name` as described by `models.json` in `directory`: reads the
    /// vocabulary, checks its sha256 through libcrypto, and builds the lookup tables.
    public static func load(name: String, directory: String) throws(TiktokenError) -> Encoding {
        try load(name: name, directory: directory, table: ModelTable.load(directory: directory))
    }

    /// Loads encoding `name` as `table` describes it, from `directory`.
    public static func load(name: String, directory: String, table: ModelTable) throws(TiktokenError) -> Encoding {
        guard let spec = table.encodings[name] else { throw .unknownEncoding(name) }
        guard let splitter = knownPatterns[spec.pattern] else { throw .unsupportedPattern(encoding: name) }
        let path = directory + "/" + spec.file
        let bytes = try FileBytes.contents(of: path)
        let digest = try SHA256.hexDigest(bytes)
        guard digest == spec.sha256 else {
            throw .checksumMismatch(path: path, expected: spec.sha256, actual: digest)
        }
        let tokens = try VocabularyParser.parse(bytes, path: path)
        guard tokens.count == spec.tokens else {
            throw .malformedVocabulary(path: path, line: 0, reason: "\(tokens.count) tokens, expected \(spec.tokens)")
        }
        return Encoding(name: name, table: tokens, splitter: splitter, specialTokens: spec.specialTokens)
    }
}
