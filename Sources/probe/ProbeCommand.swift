import ArgumentParser
import ProbeEngine
import ProbeStore

/// `probe`: JSON on stdin, JSON on stdout (SPEC §9). Thin: every decision is in ProbeEngine.
@main
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run an LLM probe: one JSON input on stdin, one JSON output on stdout.",
        version: ProbeVersion.current,
        subcommands: [RunCommand.self, BatchCommand.self, ValidateCommand.self, HealthCommand.self, TokensCommand.self,
                      ModelsCommand.self, DatabaseCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one probe (the default). Exits 0 whenever it printed an output object.",
        discussion: """
            With a database (--database-url or DATABASE_URL) the result is written to it (or, when the \
            database cannot take it, to the spool file) before the output is printed.
            """
    )

    @OptionGroup var store: StoreOptions

    @OptionGroup var cassette: CassetteOptions

    func run() async throws {
        let environment = ProcessEnvironment.current()
        try ModelsFileCheck.check(environment)
        let engine = try cassette.engine(environment: environment)
        let store = try self.store.readyStore(environment)
        let input = StandardIO.readStdin(limit: InputDecoder.maxInputBytes)
        let probe = Task { await engine.runRecord(input) }
        // SIGINT/SIGTERM cancel the probe; its output (CANCELLED) is still printed, exit 0.
        let trap = SignalTrap { _ in probe.cancel() }
        let record = await probe.value
        // With a database the output follows the write (committed or spooled): D12's write-ahead rule.
        if let store {
            _ = await store.write(record, identity: record.input == nil ? BatchIdentity(json: input) : nil)
            await store.close()
        }
        StandardIO.writeStdout(record.output.jsonLine)
        withExtendedLifetime(trap) {}
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an input without calling any provider; print the first request (key redacted)."
    )

    func run() throws {
        try ModelsFileCheck.check(ProcessEnvironment.current())
        let input = StandardIO.readStdin(limit: InputDecoder.maxInputBytes)
        StandardIO.writeLine(ProbeEngine().validate(input))
    }
}

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Report keys, base URLs and tokenizer data."
    )

    func run() throws {
        StandardIO.writeLine(ProbeEngine().health())
    }
}

struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Count the tokens of stdin for a model."
    )

    @Option(name: .long, help: "The model whose tokenizer counts (exact for OpenAI models).")
    var model: String

    func run() throws {
        let bytes = StandardIO.readStdin(limit: Int.max - 1)
        let text = String(decoding: bytes, as: UTF8.self)
        StandardIO.writeLine(ProbeEngine().countTokens(text, model: model))
    }
}
