import Dispatch
@testable import probe
import Synchronization
import Testing

/// `LineOutput` (the stdout side of `probe batch --database-url`, DECISIONS D12): lines from many
/// writer threads arrive whole, each once; a reader that stops holds the batch at the limit
/// instead of a database connection. Driven by events: the output is gated, never timed.
@Suite struct LineOutputTests {
    final class Sink: Sendable {
        let bytes = Mutex<[UInt8]>([])
        let writes = Mutex(0)
        let entered = Mutex(0)
        let gate = DispatchSemaphore(value: 0)
        let gated: Bool

        init(gated: Bool) { self.gated = gated }

        func write(_ chunk: [UInt8]) {
            entered.withLock { $0 += 1 }
            if gated { gate.wait() }
            bytes.withLock { $0 += chunk }
            writes.withLock { $0 += 1 }
        }

        var lines: [String] {
            String(decoding: bytes.withLock { $0 }, as: UTF8.self).split(separator: "\n").map(String.init)
        }
    }

    static func line(_ thread: Int, _ number: Int) -> [UInt8] {
        Array("{\"thread\":\(thread),\"n\":\(number),\"pad\":\"\(String(repeating: "x", count: 3000))\"}\n".utf8)
    }

    @Test func linesFromManyThreadsArriveWholeAndEachOnce() async {
        let sink = Sink(gated: false)
        let output = LineOutput(limit: 64) { sink.write($0) }
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<4 {
                group.addTask {
                    for number in 0..<250 {
                        await output.waitForRoom()
                        output.append(Self.line(thread, number))
                    }
                }
            }
        }
        // Every append has returned: every line is written (the one writing takes on the others').
        #expect(output.pendingLines == 0)
        let lines = sink.lines
        #expect(lines.count == 1000)
        #expect(Set(lines).count == 1000)
        #expect(Set(lines) == Set((0..<4).flatMap { thread in (0..<250).map { String(decoding: Self.line(thread, $0).dropLast(), as: UTF8.self) } }))
    }

    @Test func aStalledReaderHoldsTheBatchAtTheLimitAndOneWriterOnly() async throws {
        let sink = Sink(gated: true)
        let output = LineOutput(limit: 3) { sink.write($0) }
        // The first line's writer blocks in the write (the reader stopped) …
        let first = Task.detached { output.append(Array("line 0\n".utf8)) }
        try await BatchKillTests.waitUntil("the first write is under way") { sink.entered.withLock { $0 } == 1 }
        // … the others only append and return: their threads go back to the database.
        output.append(Array("line 1\n".utf8))
        output.append(Array("line 2\n".utf8))
        #expect(output.pendingLines == 3)
        let passed = Mutex(false)
        let waiting = Task {
            await output.waitForRoom()
            passed.withLock { $0 = true }
        }
        try await BatchKillTests.waitUntil("the batch waits for room") { output.waitingForRoom == 1 }
        #expect(!passed.withLock { $0 }, "no line was written, so there is no room")
        // The reader goes on: the first write ends, which frees room; the writer then writes the rest.
        for _ in 0..<2 { sink.gate.signal() }
        await waiting.value
        await first.value
        #expect(passed.withLock { $0 })
        #expect(output.pendingLines == 0)
        #expect(sink.writes.withLock { $0 } == 2, "lines pending at once go out in one write")
        #expect(sink.lines == ["line 0", "line 1", "line 2"])
    }
}
