import ProbeEngine
import ProbeMock
import ProbeStore

/// Real records for the write benchmark: probes of the benchmark's workload run through the
/// engine in this process against the mock, turned into `StoreRecord`s as `probe batch` does.
enum RecordSource {
    /// The records of `count` probes that succeeded (the mock at zero latency never fails).
    static func records(count: Int, turns: Int, mockPort: Int) async -> [StoreRecord] {
        let engine = ProbeEngine(environment: MockWorkload.environment(mockPort: mockPort, extra: ["PROBE_LOG_LEVEL": "error"]))
        let workload = StoreBench.workload(runId: "record-source", turns: turns)
        let inputs = (0..<count).map { BatchInput(index: $0, json: workload.line($0)) }
        var records: [StoreRecord] = []
        for await result in engine.batch(inputs, options: BatchOptions(concurrency: 16)) {
            guard let record = try? StoreRecord.make(result), record.output["success"]?.boolValue == true else { continue }
            records.append(record)
        }
        return records
    }

    /// Turns in a record's transcript.
    static func turns(_ record: StoreRecord) -> Int {
        record.output["transcript"]?["turns"]?.arrayValue?.count ?? 0
    }
}
