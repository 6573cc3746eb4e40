/// Everything that can go wrong while finding, loading or using a vocabulary.
///
/// A missing or corrupt file is always one of these, never a crash.
public enum TiktokenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be opened or read (`errno` text included).
    case unreadableFile(path: String, reason: String)
    /// A vocabulary file's sha256 is not the one the model table expects.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// A vocabulary file has a line that is not `base64 rank`.
    case malformedVocabulary(path: String, line: Int, reason: String)
    /// The model table (models.json) is not the expected JSON shape.
    case malformedModelTable(path: String, reason: String)
    /// The model table names no encoding of that name.
    case unknownEncoding(String)
    /// The encoding's pattern has no hand-coded pre-tokenizer in this library.
    case unsupportedPattern(encoding: String)
    /// No directory with the vocabularies was found; `searched` lists every place looked at.
    case vocabularyDirectoryNotFound(searched: [String])
    /// `decode` was given an id that is neither a rank nor a special token.
    case unknownTokenID(Int)
    /// The system's libcrypto failed to compute a digest.
    case digestFailed

    /// One line of human-readable text.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .checksumMismatch(path, expected, actual):
            return "\(path) is corrupt: sha256 \(actual), expected \(expected)"
        case let .malformedVocabulary(path, line, reason):
            return "\(path) line \(line): \(reason)"
        case let .malformedModelTable(path, reason):
            return "\(path): \(reason)"
        case let .unknownEncoding(name):
            return "unknown encoding \(name)"
        case let .unsupportedPattern(encoding):
            return "no pre-tokenizer for the pattern of \(encoding)"
        case let .vocabularyDirectoryNotFound(searched):
            return "tokenizer data (models.json and vocabularies) not found; looked in: "
                + searched.joined(separator: ", ")
        case let .unknownTokenID(id):
            return "unknown token id \(id)"
        case .digestFailed:
            return "libcrypto could not compute sha256"
        }
    }
}
