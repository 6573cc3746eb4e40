import Logging
import ProbeTransport

/// Runs LLM probes (SPEC §1–§7). Keys, base URLs and limits come from the engine's
/// environment, read for each probe; engines with different environments can run side by side.
///
/// ```swift
/// let engine = ProbeEngine()                               // the process environment
/// let output = await engine.run(jsonBytes)                 // validates, then runs
/// print(String(decoding: output.jsonLine, as: UTF8.self))
/// ```
public struct ProbeEngine: Sendable {
    /// The environment keys, base URLs and limits are read from.
    public let environment: [String: String]
    private let transport: any HTTPTransport
    private let tokens: TokenCounter
    let logger: Logger
    /// The transport serves a cassette (DECISIONS D13): no key is needed and retries do not wait.
    let replaying: Bool
    /// Parameters the engine's models refused, for the engine's life (DECISIONS D4).
    let learned = LearnedDrops()
    /// What retries and gates wait on (the continuous clock unless a test gives its own).
    let clock: any EngineClock

    /// An engine over `environment` (the process's by default). `transport` replaces libcurl
    /// (tests); `tokens` replaces the token counter; `logger` replaces JSON lines on stderr.
    public init(environment: [String: String] = ProcessEnvironment.current(),
                transport: (any HTTPTransport)? = nil,
                tokens: TokenCounter? = nil,
                logger: Logger? = nil,
                clock: (any EngineClock)? = nil) {
        self.environment = environment
        self.clock = clock ?? ContinuousEngineClock()
        self.transport = transport ?? SharedTransport.curl(environment: environment)
        self.replaying = transport is ReplayTransport
        self.tokens = tokens ?? TokenCounting.shared(environment: environment)
        let level = LogLevelSetting.level(environment: environment)
        // Every line, at every level, passes the key redaction (SPEC §5, issue 15).
        self.logger = RedactingLogHandler.wrap(logger ?? Logger(label: "probe") { _ in JSONLogHandler(level: level) },
                                               secrets: ProviderCredentials(environment: environment).secrets)
    }

    /// Validates raw input (SPEC §1) and runs it. Never throws: every failure is an output.
    public func run(_ json: [UInt8]) async -> ProbeOutput {
        await runRecord(json).output
    }

    /// Runs a probe built in Swift. It is validated by the same rules as JSON input.
    public func run(_ input: ProbeInput) async -> ProbeOutput {
        await runRecord(input).output
    }

    /// `run(_:)` with what a store keeps beyond the output: the validated input and the retries.
    public func runRecord(_ json: [UInt8]) async -> ProbeRecord {
        let input: ProbeInput
        do {
            input = try InputDecoder.decode(json)
        } catch {
            logger.warning("input rejected", metadata: ["reason": "\(error.message)"])
            return ProbeRecord(input: nil, output: .failure(error, partial: nil), retryCount: 0)
        }
        return await execute(input)
    }

    /// `run(_:)` of a probe built in Swift, with the validated input and the retries.
    public func runRecord(_ input: ProbeInput) async -> ProbeRecord {
        do {
            return await execute(try InputDecoder.decode(value: input.json))
        } catch {
            logger.warning("input rejected", metadata: ["reason": "\(error.message)"])
            return ProbeRecord(input: nil, output: .failure(error, partial: nil), retryCount: 0)
        }
    }

    /// Runs a validated input: routing, provider limits and the key, then the turns; during a
    /// batch every request passes its provider's gate in `gates`.
    func execute(_ input: ProbeInput, gates: ProviderGates? = nil) async -> ProbeRecord {
        var logger = self.logger
        logger[metadataKey: "runId"] = "\(input.runId)"
        logger[metadataKey: "scenarioId"] = "\(input.scenarioId)"
        logger[metadataKey: "modelId"] = "\(input.modelId)"
        var prepared: PreparedProbe
        do {
            prepared = try PreparedProbe.prepare(input, credentials: ProviderCredentials(environment: environment),
                                                 replaying: replaying)
        } catch {
            logger.warning("probe rejected", metadata: ["code": "\(error.code.rawValue)", "reason": "\(error.message)"])
            return ProbeRecord(input: input, output: .failure(error, partial: nil), retryCount: 0)
        }
        var settings = EngineSettings(environment: environment)
        if replaying { settings.backoffScale = 0 }
        for warning in settings.warnings + prepared.warnings { logger.warning("\(warning)") }
        for known in learned.drops(provider: prepared.route.provider, model: prepared.route.modelName) {
            // What this engine already learned the model refuses is not sent again (D4).
            if let plan = prepared.plan.dropping(known.name, reason: known.reason) { prepared.plan = plan }
        }
        if !prepared.plan.dropped.isEmpty {
            // One line per probe: what the model does not accept was left out or mapped (D14).
            logger.warning("settings not sent as given", metadata: [
                "dropped": "\(prepared.plan.dropped.map { "\($0.name): \($0.reason)" }.joined(separator: "; "))",
            ])
        }
        logger.info("probe started", metadata: [
            "provider": "\(prepared.route.provider.rawValue)", "model": "\(prepared.route.modelName)",
        ])
        var runner = ProbeRunner(probe: prepared, settings: settings, transport: transport, tokens: tokens,
                                 secrets: ProviderCredentials(environment: environment).secrets, logger: logger,
                                 gate: gates?[prepared.route.provider], learned: learned, clock: clock)
        let (output, retries) = await runner.run()
        logger.info("probe finished", metadata: [
            "success": "\(output.isSuccess)", "turns": "\(output.transcript?.turns.count ?? 0)",
        ])
        return ProbeRecord(input: input, output: output, retryCount: retries)
    }

    /// Checks an input without calling anyone: the first request (key redacted) or the failure
    /// (`probe validate`, SPEC §9).
    public func validate(_ json: [UInt8]) -> JSONValue {
        do {
            let input = try InputDecoder.decode(json)
            let credentials = ProviderCredentials(environment: environment)
            let prepared = try PreparedProbe.prepare(input, credentials: credentials)
            let request = prepared.request(messages: prepared.openingMessages + [ChatMessage(role: .user, content: input.scenario.prompt)])
            let secrets = credentials.secrets
            let headers = JSONObject(request.headers.map { ($0.name, .string(Redaction.redact($0.value, secrets: secrets))) })
            return .object([
                "valid": .bool(true),
                "provider": .string(prepared.route.provider.rawValue),
                "model": .string(prepared.route.modelName),
                "parameters": prepared.plan.record,
                "request": .object([
                    "method": .string("POST"), "url": .string(request.url),
                    "headers": .object(headers), "body": request.body,
                ]),
            ])
        } catch {
            return .object(["valid": .bool(false), "error": error.json])
        }
    }
}
