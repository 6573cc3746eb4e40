import ProbeJSON
import ProbeTestSupport

/// Puts the three runs side by side: the requests each sent and the output each gave, made
/// comparable (only the headers SPEC names, bodies as JSON values, timestamps and durations
/// by format), then lists every JSON path where they differ.
enum Comparison {
    /// The request headers SPEC §4 names; any other header belongs to the HTTP library (D8).
    static let namedHeaders = ["content-type", "authorization", "x-api-key", "anthropic-version", "x-goog-api-key"]

    /// A request as a JSON value: method, path, query, the named headers present, the body.
    static func normalized(_ request: RecordedRequest) -> JSONValue {
        var headers = JSONObject()
        for name in namedHeaders {
            if let value = request.header(name) { headers[name] = .string(value) }
        }
        let body = (try? JSONParser.parse(request.body, maxDepth: 512)) ?? .object(["<not JSON>": .string(request.bodyText)])
        return .object([
            "method": .string(request.method), "path": .string(request.path), "query": .string(request.query),
            "headers": .object(headers), "body": body,
        ])
    }

    /// The output with the values compared by format only replaced by what their format is.
    static func normalized(output: JSONValue) -> JSONValue {
        var value = mask(output)
        // The parser's reason for invalid JSON input is free text (SPEC §2).
        if case .object(var object) = value, case .object(var error)? = object["error"],
           error["message"] == .string("input is not valid JSON"), error["details"]?.stringValue != nil {
            error["details"] = .string("<parser reason>")
            object["error"] = .object(error)
            value = .object(object)
        }
        return value
    }

    private static func mask(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object.entries {
                switch key {
                case "startedAt", "completedAt":
                    result[key] = .string(isTimestamp(member) ? "<RFC 3339 UTC ms>" : "bad timestamp: \(JSONWriter.string(member))")
                case "durationMs":
                    let fine = member.numberValue.map { $0.isIntegerToken && $0.double >= 0 } ?? false
                    result[key] = .string(fine ? "<ms>" : "bad duration: \(JSONWriter.string(member))")
                default:
                    result[key] = mask(member)
                }
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(mask))
        default:
            return value
        }
    }

    /// `2026-11-25T16:38:34.123Z`: RFC 3339, UTC, milliseconds.
    static func isTimestamp(_ value: JSONValue) -> Bool {
        guard let text = value.stringValue else { return false }
        let bytes = Array(text.utf8)
        let pattern = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8)
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }

    /// Every path where `values` (one per implementation; nil = absent) differ, with each value.
    static func differences(_ values: [JSONValue?], path: String = "$") -> [String] {
        if values.allSatisfy({ $0 == values[0] }) { return [] }
        let objects = values.compactMap { $0?.objectValue }
        if objects.count == values.count {
            var keys: [String] = []
            for object in objects {
                for key in object.keys where !keys.contains(key) { keys.append(key) }
            }
            return keys.flatMap { key in differences(values.map { $0?[key] }, path: "\(path).\(key)") }
        }
        let arrays = values.compactMap { $0?.arrayValue }
        if arrays.count == values.count, Set(arrays.map(\.count)).count == 1, let count = arrays.first?.count {
            return (0..<count).flatMap { index in differences(arrays.map { $0[index] }, path: "\(path)[\(index)]") }
        }
        let shown = zip(Implementation.allCases, values).map { implementation, value in
            "\(implementation.rawValue)=\(value.map(short) ?? "(absent)")"
        }
        return ["\(path): " + shown.joined(separator: "  ")]
    }

    private static func short(_ value: JSONValue) -> String {
        let text = JSONWriter.string(value)
        return text.count > 160 ? String(text.prefix(160)) + "…(\(text.utf8.count) bytes)" : text
    }
}
