import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP/1.1 server under `LoopbackServer` and the provider mock: it listens on 127.0.0.1,
/// serves each connection on a thread of its own and asks `respond` what to do with each
/// request. With `keepAlive`, a connection whose reply was complete waits for its next request
/// (so the behaviour is chosen per request); after a fault, or without `keepAlive`, it closes.
///
///     let server = try LoopbackHTTPServer { request, _ in .json(#"{"ok":true}"#) }
///     defer { server.stop() }
public final class LoopbackHTTPServer: Sendable {
    /// Where a request came from: its connection's accept order and its place on it (both from 0).
    public struct Origin: Sendable {
        public var connection: Int
        public var request: Int
    }

    /// Chooses the behaviour for one request.
    public typealias Responder = @Sendable (RecordedRequest, Origin) -> ServerBehaviour

    /// The port listened on.
    public let port: UInt16
    private let core: Core

    /// Starts listening on `port` (0: a free port). Requests are kept in `requests` when
    /// `recordsRequests`; an idle connection is closed after `idleSeconds`.
    public init(port: UInt16 = 0, keepAlive: Bool = true, recordsRequests: Bool = true, idleSeconds: Int = 30,
                respond: @escaping Responder) throws(ServerStartFailure) {
        let (fd, port) = try Sockets.bindLoopback(listening: true, port: port)
        self.port = port
        let core = Core(listener: fd, keepAlive: keepAlive, records: recordsRequests, idleSeconds: idleSeconds, respond: respond)
        self.core = core
        DetachedThread.run { core.acceptLoop() }
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:<port>` followed by `path`.
    public func url(_ path: String = "/") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// The requests received so far, in the order they were read (empty unless recording).
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// Connection counters: accepted so far, open now, the most open at once.
    public var connections: (accepted: Int, open: Int, maxOpen: Int) {
        core.state.withLock { ($0.accepted, $0.open, $0.maxOpen) }
    }

    /// Stops accepting; connections already accepted finish what they are doing.
    public func stop() {
        core.stop()
    }

    /// The listener and the counters, shared by the accepting and connection threads.
    final class Core: Sendable {
        struct State {
            var listener: Int32?
            var accepted = 0
            var open = 0
            var maxOpen = 0
            var requests: [RecordedRequest] = []
        }

        let state: Mutex<State>
        let keepAlive: Bool
        let records: Bool
        let idleSeconds: Int
        let respond: Responder

        init(listener: Int32, keepAlive: Bool, records: Bool, idleSeconds: Int, respond: @escaping Responder) {
            state = Mutex(State(listener: listener))
            self.keepAlive = keepAlive
            self.records = records
            self.idleSeconds = idleSeconds
            self.respond = respond
        }

        func stop() {
            state.withLock { state in
                // Shutting the listener down wakes the blocked accept(); that thread closes it.
                if let listener = state.listener { shutdown(listener, Int32(SHUT_RDWR)) }
                state.listener = nil
            }
        }

        func acceptLoop() {
            guard let listener = state.withLock({ $0.listener }) else { return }
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0, errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno != EINTR { usleep(1000) }
                    continue
                }
                let index: Int? = state.withLock { state in
                    guard state.listener != nil, fd >= 0 else { return nil }
                    defer { state.accepted += 1 }
                    state.open += 1
                    state.maxOpen = max(state.maxOpen, state.open)
                    return state.accepted
                }
                guard let index else {
                    if fd >= 0 { close(fd) }
                    break
                }
                DetachedThread.run { [self] in
                    serve(fd, connection: index)
                    state.withLock { $0.open -= 1 }
                }
            }
            close(listener)
        }

        /// Serves requests on `fd` until a behaviour closes it or the client goes away.
        private func serve(_ fd: Int32, connection: Int) {
            Sockets.setReceiveTimeout(fd, seconds: idleSeconds)
            Sockets.setNoDelay(fd)
            var reader = RequestReader(fd: fd)
            var number = 0
            while let request = reader.next() {
                if records { state.withLock { $0.requests.append(request) } }
                let behaviour = respond(request, Origin(connection: connection, request: number))
                let wantsClose = request.header("Connection")?.lowercased() == "close"
                guard ConnectionScript.play(behaviour, on: fd, keepAlive: keepAlive && !wantsClose) else { return }
                number += 1
            }
            close(fd)
        }
    }
}
