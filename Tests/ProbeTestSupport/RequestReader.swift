#if canImport(Glibc)
    import Glibc
#endif

/// Reads HTTP/1.1 requests (head, then a `Content-Length` body) from one blocking socket, one
/// after another: bytes read past a request are kept for the next (keep-alive, pipelining).
struct RequestReader {
    /// The largest head accepted.
    static let maxHeadBytes = 1 << 20
    private static let headEnd = Array("\r\n\r\n".utf8)

    let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 16384)

    init(fd: Int32) {
        self.fd = fd
    }

    /// The next request, or nil when the client closed, stalled or sent something unreadable.
    mutating func next() -> RecordedRequest? {
        var searchFrom = 0
        var headEnd = Self.firstRange(of: Self.headEnd, in: buffer, from: 0)
        while headEnd == nil {
            guard buffer.count <= Self.maxHeadBytes else { return nil }
            searchFrom = max(0, buffer.count - Self.headEnd.count + 1)
            guard receive() else { return nil }
            headEnd = Self.firstRange(of: Self.headEnd, in: buffer, from: searchFrom)
        }
        guard let headEnd, var request = Self.parseHead(buffer[..<headEnd]) else { return nil }
        let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
        guard length >= 0 else { return nil }
        let bodyStart = headEnd + Self.headEnd.count
        while buffer.count - bodyStart < length {
            guard receive() else { return nil }
        }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return request
    }

    private mutating func receive() -> Bool {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        for start in from...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
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
