/// Faults injected at random into a share of requests: `percent` of them (drawn from a PRNG
/// seeded with `seed`, so a run is reproducible), rotating among `FaultPlan.rotation`.
public struct FaultPlan: Sendable {
    /// The share of requests that get a fault, 0…100.
    public var percent: Double
    /// The PRNG's seed.
    public var seed: UInt64

    public init(percent: Double, seed: UInt64) {
        self.percent = percent
        self.seed = seed
    }

    /// The faults in turn: 429 (`Retry-After: 0`), 500, 503, a reset before the headers, a body cut short.
    public static let rotation: [MockStep] = [
        .json(#"{"error":{"message":"Rate limit reached for requests","type":"rate_limit_error"}}"#, status: 429,
              headers: [("Retry-After", "0")]),
        .json(#"{"error":{"message":"The server had an error processing your request.","type":"server_error"}}"#, status: 500),
        .json(#"{"error":{"message":"The service is temporarily unavailable.","type":"service_unavailable"}}"#, status: 503),
        .resetBeforeHeaders,
        .cutShort,
    ]
}
