import Logging

extension ProbeEngine {
    /// An engine that records every provider exchange to the cassette at `path` (appending to
    /// an existing one after checking it), calling the providers as usual (DECISIONS D13).
    public static func recording(to path: String, environment: [String: String] = ProcessEnvironment.current(),
                                 logger: Logger? = nil) throws(CassetteError) -> ProbeEngine {
        ProbeEngine(environment: environment, transport: try RecordingTransport(path: path, environment: environment),
                    logger: logger)
    }

    /// An engine that answers from the cassette at `path` and never calls a provider: no key
    /// is needed and retries do not wait (DECISIONS D13).
    public static func replaying(_ path: String, environment: [String: String] = ProcessEnvironment.current(),
                                 logger: Logger? = nil) throws(CassetteError) -> ProbeEngine {
        ProbeEngine(environment: environment, transport: try ReplayTransport(path: path), logger: logger)
    }
}
