#if canImport(Glibc)
    import Glibc
#endif

/// Plays one `ServerBehaviour` on a connection whose request was already read.
enum ConnectionScript {
    /// Plays `behaviour`. With `keepAlive` a complete reply leaves the connection open for the
    /// next request and returns true; every other outcome closes `fd` and returns false.
    static func play(_ behaviour: ServerBehaviour, on fd: Int32, keepAlive: Bool = false) -> Bool {
        switch behaviour {
        case .reply(let status, let headers, let body):
            var fields = headers
            if !fields.contains(where: { $0.name.lowercased() == "content-length" }) {
                fields.append(("Content-Length", String(body.count)))
            }
            // One send: a separate head and body would meet Nagle's algorithm on a kept connection.
            let sent = Sockets.sendAll(fd, head(status: status, fields, keepAlive: keepAlive) + body)
            if keepAlive && sent { return true }
            Sockets.closeGracefully(fd)
        case .delayed(let ms, let then):
            if Sockets.waitQuietly(fd, ms: ms) {
                return play(then, on: fd, keepAlive: keepAlive)
            }
            close(fd)
        case .resetBeforeHeaders:
            Sockets.reset(fd)
        case .closeBeforeHeaders:
            Sockets.closeGracefully(fd)
        case .resetMidBody(let declared, let sent):
            sendPartial(fd, declared: declared, sent: sent)
            Sockets.waitUntilAcknowledged(fd)
            Sockets.reset(fd)
        case .closeMidBody(let declared, let sent):
            sendPartial(fd, declared: declared, sent: sent)
            Sockets.closeGracefully(fd)
        case .dripBody(let total, let intervalMs):
            var alive = Sockets.sendAll(fd, head(status: 200, [("Content-Length", String(total))]))
            var left = total
            while alive, left > 0, Sockets.waitQuietly(fd, ms: intervalMs) {
                alive = Sockets.sendAll(fd, [UInt8(ascii: "x")])
                left -= 1
            }
            close(fd)
        case .hugeBody(let bytes, let declareLength):
            let fields = declareLength ? [("Content-Length", String(bytes))] : []
            streamGenerated(fd, head: head(status: 200, fields), bytes: bytes)
            close(fd)
        }
        return false
    }

    private static func sendPartial(_ fd: Int32, declared: Int, sent: Int) {
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: max(0, min(sent, declared)))
        _ = Sockets.sendAll(fd, head(status: 200, [("Content-Length", String(declared))])) && Sockets.sendAll(fd, body)
    }

    /// Sends `head`, then `bytes` of generated body from one reused 64 KiB block.
    private static func streamGenerated(_ fd: Int32, head: [UInt8], bytes: Int) {
        guard Sockets.sendAll(fd, head) else { return }
        let block = [UInt8](repeating: UInt8(ascii: "y"), count: 65536)
        var left = bytes
        block.withUnsafeBytes { all in
            while left > 0 {
                let piece = UnsafeRawBufferPointer(rebasing: all[..<min(left, all.count)])
                guard Sockets.sendAll(fd, piece) else { return }
                left -= piece.count
            }
        }
    }

    /// A status line and header block, ending with `Connection: close` (or `keep-alive`).
    private static func head(status: Int, _ fields: [(name: String, value: String)], keepAlive: Bool = false) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
        for field in fields { text += "\(field.name): \(field.value)\r\n" }
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 408: "Request Timeout"
        case 503: "Service Unavailable"
        case 529: "Overloaded"
        default: "Status"
        }
    }
}
