import ProbeMock

extension MockWorkload {
    /// The benchmark's probes: three-turn conversations under run `bench-run`, spread evenly
    /// over the six providers.
    static let batchBench = MockWorkload(runId: "bench-run", turns: 3)
}
