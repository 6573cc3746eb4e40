import CCurl

/// How a failed libcurl transfer maps onto `TransportFailure` (DECISIONS D4): the time limit
/// first, then the reply cap, then whether the reply's headers had arrived: after them any
/// premature end is a reply cut short, before them a broken connection is a reset.
func transportFailure(
    code: CURLcode, reply: ReplyAccumulator, message: @autoclosure () -> String
) -> TransportFailure {
    if code == CURLE_OPERATION_TIMEDOUT { return .timedOut }
    if reply.tooLarge { return .replyTooLarge }
    if reply.headersComplete, brokenConnectionCodes.contains(code) { return .replyCutShort }
    if brokenConnectionCodes.contains(code) { return .connectionReset }
    switch code {
    // Every failed connect, refused or unreachable: the engine reports both as a network error.
    case CURLE_COULDNT_CONNECT: return .connectionRefused
    case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dnsFailed
    default:
        if tlsCodes.contains(code) { return .tlsFailed }
        return .other(message())
    }
}

/// Codes for a connection that ended early: closed, reset, an empty or malformed end of reply
/// (a chunked-encoding error is a receive error in libcurl), an HTTP/2 stream reset.
private let brokenConnectionCodes: [CURLcode] = [
    CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
    CURLE_HTTP2_STREAM, CURLE_HTTP2, CURLE_HTTP3, CURLE_BAD_CONTENT_ENCODING,
]

/// Codes for a failed TLS handshake or certificate check.
private let tlsCodes: [CURLcode] = [
    CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
    CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
    CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
    CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED,
]
