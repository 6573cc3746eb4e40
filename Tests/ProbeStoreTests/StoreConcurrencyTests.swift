@testable import ProbeStore
import Testing

/// Many writers at once: 8 stores (as 8 processes would) × 500 results, a third of them
/// duplicates of another writer's keys, mixing successes and failures over two runs.
@Suite struct StoreConcurrencyTests {
    static let writers = 8
    static let perWriter = 500
    static let own = 334  // each writer's first 334 keys are its own; the other 166 repeat a neighbour's

    /// The key a writer's item writes, and whether that write is a success.
    static func item(writer: Int, index: Int) -> (key: Int, success: Bool) {
        if index < own {
            let key = writer * own + index
            return (key, key % 5 != 0)
        }
        let key = ((writer + 1) % writers) * own + (index - own)
        return (key, key % 3 == 0)
    }

    static func record(key: Int, success: Bool) -> StoreRecord {
        let run = "run-\(key % 2)"
        return success ? Outputs.success(run, "scenario-\(key)", "model-\(key % 7)")
            : Outputs.failure(run, "scenario-\(key)", "model-\(key % 7)", partialTurns: key % 2)
    }

    @Test func eightParallelWritersWithDuplicatesLeaveExactCounts() async throws {
        let database = try TestDatabase.make()
        var expectedSuccess: [Int: Bool] = [:]
        for writer in 0..<Self.writers {
            for index in 0..<Self.perWriter {
                let (key, success) = Self.item(writer: writer, index: index)
                expectedSuccess[key] = (expectedSuccess[key] ?? false) || success
            }
        }
        let tallies = try await withThrowingTaskGroup(of: WriteTally.self) { group in
            for writer in 0..<Self.writers {
                let store = try database.store(connections: 2)
                group.addTask {
                    await withTaskGroup(of: Void.self) { writes in
                        for index in 0..<Self.perWriter {
                            let (key, success) = Self.item(writer: writer, index: index)
                            writes.addTask { _ = await store.write(Self.record(key: key, success: success)) }
                        }
                    }
                    await store.close()
                    return store.statistics
                }
            }
            return try await group.reduce(into: [WriteTally]()) { $0.append($1) }
        }
        let keys = expectedSuccess.count
        let successes = expectedSuccess.values.filter { $0 }.count
        #expect(keys == Self.writers * Self.own)
        #expect(tallies.reduce(0) { $0 + $1.spooled + $1.lost } == 0)
        #expect(tallies.reduce(0) { $0 + $1.inserted + $1.replaced + $1.unchanged } == Self.writers * Self.perWriter)
        #expect(tallies.reduce(0) { $0 + $1.inserted } == keys)
        #expect(try database.count("probe_results") == keys)
        #expect(try database.count("transcripts") == successes)
        #expect(try database.value("SELECT count(*) FROM probe_results WHERE status = 'SUCCESS'") == String(successes))
        #expect(try database.value("SELECT count(*) FROM probe_results r JOIN transcripts t ON t.id = r.transcript_id")
                == String(successes))
        for run in 0..<2 {
            let inRun = expectedSuccess.filter { $0.key % 2 == run }
            let completed = inRun.values.filter { $0 }.count
            #expect(try database.progress("run-\(run)") == [
                "total": .int(0), "completed": .int(completed), "failed": .int(inRun.count - completed),
            ])
        }
    }
}
