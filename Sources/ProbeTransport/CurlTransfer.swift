import CCurl

/// Everything the driver thread needs to start one transfer, handed over from the caller.
struct TransferOrder: Sendable {
    /// The transfer's number, unique within its transport (used to cancel it).
    let id: UInt64
    /// What to send.
    let request: HTTPRequest
    /// The whole-request time limit, > 0.
    let timeoutMs: Int
    /// `CURLOPT_PROXY`: the proxy URL, or `""` for none.
    let proxy: String
    /// `CURLOPT_NOPROXY`: hosts reached directly.
    let noProxy: String
    /// The reply body limit.
    let maxReplyBytes: Int
    /// Resumed exactly once, by the driver thread, with the outcome.
    let continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>
}

/// One libcurl easy handle configured from a `TransferOrder`, and the reply it collects.
/// Used only on the driver thread; libcurl's callbacks reach it through an unretained pointer,
/// valid because the driver keeps the transfer alive until the handle is removed.
final class CurlTransfer {
    let order: TransferOrder
    let easy: UnsafeMutableRawPointer
    private(set) var reply: ReplyAccumulator
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// How much of the request body libcurl has read so far.
    private var bodyOffset = 0
    /// libcurl asked to rewind a body it had already read: it wanted to re-send the request on a
    /// new connection by itself. Refused (DECISIONS D4): the failure is ours to retry, counted.
    private(set) var refusedResend = false

    /// Creates and configures the easy handle; fails with `.other` when libcurl refuses.
    init(order: TransferOrder) throws(TransportFailure) {
        guard let easy = ccurl_easy_init() else { throw .other("curl_easy_init failed") }
        self.order = order
        self.easy = easy
        self.reply = ReplyAccumulator(maxBodyBytes: order.maxReplyBytes)
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        try configure()
    }

    deinit {
        ccurl_easy_cleanup(easy)
        ccurl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// libcurl's description of the last failure: the error buffer, else the code's text.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        if !detail.isEmpty { return detail }
        return String(cString: ccurl_easy_strerror(code))
    }

    /// The final reply's status code as libcurl saw it.
    func responseCode() -> Int {
        var code = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func configure() throws(TransportFailure) {
        let request = order.request
        var failure: CURLcode = CURLE_OK
        func check(_ code: CURLcode) {
            if failure == CURLE_OK { failure = code }
        }
        func set(_ option: CURLoption, _ value: Int) { check(ccurl_easy_setopt_long(easy, option, value)) }
        func set(_ option: CURLoption, _ value: String) {
            check(value.withCString { ccurl_easy_setopt_string(easy, option, $0) })
        }

        set(CURLOPT_URL, request.url)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_TIMEOUT_MS, order.timeoutMs)
        set(CURLOPT_CONNECTTIMEOUT_MS, order.timeoutMs)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        set(CURLOPT_FOLLOWLOCATION, 0)
        // Always explicit, so libcurl never reads the process's proxy variables itself.
        set(CURLOPT_PROXY, order.proxy)
        set(CURLOPT_NOPROXY, order.noProxy)
        set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        set(CURLOPT_ACCEPT_ENCODING, "identity")
        set(CURLOPT_POST, 1)
        check(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
        let this = Unmanaged.passUnretained(self).toOpaque()
        // The body goes through a read callback, not POSTFIELDS: with POSTFIELDS libcurl silently
        // re-sends the POST on a fresh connection when a reused one dies before the reply; with a
        // read callback it must first rewind through the seek callback, which refuses.
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_READDATA, this))
        check(ccurl_easy_setopt_read_callback(easy, CURLOPT_READFUNCTION) { buffer, size, count, context in
            guard let context, let buffer else { return Int(CURL_READFUNC_ABORT) }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().readBody(into: buffer, capacity: size * count)
        })
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_SEEKDATA, this))
        check(ccurl_easy_setopt_seek_callback(easy, CURLOPT_SEEKFUNCTION) { context, offset, origin in
            guard let context else { return CURL_SEEKFUNC_FAIL }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().seekBody(to: Int(offset), origin: origin)
        })
        headerList = try Self.headerList(for: request.headers)
        check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, UnsafeMutableRawPointer(bitPattern: UInt(order.id))))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, this))
        check(ccurl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return transfer.reply.takeHeaderLine(bytes) ? size * count : 0
        })
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, this))
        check(ccurl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return transfer.reply.takeBody(bytes) ? size * count : 0
        })
        if failure != CURLE_OK {
            throw .other("cannot configure the request: " + String(cString: ccurl_easy_strerror(failure)))
        }
    }

    /// libcurl's read callback: the next piece of the body.
    private func readBody(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let body = order.request.body
        let count = min(capacity, body.count - bodyOffset)
        guard count > 0 else { return 0 }
        body.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                UnsafeMutableRawPointer(buffer).copyMemory(from: base + bodyOffset, byteCount: count)
            }
        }
        bodyOffset += count
        return count
    }

    /// libcurl's seek callback. A seek before any byte was read changes nothing and is allowed;
    /// a rewind after bytes were read is libcurl about to re-send the request by itself, and fails
    /// the transfer (`CURLE_SEND_FAIL_REWIND`, mapped to a connection reset).
    private func seekBody(to offset: Int, origin: Int32) -> Int32 {
        if bodyOffset == 0, offset == 0, origin == SEEK_SET { return CURL_SEEKFUNC_OK }
        refusedResend = true
        return CURL_SEEKFUNC_FAIL
    }

    /// The header list to send: exactly `headers`, plus empty overrides that stop libcurl from
    /// adding `Expect`, `Accept` or a form `Content-Type` of its own. Rejects fields that could
    /// smuggle extra lines (CR, LF, NUL) or that are not a single token name.
    private static func headerList(for headers: [HTTPHeader]) throws(TransportFailure) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        var given = Set<String>()
        for header in headers {
            guard isToken(header.name), !header.value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw .other("invalid header field '\(header.name)'")
            }
            given.insert(asciiLowercased(header.name))
            // "Name;" is libcurl's spelling of a field sent with an empty value.
            lines.append(header.value.isEmpty ? header.name + ";" : header.name + ": " + header.value)
        }
        for suppressed in ["Expect", "Accept", "Content-Type"] where !given.contains(asciiLowercased(suppressed)) {
            lines.append(suppressed + ":")
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = line.withCString({ ccurl_slist_append(list, $0) }) else {
                ccurl_slist_free_all(list)
                throw .other("out of memory building the header list")
            }
            list = longer
        }
        return list
    }

    /// True when `name` is a non-empty HTTP token (RFC 9110 tchar).
    private static func isToken(_ name: String) -> Bool {
        let extra = Set("!#$%&'*+-.^_`|~".utf8)
        return !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || extra.contains(byte)
        }
    }
}
