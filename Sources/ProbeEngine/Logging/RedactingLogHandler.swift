import Logging

/// Wraps a log handler so that no key value reaches it (SPEC §5: no log line ever carries a
/// key): every occurrence of every secret is replaced by `[REDACTED]` in the message, in every
/// metadata value (nested arrays and dictionaries included) and in metadata keys, at every
/// level, whatever the line is about (a reply that echoes the key, an error body, a header).
/// The engine wraps its logger (its own or the one it is given) in one of these.
struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler
    /// Longest first, so a key that contains another is replaced whole.
    private let secrets: [String]

    init(wrapping inner: any LogHandler, secrets: [String]) {
        self.inner = inner
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.utf8.count > $1.utf8.count }
    }

    /// `logger` with its handler wrapped; unchanged when there is nothing to hide.
    static func wrap(_ logger: Logger, secrets: [String]) -> Logger {
        guard secrets.contains(where: { !$0.isEmpty }) else { return logger }
        var wrapped = logger
        wrapped.handler = RedactingLogHandler(wrapping: logger.handler, secrets: secrets)
        return wrapped
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    func log(event: LogEvent) {
        var target = inner
        target.metadata = redact(inner.metadata)
        var event = event
        event.message = Logger.Message(stringLiteral: redact(event.message.description))
        event.metadata = event.metadata.map(redact)
        event.error = nil  // its description is the handler's to print; ours never passes one
        target.log(event: event)
    }

    private func redact(_ text: String) -> String {
        Redaction.redact(text, secrets: secrets)
    }

    private func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var out: Logger.Metadata = [:]
        for (key, value) in metadata { out[redact(key)] = redact(value) }
        return out
    }

    private func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(redact(text))
        case .stringConvertible(let convertible):
            // Numbers and flags stay typed (the JSON handler writes them as numbers); anything
            // else is text, redacted.
            if convertible is Int || convertible is Double || convertible is Bool { return value }
            return .string(redact(convertible.description))
        case .array(let items): return .array(items.map(redact))
        case .dictionary(let entries): return .dictionary(redact(entries))
        }
    }
}

extension Logger {
    /// This logger with every provider key of `environment` (SPEC §4's variables, as the engine
    /// reads them) replaced by `[REDACTED]` in every line: for loggers outside the engine, such
    /// as the store's.
    public func redactingKeys(of environment: [String: String]) -> Logger {
        RedactingLogHandler.wrap(self, secrets: ProviderCredentials(environment: environment).secrets)
    }
}
