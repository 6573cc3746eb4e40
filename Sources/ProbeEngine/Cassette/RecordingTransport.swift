import ProbeTransport

/// A transport that sends through `upstream` and appends every exchange to a cassette
/// (DECISIONS D13): provider, method, URL, path, request headers and body, then the reply's
/// status, headers and body or the transport failure, with the start time and duration. Key
/// values are replaced by `[REDACTED]` everywhere before anything is written.
///
///     let recorder = try RecordingTransport(path: "run.jsonl")          // keys from the environment
///     let engine = ProbeEngine(transport: recorder)
///
/// Safe to share between tasks (a batch): lines are written whole, in completion order, and
/// the hash chain follows the file order. A cancelled request is not recorded. When a line
/// cannot be written the request fails (`.other`, UNKNOWN) instead of leaving a gap.
public final class RecordingTransport: HTTPTransport {
    /// Header names whose whole value is replaced when no known key value was found in it.
    static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key",
    ]

    private let upstream: any HTTPTransport
    private let writer: CassetteWriter
    private let secrets: [String]

    /// The cassette written to.
    public var path: String { writer.path }

    /// Ends the recording at once: the file is closed and its lock released, so another recorder
    /// may open it (a later request through this transport then fails). Without it the lock is
    /// held until the transport is released, which an engine's lingering tasks may delay.
    public func close() {
        writer.finish()
    }

    /// Records to the cassette at `path` (created when missing; an existing one is checked and
    /// its chain continued), sending through `upstream` (libcurl by default). The key values of
    /// `environment` and `secrets` are redacted.
    public init(path: String, environment: [String: String] = ProcessEnvironment.current(),
                upstream: (any HTTPTransport)? = nil, secrets: [String] = []) throws(CassetteError) {
        writer = try CassetteWriter(path: path)
        self.upstream = upstream ?? SharedTransport.curl(environment: environment)
        let all = ProviderCredentials(environment: environment).secrets + secrets.filter { !$0.isEmpty }
        self.secrets = Array(Set(all)).sorted { $0.count > $1.count }
    }

    public func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        let startedAt = WallClock.rfc3339Now()
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<HTTPResponse, TransportFailure>
        do {
            result = .success(try await upstream.send(request, timeoutMs: timeoutMs))
        } catch {
            result = .failure(error)
        }
        if case .failure(.cancelled) = result { return try result.get() }
        let outcome: CassetteExchange.Outcome
        switch result {
        case .success(let response): outcome = .response(response)
        case .failure(let failure): outcome = .failure(failure)
        }
        let exchange = CassetteExchange(
            provider: request.provider, url: request.url, path: request.endpointPath,
            requestHeaders: request.headers, requestBody: request.body, outcome: outcome,
            startedAt: startedAt, durationMs: ProbeRunner.milliseconds(clock.now - start))
        do {
            try writer.append(redacted(exchange))
        } catch {
            throw .other("cannot record to the cassette: \(error.description)")
        }
        return try result.get()
    }

    /// `exchange` with every key value replaced, and credential headers blanked when their key
    /// is not one we know.
    func redacted(_ exchange: CassetteExchange) -> CassetteExchange {
        var copy = exchange
        copy.url = text(exchange.url)
        copy.path = exchange.path.map(text)
        copy.requestHeaders = exchange.requestHeaders.map(header)
        copy.requestBody = Redaction.redact(bytes: exchange.requestBody, secrets: secrets).bytes
        switch exchange.outcome {
        case .response(let response):
            copy.outcome = .response(HTTPResponse(status: response.status, headers: response.headers.map(header),
                                                  body: Redaction.redact(bytes: response.body, secrets: secrets).bytes))
        case .failure(.other(let detail)):
            copy.outcome = .failure(.other(text(detail)))
        case .failure:
            break
        }
        return copy
    }

    private func text(_ value: String) -> String {
        Redaction.redact(value, secrets: secrets)
    }

    private func header(_ header: HTTPHeader) -> HTTPHeader {
        let value = text(header.value)
        if value == header.value, Self.credentialHeaders.contains(header.name.lowercased()) {
            return HTTPHeader(name: header.name, value: Redaction.placeholder)
        }
        return HTTPHeader(name: header.name, value: value)
    }
}
