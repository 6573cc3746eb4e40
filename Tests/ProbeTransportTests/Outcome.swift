import ProbeTransport

/// The result of one send, as a value (so tasks can hand it back without untyped errors).
func outcome(
    _ transport: some HTTPTransport, _ request: HTTPRequest, timeoutMs: Int = 10_000
) async -> Result<HTTPResponse, TransportFailure> {
    do {
        return .success(try await transport.send(request, timeoutMs: timeoutMs))
    } catch {
        return .failure(error)
    }
}

/// The failure of `result`, or nil when it succeeded.
func failure(_ result: Result<HTTPResponse, TransportFailure>) -> TransportFailure? {
    if case .failure(let failure) = result { return failure }
    return nil
}

/// A POST of `body` to `url` with a JSON content type.
func post(_ url: String, body: String = "{}", headers: [HTTPHeader] = []) -> HTTPRequest {
    HTTPRequest(
        url: url, headers: [HTTPHeader(name: "Content-Type", value: "application/json")] + headers,
        body: Array(body.utf8))
}
