import ProbeEngine
import ProbeTransport
import Synchronization

/// A transport for batch tests: every request is held for `hold` (cancellable), then answered
/// by `answer`; it records each request's provider in order and the most requests in flight,
/// in all and per provider.
final class CountingTransport: HTTPTransport {
    struct Counts {
        var inFlight: [Provider: Int] = [:]
        var maxInFlight: [Provider: Int] = [:]
        var total = 0
        var maxTotal = 0
        /// Providers of the requests in the order they arrived.
        var arrivals: [Provider] = []
    }

    private let counts = Mutex(Counts())
    private let hold: Duration
    private let answer: @Sendable (Provider, Int) -> Result<HTTPResponse, TransportFailure>

    /// `answer(provider, n)` gives the reply to that provider's `n`-th request (from 0);
    /// by default a success in the provider's format.
    init(hold: Duration = .milliseconds(10),
         answer: @escaping @Sendable (Provider, Int) -> Result<HTTPResponse, TransportFailure> = { provider, _ in
             CountingTransport.success(provider)
         }) {
        self.hold = hold
        self.answer = answer
    }

    var snapshot: Counts { counts.withLock { $0 } }

    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        let provider = Self.provider(of: request.url)
        let number = counts.withLock { counts -> Int in
            let number = counts.arrivals.filter { $0 == provider }.count
            counts.arrivals.append(provider)
            counts.inFlight[provider, default: 0] += 1
            counts.maxInFlight[provider] = max(counts.maxInFlight[provider] ?? 0, counts.inFlight[provider] ?? 0)
            counts.total += 1
            counts.maxTotal = max(counts.maxTotal, counts.total)
            return number
        }
        let slept: Bool
        do {
            try await Task.sleep(for: hold)
            slept = true
        } catch {
            slept = false
        }
        counts.withLock { counts in
            counts.inFlight[provider, default: 1] -= 1
            counts.total -= 1
        }
        guard slept else { throw .cancelled }
        return try answer(provider, number).get()
    }

    static func provider(of url: String) -> Provider {
        if url.contains("anthropic") { return .anthropic }
        if url.contains("googleapis") { return .google }
        return .openai
    }

    static func success(_ provider: Provider) -> Result<HTTPResponse, TransportFailure> {
        switch provider {
        case .anthropic:
            return Wire.response(200, #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"Yes."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":2}}"#)
        default:
            return Wire.openAI("Yes.")
        }
    }
}

/// Batch inputs for tests.
enum BatchFixture {
    static func line(_ scenario: String, modelId: String = "gpt-4o", runId: String = "run-b") -> [UInt8] {
        Array(#"{"runId":"\#(runId)","scenarioId":"\#(scenario)","modelId":"\#(modelId)","scenario":{"prompt":"Pull?"},"config":{}}"#.utf8)
    }

    static func inputs(_ lines: [[UInt8]]) -> [BatchInput] {
        lines.enumerated().map { BatchInput(index: $0.offset, json: $0.element) }
    }

    /// A batch of `count` inputs (scenarios s0, s1, …) over `transport`.
    static func start(_ count: Int, concurrency: Int, transport: CountingTransport) -> BatchRun {
        let engine = ProbeEngine(environment: Probe.environment, transport: transport, logger: LogCapture().logger)
        return engine.batch(inputs((0..<count).map { line("s\($0)") }), options: BatchOptions(concurrency: concurrency))
    }

    static func collect(_ run: BatchRun) async -> [BatchResult] {
        var results: [BatchResult] = []
        for await result in run { results.append(result) }
        return results
    }
}
