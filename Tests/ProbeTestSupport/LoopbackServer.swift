import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A scriptable HTTP/1.1 server on 127.0.0.1, for tests. It listens on a free port; each
/// accepted connection takes the next behaviour of `script` (then `otherwise`), reads one
/// request, records it, plays the behaviour and closes. Connections run on threads of their
/// own, so slow behaviours do not hold up others.
///
///     let server = try LoopbackServer(script: [.json(#"{"ok":true}"#), .resetBeforeHeaders])
///     defer { server.stop() }
///     // POST to server.url("/v1/chat"); then inspect server.requests
public final class LoopbackServer: Sendable {
    /// The port listened on.
    public let port: UInt16
    private let core: Core

    /// Starts listening; connections after the script run out get `otherwise`.
    public init(script: [ServerBehaviour], otherwise: ServerBehaviour = .text("ok")) throws(ServerStartFailure) {
        let (fd, port) = try Sockets.bindLoopback(listening: true)
        self.port = port
        let core = Core(listener: fd, script: script, otherwise: otherwise)
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

    /// The requests received so far, in the order they were read.
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// How many connections were accepted so far.
    public var connectionCount: Int {
        core.state.withLock { $0.accepted }
    }

    /// Stops accepting; connections already accepted finish their behaviour.
    public func stop() {
        core.stop()
    }

    /// A port on 127.0.0.1 where nothing listens (bound to a free port, then released):
    /// connecting to it is refused.
    public static func refusingPort() throws(ServerStartFailure) -> UInt16 {
        let (fd, port) = try Sockets.bindLoopback(listening: false)
        close(fd)
        return port
    }

    /// The listener and the script, shared by the accepting and connection threads.
    final class Core: Sendable {
        struct State {
            var listener: Int32?
            var next = 0
            var accepted = 0
            var requests: [RecordedRequest] = []
        }

        let state: Mutex<State>
        let script: [ServerBehaviour]
        let otherwise: ServerBehaviour

        init(listener: Int32, script: [ServerBehaviour], otherwise: ServerBehaviour) {
            state = Mutex(State(listener: listener))
            self.script = script
            self.otherwise = otherwise
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
                if fd < 0, errno == EINTR { continue }
                let behaviour: ServerBehaviour? = state.withLock { state in
                    guard state.listener != nil, fd >= 0 else { return nil }
                    defer { state.next += 1 }
                    state.accepted += 1
                    return state.next < script.count ? script[state.next] : otherwise
                }
                guard let behaviour else {
                    if fd >= 0 { close(fd) }
                    break
                }
                DetachedThread.run { [self] in serve(fd, behaviour) }
            }
            close(listener)
        }

        private func serve(_ fd: Int32, _ behaviour: ServerBehaviour) {
            Sockets.setReceiveTimeout(fd, seconds: 30)
            guard let request = RequestReader.read(fd) else {
                close(fd)
                return
            }
            state.withLock { $0.requests.append(request) }
            ConnectionScript.play(behaviour, on: fd)
        }
    }
}
