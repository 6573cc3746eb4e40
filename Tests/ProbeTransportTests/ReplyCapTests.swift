import ProbeTestSupport
import ProbeTransport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Replies over the size limit fail with `.replyTooLarge` without being buffered.
@Suite struct ReplyCapTests {
    @Test func replyOfExactlyTheLimitIsKept() async throws {
        let body = [UInt8](repeating: 65, count: 1024)
        let server = try LoopbackServer(script: [.reply(status: 200, body: body)])
        defer { server.stop() }
        let transport = CurlTransport(proxy: .none, maxReplyBytes: 1024)
        let result = await outcome(transport, post(server.url()))
        #expect((try? result.get())?.body == body)
    }

    @Test func oneByteOverTheLimitIsReplyTooLarge() async throws {
        let server = try LoopbackServer(script: [.reply(status: 200, body: [UInt8](repeating: 65, count: 1025))])
        defer { server.stop() }
        let transport = CurlTransport(proxy: .none, maxReplyBytes: 1024)
        let result = await outcome(transport, post(server.url()))
        #expect(failure(result) == .replyTooLarge)
    }

    @Test func declaredGigabyteIsRefusedBeforeItsBody() async throws {
        let server = try LoopbackServer(script: [.hugeBody(bytes: 1 << 30, declareLength: true)])
        defer { server.stop() }
        let transport = CurlTransport(proxy: .none)
        let result = await outcome(transport, post(server.url()), timeoutMs: 60_000)
        #expect(failure(result) == .replyTooLarge)
    }

    @Test func undeclaredGigabyteStopsAtTheCapWithFlatMemory() async throws {
        let server = try LoopbackServer(script: [.text("warm-up"), .hugeBody(bytes: 1 << 30, declareLength: false)])
        defer { server.stop() }
        let transport = CurlTransport(proxy: .none)
        // The first request loads libcurl (dlopen) and starts the transfer thread: not reply memory.
        _ = await outcome(transport, post(server.url()))
        let before = try residentBytes()
        let result = await outcome(transport, post(server.url()), timeoutMs: 120_000)
        let after = try residentBytes()
        #expect(failure(result) == .replyTooLarge)
        // Up to 32 MiB may be held legitimately, and other suites load vocabularies in this
        // process meanwhile; buffering the gigabyte would show as ~1 GiB.
        #expect(after - before < 256 << 20, "resident memory grew by \((after - before) >> 20) MiB")
    }

    /// The process's resident set size, from the second field of /proc/self/statm (pages).
    private func residentBytes() throws -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        try #require(count > 0)
        let fields = String(decoding: bytes[..<count], as: UTF8.self).split(separator: " ")
        let pages = try #require(fields.count > 1 ? Int(fields[1]) : nil)
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
