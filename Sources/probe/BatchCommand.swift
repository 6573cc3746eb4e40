import ArgumentParser
import ProbeEngine
import ProbeStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `probe batch` (SPEC §9, DECISIONS D11): JSON lines in, JSON lines out in completion order.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many probes: one JSON input a line on stdin, one output a line on stdout as each finishes.",
        discussion: """
            Each output is the probe's output object plus index (the input's line number from 0; blank \
            lines are skipped but counted), runId, scenarioId, modelId, and the input's requestId when it \
            has one. A probe starts as its line arrives: run it as a long-lived worker by keeping stdin \
            open; at the end of stdin the running probes finish and it exits 0. Progress and a summary go \
            to stderr. SIGINT/SIGTERM: no new probe starts, probes in flight get 10 s \
            (PROBE_BATCH_GRACE_MS), every input read still gets one line; exit 130/143.
            """
    )

    @Option(name: .long, help: "The most probes in flight at once.")
    var concurrency = 64

    @Option(name: .customLong("max-inflight"),
            help: ArgumentHelp("A provider's most requests in flight, e.g. OPENAI=8 (repeatable; over PROBE_MAX_INFLIGHT_<PROVIDER>).",
                               valueName: "PROVIDER=N"))
    var maxInflight: [String] = []

    @Option(name: .long,
            help: ArgumentHelp("A provider's most requests per minute, e.g. ANTHROPIC=50 (repeatable; over PROBE_RPM_<PROVIDER>).",
                               valueName: "PROVIDER=N"))
    var rpm: [String] = []

    @Option(name: .long, help: ArgumentHelp("Skip inputs whose index has a success line in FILE (an earlier run's stdout; default: --output's FILE).",
                                            valueName: "FILE"))
    var resume: String?

    @Option(name: .long, help: ArgumentHelp("Append the output lines to FILE instead of stdout; a cut-short last line is truncated away first.",
                                            valueName: "FILE"))
    var output: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var cassette: CassetteOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be an integer >= 1") }
        _ = try flagLimits()
        if let resume, access(resume, R_OK) != 0 {
            throw ValidationError("--resume \(resume): \(String(cString: strerror(errno)))")
        }
    }

    /// `--max-inflight` and `--rpm` as limits (a later flag for the same provider wins).
    func flagLimits() throws -> [Provider: ProviderLimit] {
        var limits: [Provider: ProviderLimit] = [:]
        do {
            for text in maxInflight {
                let (provider, value) = try ProviderLimits.parseAssignment(text)
                limits[provider, default: ProviderLimit()].maxInFlight = value
            }
            for text in rpm {
                let (provider, value) = try ProviderLimits.parseAssignment(text)
                limits[provider, default: ProviderLimit()].requestsPerMinute = value
            }
        } catch {
            throw ValidationError("\(error.description)")
        }
        return limits
    }

    func run() async throws {
        let environment = Self.engineEnvironment()
        try ModelsFileCheck.check(environment)
        let engine = try cassette.engine(environment: environment)
        let store = try self.store.readyStore(environment)
        let interrupt = BatchInterrupt(grace: Self.grace(environment))
        OpenFiles.raiseLimit()

        let sink = try output.map(BatchOutput.file) ?? BatchOutput.standardOutput()
        var previous = try previousOutput(sink)
        let progress = BatchProgress(total: nil, onTerminal: isatty(2) == 1)
        // stdin is read as the batch asks for inputs: a probe starts as its line arrives.
        let stream = BatchStream(previous: previous) { progress.setTotal($0) }
        previous = nil
        interrupt.starting()
        let trap = SignalTrap { number in
            interrupt.received(number)
            stream.feed.stop()
        }
        let run = engine.batch(stream.feed, options: BatchOptions(concurrency: concurrency, limits: try flagLimits()))
        interrupt.attach(run)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(progress.onTerminal ? 250 : 1000))
                progress.tick()
            }
        }
        // With a database a line follows its result's commit or spool write (D12's write-ahead rule).
        let durable = store.map { DurableLines(store: $0, output: LineOutput(write: { [sink] line in sink.write(line) })) }
        for await result in run {
            progress.add(result.output)
            if let durable {
                await durable.submit(result, line: stream.line(for: result))
            } else {
                sink.write(stream.line(for: result))
            }
        }
        ticker.cancel()
        if let store {
            await durable?.close()
            Self.reportDatabase(store)
        }
        let signal = interrupt.firstSignal
        progress.finish(skipped: stream.skipped, signal: signal.map(Self.signalName))
        withExtendedLifetime(trap) {}
        if let signal { throw ExitCode(128 + signal) }
    }

    /// The process environment; logs default to warn (not a line per probe) unless set.
    static func engineEnvironment() -> [String: String] {
        var environment = ProcessEnvironment.current()
        if (environment["PROBE_LOG_LEVEL"] ?? "").isEmpty, environment["PYTHON_WORKER_DEBUG"] != "1" {
            environment["PROBE_LOG_LEVEL"] = "warn"
        }
        return environment
    }

    /// `PROBE_BATCH_GRACE_MS` (milliseconds >= 0), else 10 s.
    static func grace(_ environment: [String: String]) -> Duration {
        guard let raw = environment["PROBE_BATCH_GRACE_MS"], !raw.isEmpty,
              raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let ms = Int(raw) else { return .seconds(10) }
        return .milliseconds(ms)
    }

    /// `{"type": "database", "inserted", "replaced", "unchanged", "spooled", "skipped", "lost", "spool"}`
    /// on stderr after the summary.
    static func reportDatabase(_ store: ProbeStore) {
        guard case .object(let counts) = store.statistics.json else { return }
        var object: JSONObject = ["type": .string("database")]
        for (key, value) in counts.entries { object[key] = value }
        object["spool"] = .string(store.spool.path)
        var line = JSONWriter.bytes(.object(object))
        line.append(0x0A)
        StandardIO.writeAll(line, to: 2)
    }

    /// A warn line in the engine's log format (SPEC §8).
    static func warn(_ message: String, index: Int) {
        var line = JSONWriter.bytes(.object([
            "level": .string("warn"), "time": .int(Int(WallClock.epochMs())), "context": .string("probe"),
            "msg": .string(message), "index": .int(index),
        ]))
        line.append(0x0A)
        StandardIO.writeAll(line, to: 2)
    }

    static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}
