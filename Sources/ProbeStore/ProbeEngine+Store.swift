import ProbeEngine

extension ProbeEngine {
    /// Runs one probe and writes its result to `store` (SPEC §11): the output, and what became
    /// of the write. The output is complete whatever the database does.
    public func run(_ json: [UInt8], store: ProbeStore) async -> (output: ProbeOutput, write: WriteOutcome) {
        let record = await runRecord(json)
        let identity = record.input == nil ? BatchIdentity(json: json) : nil
        return (record.output, await store.write(record, identity: identity))
    }

    /// Runs one probe built in Swift and writes its result to `store`.
    public func run(_ input: ProbeInput, store: ProbeStore) async -> (output: ProbeOutput, write: WriteOutcome) {
        let record = await runRecord(input)
        let identity = BatchIdentity(runId: input.runId, scenarioId: input.scenarioId, modelId: input.modelId)
        return (record.output, await store.write(record, identity: identity))
    }
}
