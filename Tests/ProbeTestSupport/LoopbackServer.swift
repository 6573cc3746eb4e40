#if canImport(Glibc)
    import Glibc
#endif

/// A scriptable HTTP/1.1 server on 127.0.0.1, for tests. It listens on a free port; each
/// accepted connection takes the next behaviour of `script` (then `otherwise`), reads one
/// request, records it, plays the behaviour and closes. Connections run on threads of their
/// own, so slow behaviours do not hold up others. (`LoopbackHTTPServer` underneath also
/// keeps connections alive and chooses per request.)
///
///     let server = try LoopbackServer(script: [.json(#"{"ok":true}"#), .resetBeforeHeaders])
///     defer { server.stop() }
///     // POST to server.url("/v1/chat"); then inspect server.requests
public final class LoopbackServer: Sendable {
    private let server: LoopbackHTTPServer

    /// The port listened on.
    public var port: UInt16 { server.port }

    /// Starts listening; connections after the script run out get `otherwise`.
    public init(script: [ServerBehaviour], otherwise: ServerBehaviour = .text("ok")) throws(ServerStartFailure) {
        server = try LoopbackHTTPServer(keepAlive: false) { _, origin in
            origin.connection < script.count ? script[origin.connection] : otherwise
        }
    }

    /// `http://127.0.0.1:<port>` followed by `path`.
    public func url(_ path: String = "/") -> String {
        server.url(path)
    }

    /// The requests received so far, in the order they were read.
    public var requests: [RecordedRequest] {
        server.requests
    }

    /// How many connections were accepted so far.
    public var connectionCount: Int {
        server.connections.accepted
    }

    /// Stops accepting; connections already accepted finish their behaviour.
    public func stop() {
        server.stop()
    }

    /// A port on 127.0.0.1 where nothing listens (bound to a free port, then released):
    /// connecting to it is refused.
    public static func refusingPort() throws(ServerStartFailure) -> UInt16 {
        let (fd, port) = try Sockets.bindLoopback(listening: false)
        close(fd)
        return port
    }
}
