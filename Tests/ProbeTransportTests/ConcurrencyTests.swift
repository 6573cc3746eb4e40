import ProbeTestSupport
import ProbeTransport
import Testing

/// Many transfers share the one driver thread; cancellation stops a transfer.
@Suite struct ConcurrencyTests {
    let transport = CurlTransport(proxy: .none)

    @Test func hundredConcurrentRequestsAllComplete() async throws {
        let server = try LoopbackServer(script: [], otherwise: .delayed(ms: 50, then: .text("ok")))
        defer { server.stop() }
        let transport = self.transport
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let result = await outcome(transport, post(server.url("/\(index)"), body: "\(index)"), timeoutMs: 60_000)
                    return (try? result.get())?.status ?? -1
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == [Int](repeating: 200, count: 100))
        #expect(Set(server.requests.map(\.bodyText)) == Set((0..<100).map(String.init)))
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try LoopbackServer(script: [.delayed(ms: 60_000, then: .text("late"))])
        defer { server.stop() }
        let transport = self.transport
        let task = Task { await outcome(transport, post(server.url()), timeoutMs: 120_000) }
        // Cancel once the server holds the request, so the transfer is really in flight.
        for _ in 0..<6000 where server.requests.isEmpty {  // the event; the count only guards a hang
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.requests.count == 1)
        task.cancel()
        #expect(failure(await task.value) == .cancelled)
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        let server = try LoopbackServer(script: [])
        defer { server.stop() }
        let transport = self.transport
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await outcome(transport, post(server.url()))
        }
        #expect(failure(await task.value) == .cancelled)
    }

    @Test func transportKeepsWorkingAfterCancellations() async throws {
        let server = try LoopbackServer(script: [.delayed(ms: 60_000, then: .text("late"))], otherwise: .text("ok"))
        defer { server.stop() }
        let transport = self.transport
        let task = Task { await outcome(transport, post(server.url()), timeoutMs: 120_000) }
        for _ in 0..<6000 where server.requests.isEmpty {  // the event; the count only guards a hang
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        _ = await task.value
        let response = try await transport.send(post(server.url()), timeoutMs: 120_000)
        #expect(response.body == Array("ok".utf8))
    }
}
