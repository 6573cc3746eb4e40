/// One finished probe as a store keeps it (SPEC §11): the contract output plus what the
/// output object does not carry.
public struct ProbeRecord: Sendable {
    /// The validated input; nil when the input failed validation (its output says why).
    public let input: ProbeInput?
    /// The output of SPEC §2.
    public let output: ProbeOutput
    /// The retries the engine took for this probe, every class and turn together.
    public let retryCount: Int

    public init(input: ProbeInput?, output: ProbeOutput, retryCount: Int) {
        self.input = input
        self.output = output
        self.retryCount = retryCount
    }
}
