import ProbeTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over one socket, so tests can send several requests
/// on the same connection and see exactly what came back.
final class RawClient {
    struct Reply {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.last { $0.name.lowercased() == name.lowercased() }?.value }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    init?(port: UInt16) {
        guard let fd = Sockets.connectLoopback(port: port, receiveTimeoutSeconds: 10) else { return nil }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Sends one request and reads its reply; nil when the connection ended first.
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: String = "") -> Reply? {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { return nil }
        return readReply()
    }

    private func readReply() -> Reply? {
        let end = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { buffer[$0..<($0 + 4)].elementsEqual(end) }
            if headEnd == nil, !receive() { return nil }
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).split(separator: "\r\n").map(String.init)
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ")[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let length = headers.last { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let start = headEnd + 4
        while buffer.count - start < length {
            guard receive() else { return nil }
        }
        let body = Array(buffer[start..<(start + length)])
        buffer.removeFirst(start + length)
        return Reply(status: status, headers: headers, body: body)
    }

    private func receive() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}
