import ProbeJSON

/// The committed model → encoding table (`models.json`), read by the Swift engine and the
/// Python reference alike: exact names first, then prefixes, longest first, else the default.
public struct ModelTable: Sendable, Equatable {
    /// The file name of the table inside a vocabulary directory.
    public static let fileName = "models.json"

    /// The encoding used when no name or prefix matches.
    public let defaultEncoding: String
    /// Exact model name → encoding name.
    public let exact: [String: String]
    /// (prefix, encoding name), longest prefix first.
    public let prefixes: [(prefix: String, encoding: String)]
    /// Encoding name → how to load and check it.
    public let encodings: [String: EncodingSpec]

    /// What the table says about one encoding.
    public struct EncodingSpec: Sendable, Equatable {
        /// The encoding's name, e.g. `o200k_base`.
        public let name: String
        /// The vocabulary's file name, relative to the table's directory.
        public let file: String
        /// The vocabulary's expected sha256, lowercase hex.
        public let sha256: String
        /// The number of mergeable tokens.
        public let tokens: Int
        /// tiktoken's pre-tokenization pattern, verbatim.
        public let pattern: String
        /// Special token text → id.
        public let specialTokens: [String: Int]
    }

    /// Reads `models.json` from `directory`.
    public static func load(directory: String) throws(TiktokenError) -> ModelTable {
        let path = directory + "/" + fileName
        return try parse(FileBytes.contents(of: path), path: path)
    }

    /// Parses the table's JSON; `path` only names it in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(TiktokenError) -> ModelTable {
        func fail(_ reason: String) -> TiktokenError { .malformedModelTable(path: path, reason: reason) }
        guard let json = try? JSONParser.parse(bytes) else { throw fail("not valid JSON") }
        guard let defaultEncoding = json["default"]?.stringValue else { throw fail("no \"default\"") }
        guard let exactJSON = json["exact"]?.objectValue, let prefixJSON = json["prefixes"]?.objectValue,
              let encodingJSON = json["encodings"]?.objectValue
        else { throw fail("needs objects \"exact\", \"prefixes\" and \"encodings\"") }
        var exact: [String: String] = [:]
        for (model, value) in exactJSON.entries {
            guard let name = value.stringValue else { throw fail("exact[\(model)] is not a string") }
            exact[model] = name
        }
        var prefixes: [(prefix: String, encoding: String)] = []
        for (prefix, value) in prefixJSON.entries {
            guard let name = value.stringValue else { throw fail("prefixes[\(prefix)] is not a string") }
            prefixes.append((prefix, name))
        }
        prefixes.sort { ($0.prefix.utf8.count, $1.prefix) > ($1.prefix.utf8.count, $0.prefix) }
        var encodings: [String: EncodingSpec] = [:]
        for (name, value) in encodingJSON.entries {
            guard let file = value["file"]?.stringValue, let sha256 = value["sha256"]?.stringValue,
                  let tokens = value["tokens"]?.numberValue?.intValue, let pattern = value["pattern"]?.stringValue,
                  let specialJSON = value["specialTokens"]?.objectValue
            else { throw fail("encodings[\(name)] needs file, sha256, tokens, pattern, specialTokens") }
            var special: [String: Int] = [:]
            for (text, id) in specialJSON.entries {
                guard let id = id.numberValue?.intValue else { throw fail("special token \(text) has no integer id") }
                special[text] = id
            }
            encodings[name] = EncodingSpec(
                name: name, file: file, sha256: sha256.lowercased(), tokens: tokens,
                pattern: pattern, specialTokens: special)
        }
        for name in [defaultEncoding] + Array(exact.values) + prefixes.map(\.encoding)
        where encodings[name] == nil {
            throw fail("encoding \(name) is named but not described")
        }
        return ModelTable(defaultEncoding: defaultEncoding, exact: exact, prefixes: prefixes, encodings: encodings)
    }

    /// The encoding name for `model`: exact name, else longest matching prefix, else default.
    public func encodingName(forModel model: String) -> String {
        if let name = exact[model] { return name }
        for entry in prefixes where model.hasPrefix(entry.prefix) { return entry.encoding }
        return defaultEncoding
    }

    /// Tables are equal when they map every model alike and describe the same encodings.
    public static func == (lhs: ModelTable, rhs: ModelTable) -> Bool {
        lhs.defaultEncoding == rhs.defaultEncoding && lhs.exact == rhs.exact
            && lhs.prefixes.elementsEqual(rhs.prefixes, by: { $0 == $1 }) && lhs.encodings == rhs.encodings
    }
}
