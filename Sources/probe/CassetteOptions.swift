import ArgumentParser
import ProbeEngine

/// `--record FILE` / `--replay FILE` of `probe run` and `probe batch` (DECISIONS D13).
struct CassetteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Append every provider exchange to the cassette FILE (keys redacted).",
                                            valueName: "FILE"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp("Answer from the cassette FILE instead of calling providers (no key needed).",
                                            valueName: "FILE"))
    var replay: String?

    func validate() throws {
        if record != nil && replay != nil { throw ValidationError("--record and --replay cannot be used together") }
    }

    /// The engine over `environment`: recording, replaying or plain. A cassette that cannot be
    /// opened, or whose chain is broken, is a usage error (exit 64) naming the line.
    func engine(environment: [String: String]) throws -> ProbeEngine {
        do {
            if let record { return try ProbeEngine.recording(to: record, environment: environment) }
            if let replay { return try ProbeEngine.replaying(replay, environment: environment) }
        } catch {
            throw ValidationError("\(record == nil ? "--replay" : "--record") \(error.description)")
        }
        return ProbeEngine(environment: environment)
    }
}
