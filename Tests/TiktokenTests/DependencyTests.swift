import Foundation
import Testing
import Tiktoken

/// The library stays light: the `probe` binary's start-up time and memory depend on it.
struct DependencyTests {
    @Test func libraryNeverImportsFoundation() throws {
        let sources = TestSupport.root + "/Sources/Tiktoken"
        guard let files = FileManager.default.enumerator(atPath: sources) else {
            Issue.record("cannot list \(sources)")
            return
        }
        var checked = 0
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            #expect(!text.contains("import Foundation"), "\(file)")
            checked += 1
        }
        #expect(checked > 5)
    }

    @Test func cacheFromEnvironmentUsesTheExplicitDirectory() throws {
        let cache = try EncodingCache(environment: ["PROBE_TIKTOKEN_DIR": TestSupport.resources])
        #expect(cache.directory == TestSupport.resources)
        #expect(try cache.encoding(forModel: "gpt-4").count("hello world") == 2)
    }
}
