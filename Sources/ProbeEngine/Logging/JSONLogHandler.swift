import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler writing SPEC §8's lines to stderr:
/// `{"level":"info","time":<epoch ms>,"context":"probe","msg":"...", ...metadata}`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let context: String
    private let sink: @Sendable ([UInt8]) -> Void

    /// A handler at `level`, writing to stderr unless `sink` is given (tests capture lines).
    public init(context: String = "probe", level: Logger.Level, sink: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.context = context
        self.logLevel = level
        self.sink = sink ?? JSONLogHandler.writeToStderr
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: JSONObject = [
            "level": .string(Self.name(of: event.level)),
            "time": .int(Int(WallClock.epochMs())),
            "context": .string(context),
            "msg": .string(event.message.description),
        ]
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for key in merged.keys.sorted() {
            guard let value = merged[key], object[key] == nil else { continue }
            object[key] = Self.json(value)
        }
        var line = JSONWriter.bytes(.object(object))
        line.append(0x0A)
        sink(line)
    }

    /// SPEC's level names (swift-log's notice → info, warning → warn, critical → error).
    static func name(of level: Logger.Level) -> String {
        switch level {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info, .notice: return "info"
        case .warning: return "warn"
        case .error, .critical: return "error"
        }
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return .int(number) }
            if let number = convertible as? Double { return .double(number) }
            if let flag = convertible as? Bool { return .bool(flag) }
            return .string(convertible.description)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let entries):
            return .object(JSONObject(entries.keys.sorted().compactMap { key in entries[key].map { (key, json($0)) } }))
        }
    }

    @Sendable private static func writeToStderr(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(2, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// The log threshold from an environment (SPEC §8, DECISIONS D6).
public enum LogLevelSetting {
    public static func level(environment: [String: String]) -> Logger.Level {
        if let raw = environment["PROBE_LOG_LEVEL"], !raw.isEmpty {
            switch raw.lowercased() {
            case "trace": return .trace
            case "debug": return .debug
            case "info": return .info
            case "warn", "warning": return .warning
            case "error": return .error
            default: return .info
            }
        }
        return environment["PYTHON_WORKER_DEBUG"] == "1" ? .debug : .info
    }
}
