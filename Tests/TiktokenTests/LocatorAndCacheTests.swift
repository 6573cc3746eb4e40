import Foundation
import Testing
@testable import Tiktoken

/// SPEC §9's search order and the shared cache.
struct LocatorAndCacheTests {
    @Test func explicitDirectoryWins() throws {
        let directory = try TestSupport.copyOfResources(withVocabularies: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let locator = VocabularyLocator(
            environment: ["PROBE_TIKTOKEN_DIR": directory], executablePath: "/usr/bin/env")
        #expect(try locator.locate() == directory)
    }

    @Test func executableDirectoryComesBeforeTheBuildResources() throws {
        let directory = try TestSupport.copyOfResources(withVocabularies: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let locator = VocabularyLocator(environment: [:], executablePath: directory + "/probe")
        #expect(try locator.locate() == directory)
    }

    @Test func buildResourcesAreTheSourceTree() throws {
        #expect(VocabularyLocator.buildResourcesDirectory == TestSupport.resources)
        let locator = VocabularyLocator(environment: ["PROBE_TIKTOKEN_DIR": "/nonexistent"], executablePath: "/usr/bin/env")
        #expect(try locator.locate() == TestSupport.resources)
    }

    @Test func notFoundListsEveryPlaceLooked() {
        let locator = VocabularyLocator(
            environment: ["PROBE_TIKTOKEN_DIR": "/nonexistent/a"], executablePath: "/nonexistent/b/probe",
            resourcesDirectory: "/nonexistent/c")
        #expect(throws: TiktokenError.vocabularyDirectoryNotFound(
            searched: ["/nonexistent/a", "/nonexistent/b", "/nonexistent/c"])) { try locator.locate() }
        let text = TiktokenError.vocabularyDirectoryNotFound(searched: ["/nonexistent/a"]).description
        #expect(text.contains("/nonexistent/a"))
    }

    @Test func cacheSharesOneEncodingAcrossTasks() async throws {
        let cache = try EncodingCache(directory: TestSupport.resources)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try cache.encoding(forModel: "gpt-4o").count("hello world") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 2, count: 8))
        #expect(try cache.encoding(named: "o200k_base") === cache.encoding(forModel: "gpt-4o-mini"))
    }
}
