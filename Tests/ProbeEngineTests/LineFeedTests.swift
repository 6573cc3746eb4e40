import ProbeEngine
import ProbeTransport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `LineFeed`: a descriptor's lines as batch inputs, read on demand (DECISIONS D11).
struct LineFeedTests {
    /// A pipe whose write end the test holds.
    final class TestPipe: Sendable {
        let read: Int32
        let write: Int32

        init() throws {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw PipeFailure() }
            read = fds[0]
            write = fds[1]
        }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count, let base = buffer.baseAddress {
                    let written = Glibc.write(write, base + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }

        func closeBoth() {
            close(read)
            close(write)
        }
    }

    struct PipeFailure: Error {}

    static func text(_ input: BatchInput?) -> String? {
        input?.json.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func linesArriveAsWrittenWithTheirNumbersBlankOnesSkippedAndALastLineWithoutNewline() async throws {
        let pipe = try TestPipe()
        defer { close(pipe.read) }
        let total = Mutex<Int?>(nil)
        let feed = LineFeed(fd: pipe.read, chunkSize: 7, onEnd: { count in total.withLock { $0 = count } })
        var iterator = feed.makeAsyncIterator()
        pipe.send("{\"a\":1}\n")
        let first = await iterator.next()
        #expect(first?.index == 0 && Self.text(first) == "{\"a\":1}")
        pipe.send("\n  \t\n{\"b\"")  // two blank lines, then half a line
        pipe.send(":2}\n{\"c\":3}")
        let second = await iterator.next()
        #expect(second?.index == 3 && Self.text(second) == "{\"b\":2}")
        close(pipe.write)
        let third = await iterator.next()
        #expect(third?.index == 4 && Self.text(third) == "{\"c\":3}")
        #expect(await iterator.next() == nil)
        #expect(total.withLock { $0 } == 3)
    }

    @Test func admitDropsLinesAndTheTotalCountsOnlyThoseHandedOut() async throws {
        let pipe = try TestPipe()
        defer { close(pipe.read) }
        let total = Mutex<Int?>(nil)
        let feed = LineFeed(fd: pipe.read, admit: { $0.index % 2 == 0 }, onEnd: { count in total.withLock { $0 = count } })
        pipe.send((0..<10).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n")
        close(pipe.write)
        var indices: [Int] = []
        for await input in feed { indices.append(input.index) }
        #expect(indices == [0, 2, 4, 6, 8])
        #expect(total.withLock { $0 } == 5)
    }

    @Test func stopEndsAFeedWhoseProducerIsIdleAfterHandingOutWhatWasRead() async throws {
        let pipe = try TestPipe()
        defer { pipe.closeBoth() }
        let feed = LineFeed(fd: pipe.read)
        var iterator = feed.makeAsyncIterator()
        pipe.send("{\"a\":1}\n{\"b\":2}\n")
        #expect(await iterator.next()?.index == 0)
        feed.stop()
        #expect(await iterator.next()?.index == 1)  // already read: still handed out
        #expect(await iterator.next() == nil)  // the write end stays open and idle: the feed ends anyway
    }

    @Test func aLineOverTheLimitKeepsOnlyItsHeadAndFailsAsTooLarge() async throws {
        let pipe = try TestPipe()
        defer { close(pipe.read) }
        let feed = LineFeed(fd: pipe.read)
        DetachedThread.run {  // blocking writes: on a thread of its own, not a Swift task's
            let chunk = String(repeating: "a", count: 1 << 20)
            for _ in 0..<12 { pipe.send(chunk) }
            pipe.send("\n{}\n")
            close(pipe.write)
        }
        var iterator = feed.makeAsyncIterator()
        let big = try #require(await iterator.next())
        #expect(big.json?.count == InputDecoder.maxInputBytes + 1)
        #expect(throws: ProbeError.validation("input is larger than 10 MiB")) { try InputDecoder.decode(big.json ?? []) }
        #expect(await iterator.next()?.index == 1)
        #expect(await iterator.next() == nil)  // the end of input: the writer is done
    }

    @Test func progressWithoutATotalHasNullTotalAndNoETA() {
        var tally = BatchTally(total: nil)
        tally.add(.failure(ProbeError(code: .rateLimit, message: "x"), partial: nil))
        let progress = tally.progressJSON(elapsed: .seconds(1))
        #expect(progress["total"] == .null)
        #expect(progress["etaSeconds"] == .null)
        #expect(progress["done"] == .int(1))
        tally.total = 4
        #expect(tally.progressJSON(elapsed: .seconds(1))["etaSeconds"]?.numberValue?.double == 3)
    }
}
