#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the directory holding `models.json` and the vocabularies, in SPEC §9's order:
/// `PROBE_TIKTOKEN_DIR`, then the running executable's directory, then the source tree's
/// `Sources/Tiktoken/Resources` (the build's resources). Never aborts: a miss is an error
/// that lists every place looked at.
public struct VocabularyLocator: Sendable {
    /// The environment variable that names the directory explicitly.
    public static let environmentKey = "PROBE_TIKTOKEN_DIR"

    /// The environment to read `PROBE_TIKTOKEN_DIR` from.
    public let environment: [String: String]
    /// The running executable's path (nil: unknown).
    public let executablePath: String?
    /// The build's resource directory.
    public let resourcesDirectory: String

    /// A locator over `environment`, the running executable and this build's resources.
    public init(
        environment: [String: String],
        executablePath: String? = VocabularyLocator.currentExecutablePath(),
        resourcesDirectory: String = VocabularyLocator.buildResourcesDirectory
    ) {
        self.environment = environment
        self.executablePath = executablePath
        self.resourcesDirectory = resourcesDirectory
    }

    /// The directories to try, in order.
    public var candidates: [String] {
        var result: [String] = []
        if let explicit = environment[Self.environmentKey], !explicit.isEmpty { result.append(explicit) }
        if let executablePath, let slash = executablePath.lastIndex(of: "/") {
            let directory = String(executablePath[..<slash])
            result.append(directory.isEmpty ? "/" : directory)
        }
        result.append(resourcesDirectory)
        return result
    }

    /// The first candidate holding `models.json`, or `vocabularyDirectoryNotFound`.
    public func locate() throws(TiktokenError) -> String {
        let candidates = candidates
        for directory in candidates where FileBytes.exists(directory + "/" + ModelTable.fileName) {
            return directory
        }
        throw .vocabularyDirectoryNotFound(searched: candidates)
    }

    /// `Sources/Tiktoken/Resources` of the source tree this library was built from.
    public static let buildResourcesDirectory: String = {
        var path = #filePath
        for _ in 0..<2 {  // drop `Loading/VocabularyLocator.swift`
            guard let slash = path.lastIndex(of: "/") else { return "Resources" }
            path = String(path[..<slash])
        }
        return path + "/Resources"
    }()

    /// The running executable's path (`/proc/self/exe` on Linux), or nil.
    public static func currentExecutablePath() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return CommandLine.arguments.first
        #endif
    }
}
