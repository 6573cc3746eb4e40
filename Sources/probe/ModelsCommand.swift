import ArgumentParser
import ProbeEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `probe models [MODEL]`: the profile table (DECISIONS D14), or one model's resolved profile
/// and the body a default input would send.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the model profiles (a table on a terminal, JSON lines otherwise), or show one model's.",
        discussion: """
            With MODEL: the profile that model resolves to, the parameters record and the request body \
            a default input (config defaults, no modelConfig) would send. PROBE_MODELS_FILE names a file \
            of profiles laid over the shipped ones.
            """
    )

    @Argument(help: "A model id as an input's modelId would give it (e.g. claude-opus-4-7, openai:gpt-5).")
    var model: String?

    func run() throws {
        let engine = ProbeEngine()
        let table: ModelProfileTable
        switch engine.modelProfiles() {
        case .failure(let error): throw ValidationError(error.description)
        case .success(let loaded): table = loaded
        }
        if let model {
            StandardIO.writeLine(engine.describeModel(model))
        } else if isatty(1) == 1 {
            StandardIO.writeStdout(Array(ProfileTableText.render(table.profiles).utf8))
        } else {
            for profile in table.profiles { StandardIO.writeLine(profile.json) }
        }
    }
}

/// A usage error (exit 64) when `PROBE_MODELS_FILE` is set and its profiles cannot be used,
/// before any input is read or provider called. Unset, the table loads lazily with the first probe.
enum ModelsFileCheck {
    static func check(_ environment: [String: String]) throws {
        guard let path = environment[ModelProfileTable.overlayVariable], !path.isEmpty else { return }
        if case .failure(let error) = ModelProfiles.table(environment: environment) {
            throw ValidationError(error.description)
        }
    }
}

/// The profiles as aligned columns for a terminal.
enum ProfileTableText {
    static func render(_ profiles: [ModelProfile]) -> String {
        let header = ["PROVIDER", "PREFIX", "ENDPOINT", "MAX OUT", "TEMP", "TOP_P", "REASONING", "EFFORTS", "FAMILY"]
        let rows = profiles.map { profile in
            [profile.provider.rawValue, profile.prefix.isEmpty ? "(default)" : profile.prefix, profile.endpoint.rawValue,
             "\(profile.maxOutput)", profile.temperature.rawValue,
             profile.topP ? (profile.exclusiveSampling ? "xor temp" : "yes") : "no",
             profile.reasoning.rawValue, profile.efforts.joined(separator: ","), profile.family]
        }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
