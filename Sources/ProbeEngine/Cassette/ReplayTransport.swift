import ProbeTransport
import Synchronization

/// A transport that answers from a cassette and never opens a connection (DECISIONS D13).
/// A request takes the first unused exchange, in file order, with the same provider, the
/// same path relative to the base URL and the same JSON body by value (headers, the key and
/// the base URL are not compared), so a recorded 429 then success replays as 429 then success.
/// A recorded transport failure is thrown again; replies come at once (no recorded delay).
/// A request the cassette does not hold fails with `.notRecorded`, naming the nearest
/// recorded request and the first field where they differ.
///
///     let engine = ProbeEngine(transport: try ReplayTransport(path: "Fixtures/cassettes/demo.jsonl"))
///
/// An engine over a `ReplayTransport` needs no API key and does not wait between retries.
public final class ReplayTransport: HTTPTransport {
    /// A recorded exchange with its request body parsed once.
    struct Recorded: Sendable {
        let line: Int
        let exchange: CassetteExchange
        let body: JSONValue?
    }

    /// The cassette's path as given.
    public let path: String
    let recorded: [Recorded]
    /// Line indices by `ReplayMatch.key`, in file order: a request compares its bucket only.
    private let buckets: [String: [Int]]
    private let used: Mutex<[Bool]>

    /// Replays the cassette at `path`, checked whole first (a broken chain throws, naming the line).
    public convenience init(path: String) throws(CassetteError) {
        self.init(path: path, lines: try Cassette.read(path))
    }

    /// Replays checked `lines` (from `Cassette.read` or `Cassette.parse`); `path` names them.
    public init(path: String, lines: [Cassette.Line]) {
        self.path = path
        recorded = lines.map { line in
            Recorded(line: line.number, exchange: line.exchange,
                     body: try? JSONParser.parse(line.exchange.requestBody, maxDepth: 1024))
        }
        var buckets: [String: [Int]] = [:]
        for (index, line) in recorded.enumerated() {
            let exchange = line.exchange
            let key = ReplayMatch.key(provider: exchange.provider, path: exchange.matchPath, body: line.body,
                                      bytes: exchange.requestBody)
            buckets[key, default: []].append(index)
        }
        self.buckets = buckets
        used = Mutex([Bool](repeating: false, count: lines.count))
    }

    /// How many recorded exchanges no request has taken yet.
    public var unusedCount: Int {
        used.withLock { $0.filter { !$0 }.count }
    }

    public func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        if Task.isCancelled { throw .cancelled }
        let sent = ReplayMatch.Request(request)
        let candidates = buckets[sent.key] ?? []
        let taken: Recorded? = used.withLock { used in
            guard let index = candidates.first(where: { !used[$0] && sent.matches(recorded[$0]) }) else { return nil }
            used[index] = true
            return recorded[index]
        }
        guard let taken else {
            let usedNow = used.withLock { $0 }
            throw .notRecorded(ReplayMatch.explain(sent, recorded: recorded, used: usedNow))
        }
        switch taken.exchange.outcome {
        case .response(let response): return response
        case .failure(let failure): throw failure
        }
    }
}
