import Foundation
@testable import Tiktoken

/// Paths and shared encodings for the tests.
enum TestSupport {
    /// The repository root (three levels above this file).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let resources = root + "/Sources/Tiktoken/Resources"
    static let fixtures = root + "/Fixtures/tokens"

    /// One cache over the committed vocabularies for every test.
    static let cache: EncodingCache? = try? EncodingCache(directory: resources)

    static func encoding(_ name: String) throws -> Encoding {
        guard let cache else { throw TiktokenError.vocabularyDirectoryNotFound(searched: [resources]) }
        return try cache.encoding(named: name)
    }

    /// The error `body` throws, nil if it returns.
    static func caught(_ body: () throws -> Void) -> TiktokenError? {
        do {
            try body()
            return nil
        } catch {
            return error as? TiktokenError
        }
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tiktoken-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies `models.json` (and optionally the vocabularies) into a new temporary directory.
    static func copyOfResources(withVocabularies: Bool) throws -> String {
        let directory = try temporaryDirectory()
        var names = ["models.json"]
        if withVocabularies { names += ["cl100k_base.tiktoken", "o200k_base.tiktoken"] }
        for name in names {
            try FileManager.default.copyItem(atPath: resources + "/" + name, toPath: directory + "/" + name)
        }
        return directory
    }
}
