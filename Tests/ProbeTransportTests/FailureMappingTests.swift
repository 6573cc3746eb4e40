import CCurl
import Testing

@testable import ProbeTransport

/// libcurl's result codes map onto failure kinds by DECISIONS D4, using what the reply had shown.
@Suite struct FailureMappingTests {
    private func reply(headers complete: Bool, tooLarge: Bool = false) -> ReplyAccumulator {
        var reply = ReplyAccumulator(maxBodyBytes: 4)
        feed(&reply, "HTTP/1.1 200 OK\r\n")
        if tooLarge { feed(&reply, "Content-Length: 5\r\n") }
        if complete || tooLarge { feed(&reply, "\r\n") }
        return reply
    }

    private func feed(_ reply: inout ReplyAccumulator, _ line: String) {
        _ = Array(line.utf8).withUnsafeBytes { reply.takeHeaderLine($0) }
    }

    private func map(_ code: CURLcode, headers complete: Bool = false) -> TransportFailure {
        transportFailure(code: code, reply: reply(headers: complete), message: "curl says no")
    }

    @Test func resolveFailuresAreDNS() {
        #expect(map(CURLE_COULDNT_RESOLVE_HOST) == .dnsFailed)
        #expect(map(CURLE_COULDNT_RESOLVE_PROXY) == .dnsFailed)
    }

    @Test func handshakeAndCertificateFailuresAreTLS() {
        #expect(map(CURLE_SSL_CONNECT_ERROR) == .tlsFailed)
        #expect(map(CURLE_PEER_FAILED_VERIFICATION) == .tlsFailed)
    }

    @Test func timeLimitWinsWhateverArrived() {
        #expect(map(CURLE_OPERATION_TIMEDOUT) == .timedOut)
        #expect(map(CURLE_OPERATION_TIMEDOUT, headers: true) == .timedOut)
    }

    @Test func brokenConnectionIsResetBeforeHeadersAndCutShortAfter() {
        for code in [CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR] {
            #expect(map(code) == .connectionReset)
            #expect(map(code, headers: true) == .replyCutShort)
        }
    }

    @Test func declaredLengthOverTheCapIsTooLarge() {
        let reply = reply(headers: true, tooLarge: true)
        #expect(reply.tooLarge)
        #expect(transportFailure(code: CURLE_WRITE_ERROR, reply: reply, message: "") == .replyTooLarge)
    }

    @Test func anythingElseKeepsCurlsMessage() {
        #expect(map(CURLE_URL_MALFORMAT) == .other("curl says no"))
    }

    @Test func interimReplyDoesNotCompleteTheHeaders() {
        var reply = ReplyAccumulator(maxBodyBytes: 100)
        for line in ["HTTP/1.1 100 Continue\r\n", "\r\n"] { feed(&reply, line) }
        #expect(!reply.headersComplete)
        for line in ["HTTP/1.1 201 Created\r\n", "X-A: 1\r\n", " folded\r\n", "\r\n", "Trailer: t\r\n"] {
            feed(&reply, line)
        }
        #expect(reply.headersComplete)
        #expect(reply.status == 201)
        #expect(reply.headers == [HTTPHeader(name: "X-A", value: "1 folded")])
    }
}
