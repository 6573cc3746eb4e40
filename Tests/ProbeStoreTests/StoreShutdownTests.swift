import Dispatch
import ProbeEngine
@testable import ProbeStore
import Synchronization
import Testing

/// `ProbeStore.close()` joins its writer threads (DECISIONS D12): it returns only after every
/// thread has closed its connection and ended, so no `PQfinish` races the process's exit.
/// Observed through the store's hooks, never timed: the threads are held at their very end
/// until `close()` has either returned (the bug) or started to wait for them.
@Suite struct StoreShutdownTests {
    final class Observations: Sendable {
        let ended = Mutex(0)
        let closeReturned = Mutex(false)
        let joining = Mutex(false)
        let hold = DispatchSemaphore(value: 0)
        /// Ends recorded while `close()` had already returned.
        let endedAfterClose = Mutex(0)
    }

    @Test func closeWaitsUntilEveryWriterThreadHasEnded() async throws {
        let database = try TestDatabase.make()
        let connections = 3
        let seen = Observations()
        let hooks = WriterHooks(
            writerEnded: {
                seen.hold.wait()
                if seen.closeReturned.withLock({ $0 }) { seen.endedAfterClose.withLock { $0 += 1 } }
                seen.ended.withLock { $0 += 1 }
            },
            joining: { seen.joining.withLock { $0 = true } })
        let configuration = StoreConfiguration(url: database.url, spoolPath: TestFiles.path("shutdown-spool"),
                                               connections: connections)
        defer { TestFiles.remove(configuration.spoolPath) }
        let store = try ProbeStore(configuration, logger: LogCapture().logger, hooks: hooks)
        #expect(await store.write(Outputs.success("shutdown", "s1", "gpt-4o")) == .inserted)
        #expect(store.writerThreads == connections)

        let closing = Task {
            await store.close()
            seen.closeReturned.withLock { $0 = true }
        }
        // Either close() returned with every writer still held, or it is waiting for them.
        try await BatchKillTests.waitUntil("close() returns or waits for the writers") {
            seen.closeReturned.withLock { $0 } || seen.joining.withLock { $0 }
        }
        #expect(!seen.closeReturned.withLock { $0 }, "close() returned while its writer threads were still running")
        seen.hold.signal(count: connections)
        await closing.value
        #expect(seen.ended.withLock { $0 } == connections, "every writer thread ended before close() returned")
        #expect(seen.endedAfterClose.withLock { $0 } == 0)
        #expect(store.writerThreads == 0)
    }

    @Test func aWriteAfterCloseIsSpooledAndStartsNoThread() async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        defer { TestFiles.remove(store.spool.path) }
        #expect(await store.write(Outputs.success("late", "s1", "gpt-4o")) == .inserted)
        await store.close()
        let late = await store.write(Outputs.success("late", "s2", "gpt-4o"))
        #expect(late == .spooled("the store was closed"))
        #expect(store.writerThreads == 0)
        #expect(TestFiles.lines(store.spool.path).count == 1)
    }
}

extension DispatchSemaphore {
    func signal(count: Int) {
        for _ in 0..<count { signal() }
    }
}
