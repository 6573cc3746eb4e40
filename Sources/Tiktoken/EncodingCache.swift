import Synchronization

/// Loads each encoding at most once and shares it: one cache can serve every probe of a
/// process. Thread-safe.
public final class EncodingCache: Sendable {
    /// The directory the vocabularies are read from.
    public let directory: String
    /// The model table read from `directory`.
    public let table: ModelTable
    private let loaded = Mutex<[String: Encoding]>([:])

    /// A cache over the vocabularies and `models.json` in `directory`.
    public init(directory: String) throws(TiktokenError) {
        self.directory = directory
        self.table = try ModelTable.load(directory: directory)
    }

    /// A cache over the directory that `VocabularyLocator` finds from `environment`
    /// (`PROBE_TIKTOKEN_DIR`, the executable's directory, the build's resources).
    public convenience init(environment: [String: String]) throws(TiktokenError) {
        try self.init(directory: VocabularyLocator(environment: environment).locate())
    }

    /// The encoding called `name`, loaded on first use.
    public func encoding(named name: String) throws(TiktokenError) -> Encoding {
        let result: Result<Encoding, TiktokenError> = loaded.withLock { loaded in
            if let encoding = loaded[name] { return .success(encoding) }
            do throws(TiktokenError) {
                let encoding = try Encoding.load(name: name, directory: directory, table: table)
                loaded[name] = encoding
                return .success(encoding)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The encoding the model table gives for `model`.
    public func encoding(forModel model: String) throws(TiktokenError) -> Encoding {
        try encoding(named: table.encodingName(forModel: model))
    }
}
