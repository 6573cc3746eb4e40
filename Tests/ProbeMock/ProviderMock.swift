import ProbeJSON
import ProbeTestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback mock of the six provider APIs (SPEC §4), over keep-alive HTTP/1.1 on a free port.
/// Paths are the real ones under a provider prefix (`/openai/v1/chat/completions`,
/// `/openai/v1/responses`, `/anthropic/v1/messages`, `/google/v1beta/models/{model}:generateContent`, …), so pointing
/// the `*_BASE_URL` variables at `baseURL(for:)` (all at once: `environment()`) routes each
/// provider here. Each provider request takes the next step of `script`; once it runs out,
/// the generated success reply (`GeneratedReply`). `faults` replaces a share of those with
/// faults. Unknown paths get a 404 with a JSON error; `GET /__stats` the counters.
///
///     let mock = try ProviderMock(script: [.json(body429, status: 429, headers: [("Retry-After", "0")])])
///     defer { mock.stop() }
///     let output = await ProbeEngine(environment: mock.environment()).run(input)
///     // mock.requests: every request received, in order
public final class ProviderMock: Sendable {
    private struct State {
        var script: [MockStep]
        var next = 0
        var random: SeededRandom
        var requests: [RecordedRequest] = []
        var served = 0
        var faults = 0
        var injected = 0
        /// Requests answered 400 for carrying `refusedField`.
        var refused = 0
    }

    /// What the responder (on the server's threads) and the mock share.
    private final class Shared: Sendable {
        struct ServerLink { weak var server: LoopbackHTTPServer? }
        let state: Mutex<State>
        let link = Mutex(ServerLink())
        init(_ state: State) { self.state = Mutex(state) }
    }

    private let server: LoopbackHTTPServer
    private let shared: Shared
    private let startedNs: UInt64

    /// Starts listening on `port` (0: a free one). `latencyMs` delays every provider reply;
    /// `recordsRequests` false keeps memory flat in long load runs. `refusedField`: a request whose
    /// JSON body carries that top-level field gets OpenAI's 400 `unsupported_parameter` naming it
    /// (a model that does not take a parameter, DECISIONS D4's requests that heal).
    public init(script: [MockStep] = [], latencyMs: Int = 0, faults: FaultPlan? = nil, port: UInt16 = 0,
                recordsRequests: Bool = true, idleSeconds: Int = 30, refusedField: String? = nil) throws(ServerStartFailure) {
        let shared = Shared(State(script: script, random: SeededRandom(seed: faults?.seed ?? 0)))
        self.shared = shared
        let started = Self.nowNs()
        startedNs = started
        server = try LoopbackHTTPServer(port: port, keepAlive: true, recordsRequests: false, idleSeconds: idleSeconds) { request, _ in
            if request.method == "GET", request.path == "/__stats" {
                let counts = shared.link.withLock { $0.server?.connections } ?? (0, 0, 0)
                let body = shared.state.withLock { Self.statsJSON($0, counts, started) }
                return .reply(status: 200, headers: [("Content-Type", "application/json")], body: JSONWriter.bytes(body))
            }
            guard let (provider, pathModel, responses) = MockProvider.route(request.path) else {
                if recordsRequests { shared.state.withLock { $0.requests.append(request) } }
                let message = JSONWriter.string(.string("no mock route for \(request.method) \(request.path)"))
                return .reply(status: 404, headers: [("Content-Type", "application/json")],
                              body: Array(#"{"error":{"message":\#(message),"type":"not_found"}}"#.utf8))
            }
            let step: MockStep = shared.state.withLock { state in
                if recordsRequests { state.requests.append(request) }
                state.served += 1
                var step = MockStep.generated
                if let refusedField, Self.carries(request.body, field: refusedField) {
                    state.refused += 1
                    step = Self.refusal(refusedField)
                } else if state.next < state.script.count {
                    step = state.script[state.next]
                    state.next += 1
                } else if let faults, faults.percent > 0, state.random.nextPercent() < faults.percent {
                    step = FaultPlan.rotation[state.injected % FaultPlan.rotation.count]
                    state.injected += 1
                }
                if step.isFault || Self.isError(step) { state.faults += 1 }
                return step
            }
            let behaviour = step.behaviour(provider, requestBody: request.body, pathModel: pathModel, responses: responses)
            return latencyMs > 0 ? .delayed(ms: latencyMs, then: behaviour) : behaviour
        }
        shared.link.withLock { $0.server = server }
    }

    deinit {
        server.stop()
    }

    /// The port listened on.
    public var port: UInt16 { server.port }

    /// `http://127.0.0.1:<port>`.
    public var origin: String { server.url("") }

    /// The base URL for `provider`'s `*_BASE_URL` variable.
    public func baseURL(for provider: MockProvider) -> String {
        origin + provider.basePath
    }

    /// All six `*_BASE_URL` variables pointing here, with a fake key for each provider when
    /// `fakeKeys`, then `extra` on top.
    public func environment(fakeKeys: Bool = true, extra: [String: String] = [:]) -> [String: String] {
        Self.environment(origin: origin, fakeKeys: fakeKeys, extra: extra)
    }

    /// The same for a mock at `origin` (`http://127.0.0.1:<port>`), e.g. a `probe-mock` process.
    public static func environment(origin: String, fakeKeys: Bool = true, extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [:]
        for provider in MockProvider.allCases {
            environment[provider.baseURLVariable] = origin + provider.basePath
            if fakeKeys { environment[provider.keyVariable] = provider.fakeKey }
        }
        return environment.merging(extra) { _, new in new }
    }

    /// Every request received except `/__stats`, in the order read (empty unless recording).
    public var requests: [RecordedRequest] {
        shared.state.withLock { $0.requests }
    }

    /// How many script steps were used so far.
    public var scriptStepsUsed: Int {
        shared.state.withLock { $0.next }
    }

    /// The counters `GET /__stats` returns: requests (provider routes), faults (error statuses
    /// and broken connections served), connections open now and at most, seconds since start,
    /// requests per second.
    public var stats: JSONValue {
        let counts = server.connections
        return shared.state.withLock { Self.statsJSON($0, counts, startedNs) }
    }

    /// Stops accepting; connections already open finish their current request.
    public func stop() {
        server.stop()
    }

    private static func statsJSON(_ state: State, _ counts: (accepted: Int, open: Int, maxOpen: Int), _ started: UInt64) -> JSONValue {
        let seconds = Double(nowNs() &- started) / 1e9
        let perSecond = seconds > 0 ? Double(state.served) / seconds : 0
        return .object([
            "requests": .int(state.served), "faults": .int(state.faults), "refused": .int(state.refused),
            "openConnections": .int(counts.open), "maxOpenConnections": .int(counts.maxOpen),
            "seconds": .double((seconds * 1000).rounded() / 1000), "perSecond": .double(perSecond.rounded()),
        ])
    }

    private static func carries(_ body: [UInt8], field: String) -> Bool {
        (try? JSONParser.parse(body, maxDepth: 64))?.objectValue?[field] != nil
    }

    /// OpenAI's refusal of a parameter (openai answers `unsupported_parameter` with `param`).
    private static func refusal(_ field: String) -> MockStep {
        let message = "Unsupported parameter: '\(field)' is not supported with this model."
        let body: JSONValue = .object(["error": .object([
            "message": .string(message), "type": .string("invalid_request_error"),
            "param": .string(field), "code": .string("unsupported_parameter"),
        ])])
        return .json(JSONWriter.string(body), status: 400)
    }

    private static func isError(_ step: MockStep) -> Bool {
        switch step {
        case .reply(let status, _, _): status >= 400
        case .delayed(_, let then): isError(then)
        default: false
        }
    }

    private static func nowNs() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
