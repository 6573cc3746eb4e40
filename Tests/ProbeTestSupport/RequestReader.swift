#if canImport(Glibc)
    import Glibc
#endif

/// Reads one HTTP/1.1 request (head, then a `Content-Length` body) from a blocking socket.
enum RequestReader {
    /// The largest head accepted.
    static let maxHeadBytes = 1 << 20

    /// The request on `fd`, or nil when the client closed, stalled or sent something unreadable.
    static func read(_ fd: Int32) -> RecordedRequest? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let end = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard buffer.count <= maxHeadBytes, receive(fd, into: &chunk, appendingTo: &buffer) else { return nil }
            headEnd = firstRange(of: end, in: buffer)
        }
        guard let headEnd, var request = parseHead(buffer[..<headEnd]) else { return nil }
        let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
        guard length >= 0 else { return nil }
        var body = Array(buffer[(headEnd + end.count)...])
        while body.count < length {
            guard receive(fd, into: &chunk, appendingTo: &body) else { return nil }
        }
        request.body = Array(body.prefix(length))
        return request
    }

    private static func receive(_ fd: Int32, into chunk: inout [UInt8], appendingTo buffer: inout [UInt8]) -> Bool {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func parseHead(_ head: ArraySlice<UInt8>) -> RecordedRequest? {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            headers.append((String(line[..<colon]), value))
        }
        return RecordedRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        return String(self.drop { drop.contains($0) }.reversed().drop { drop.contains($0) }.reversed())
    }
}
