#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Tiktoken

/// The shipped profiles with the user's `PROBE_MODELS_FILE` laid over them (an entry with the
/// same provider and prefix replaces the shipped one; others are added).
public struct ModelProfileTable: Sendable {
    /// The shipped file's name.
    public static let fileName = "model-profiles.json"
    /// The variable naming the user's overlay file.
    public static let overlayVariable = "PROBE_MODELS_FILE"

    public let profiles: [ModelProfile]
    /// The shipped file that was read.
    public let shippedFile: String
    /// The overlay that was laid over it, if any.
    public let overlayFile: String?

    public init(shipped: [ModelProfile], overlay: [ModelProfile], shippedFile: String, overlayFile: String?) {
        var merged = shipped
        for profile in overlay {
            if let index = merged.firstIndex(where: { $0.provider == profile.provider && $0.prefix == profile.prefix }) {
                merged[index] = profile
            } else {
                merged.append(profile)
            }
        }
        self.profiles = merged
        self.shippedFile = shippedFile
        self.overlayFile = overlayFile
    }

    /// The profile of `modelName` (the model name sent, case-sensitive): the longest prefix of
    /// the provider's that starts it; nil only when the provider has no default profile.
    public func profile(provider: Provider, modelName: String) -> ModelProfile? {
        profiles.filter { $0.provider == provider && modelName.hasPrefix($0.prefix) }
            .max { $0.prefix.count < $1.prefix.count }
    }
}

/// Finds and loads the table once per overlay path (DECISIONS D14). Nothing is read until a
/// probe that passed validation, `probe validate` or `probe models` needs it.
public enum ModelProfiles {
    private static let tables = Mutex<[String: Result<ModelProfileTable, ModelProfileError>]>([:])

    /// The table for `environment` (its `PROBE_MODELS_FILE`), or what is wrong with a file.
    public static func table(environment: [String: String]) -> Result<ModelProfileTable, ModelProfileError> {
        let overlay = environment[ModelProfileTable.overlayVariable].flatMap { $0.isEmpty ? nil : $0 }
        return tables.withLock { tables in
            if let cached = tables[overlay ?? ""] { return cached }
            let loaded = Result { () throws(ModelProfileError) -> ModelProfileTable in try load(overlay: overlay) }
            tables[overlay ?? ""] = loaded
            return loaded
        }
    }

    /// Where the shipped file is looked for: beside the executable (an installed `probe`), then
    /// the source tree's `Sources/ProbeEngine/Resources`.
    public static var shippedCandidates: [String] {
        var result: [String] = []
        if let executable = VocabularyLocator.currentExecutablePath(), let slash = executable.lastIndex(of: "/") {
            result.append(String(executable[..<slash]) + "/" + ModelProfileTable.fileName)
        }
        result.append(buildResourcesDirectory + "/" + ModelProfileTable.fileName)
        return result
    }

    static let buildResourcesDirectory: String = {
        var path = #filePath
        for _ in 0..<2 {  // drop `Profiles/ModelProfileTable.swift`
            guard let slash = path.lastIndex(of: "/") else { return "Resources" }
            path = String(path[..<slash])
        }
        return path + "/Resources"
    }()

    private static func load(overlay: String?) throws(ModelProfileError) -> ModelProfileTable {
        let candidates = shippedCandidates
        guard let shippedFile = candidates.first(where: { access($0, R_OK) == 0 }) else {
            throw ModelProfileError(file: ModelProfileTable.fileName, entry: nil,
                                    problem: "not found; looked in: " + candidates.joined(separator: ", "))
        }
        let shipped = try ModelProfileDecoder.decode(try read(shippedFile), file: shippedFile)
        let extra = try overlay.map { (path) throws(ModelProfileError) -> [ModelProfile] in
            try ModelProfileDecoder.decode(try read(path), file: path)
        } ?? []
        return ModelProfileTable(shipped: shipped, overlay: extra, shippedFile: shippedFile, overlayFile: overlay)
    }

    private static func read(_ path: String) throws(ModelProfileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ModelProfileError(file: path, entry: nil, problem: "cannot be read (\(FileDescriptorIO.Failure.current().reason))")
        }
        defer { close(fd) }
        do {
            return try FileDescriptorIO.readAll(fd)
        } catch {
            throw ModelProfileError(file: path, entry: nil, problem: "cannot be read (\(error.reason))")
        }
    }
}
