/// A 2xx reply in which the provider reports that it failed to produce an answer (the
/// Responses API's `status: "failed"` with its `error`, DECISIONS D15): the probe fails with
/// `code`, like an HTTP error, instead of recording an empty turn.
public struct ReplyFailure: Sendable, Equatable {
    /// The error code the failure maps to.
    public var code: ErrorCode
    /// The provider's own error code (`server_error`, `invalid_prompt`, …), `unknown` when absent.
    public var providerCode: String

    public init(code: ErrorCode, providerCode: String) {
        self.code = code
        self.providerCode = providerCode
    }
}
