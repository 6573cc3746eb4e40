/// What has arrived of one reply: the final reply's status and headers, and the body so far,
/// capped at `maxBodyBytes`. Fed by libcurl's header and write callbacks.
struct ReplyAccumulator {
    /// The largest body kept; one byte more stops the transfer.
    let maxBodyBytes: Int
    /// The status code of the latest status line (an interim 1xx is replaced by the final one).
    private(set) var status = 0
    /// The header fields of the latest reply.
    private(set) var headers: [HTTPHeader] = []
    /// The body bytes received so far.
    private(set) var body: [UInt8] = []
    /// True once the final (non-1xx) reply's header block ended: from then on a broken
    /// connection is a reply cut short, not a connection reset (DECISIONS D4).
    private(set) var headersComplete = false
    /// True when the body was found larger than `maxBodyBytes` (declared or received).
    private(set) var tooLarge = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes one header line as libcurl hands it over (status lines and the blank line that ends
    /// the block included, CRLF still on). Returns false when the transfer must stop.
    mutating func takeHeaderLine(_ raw: UnsafeRawBufferPointer) -> Bool {
        var line = Array(raw)
        while let last = line.last, last == 13 || last == 10 { line.removeLast() }
        if line.starts(with: Array("HTTP/".utf8)) {
            status = Self.statusCode(line)
            headers = []
            headersComplete = false
            return true
        }
        if headersComplete { return true }  // trailers after a chunked body are not kept
        if line.isEmpty {
            return finishHeaderBlock()
        }
        if let first = line.first, first == 32 || first == 9, !headers.isEmpty {
            // An obsolete folded line continues the previous field's value.
            let more = String(decoding: line, as: UTF8.self).trimmingASCIISpaces()
            headers[headers.count - 1].value += " " + more
            return true
        }
        guard let colon = line.firstIndex(of: 58) else { return true }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIISpaces()
        headers.append(HTTPHeader(name: name, value: value))
        return true
    }

    /// Takes a piece of the body. Returns false (and sets `tooLarge`) when keeping it would
    /// exceed `maxBodyBytes`; nothing past the limit is ever stored.
    mutating func takeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= maxBodyBytes - body.count else {
            tooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// The blank line: the header block of a final reply is complete. A declared length over
    /// the limit stops the transfer before any body is read; a smaller one sizes the buffer.
    private mutating func finishHeaderBlock() -> Bool {
        guard status >= 200 else { return true }  // an interim reply; the real one follows
        headersComplete = true
        guard let declared = headers.last(where: { asciiLowercased($0.name) == "content-length" }),
            let length = Int(declared.value), length >= 0
        else { return true }
        if length > maxBodyBytes {
            tooLarge = true
            return false
        }
        body.reserveCapacity(length)
        return true
    }

    /// The code in a status line such as `HTTP/1.1 200 OK` or `HTTP/2 404`, 0 when unreadable.
    private static func statusCode(_ line: [UInt8]) -> Int {
        let fields = line.split(separator: 32, omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return 0 }
        return Int(String(decoding: fields[1], as: UTF8.self)) ?? 0
    }
}
