extension BatchResume {
    /// What `--resume` does with one input read from a stream.
    public enum Decision: Sendable, Equatable {
        /// No success line for it: run it.
        case run
        /// The earlier run has a success line with its index and ids: skip it.
        case skip
        /// The success line at its index names other ids: run it again (and say so).
        case runAgain
    }

    /// `plan(_:previous:)` for one input at a time, given `successes(in:)` of the earlier output,
    /// so a stream is filtered as it is read.
    public static func decision(for input: BatchInput, done: [Int: BatchIdentity]) -> Decision {
        guard let identity = done[input.index] else { return .run }
        return input.identity == identity ? .skip : .runAgain
    }
}

extension BatchInput {
    /// The raw JSON of an input given as bytes (a line of stdin); nil for one built in Swift.
    public var json: [UInt8]? {
        guard case .json(let bytes) = payload else { return nil }
        return Array(bytes)
    }
}
