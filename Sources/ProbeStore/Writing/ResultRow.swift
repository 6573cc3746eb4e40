import ProbeEngine

/// The parameters of `probe_write_result` for one record (SPEC §11): the columns of the
/// `transcripts` and `probe_results` rows. U+0000, which neither jsonb nor text can hold, is
/// replaced by U+FFFD; `replacedNulls` counts the replacements so the writer can warn.
struct ResultRow {
    private(set) var parameters: [String?] = []
    private(set) var replacedNulls = 0

    static let sql = """
        SELECT probe_write_result($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::integer, $11::bigint,
            $12::bigint, $13::double precision, $14::bigint, $15::bigint, $16, $17, $18::integer,
            $19::timestamptz, $20::jsonb)
        """

    init(_ record: StoreRecord, resultId: String, transcriptId: String) {
        let success = record.succeeded
        let transcript = success ? record.output["transcript"] : record.output["partialTranscript"]
        let error = record.output["error"]
        let inputTokens = Self.int(transcript?["totalInputTokens"])
        let outputTokens = Self.int(transcript?["totalOutputTokens"])
        let duration = Self.durationMs(transcript)
        let content = transcript.map(Self.content)
        let cost = transcript?["costSnapshot"]?["estimatedCost"]?.numberValue
        let completedAt = transcript?["completedAt"]?.stringValue ?? record.finishedAt

        addText(resultId)
        addText(transcriptId)
        addText(record.runId)
        addText(record.scenarioId)
        addText(record.modelId)
        addText(success ? "SUCCESS" : "FAILED")
        addText(transcript?["modelVersion"]?.stringValue)
        addJSON(success ? record.definitionSnapshot : nil)
        addJSON(success ? content : nil)
        parameters.append(String(transcript?["turns"]?.arrayValue?.count ?? 0))
        parameters.append(String(inputTokens + outputTokens))
        parameters.append(duration.map(String.init))
        parameters.append(cost.map(\.text))
        parameters.append(String(inputTokens))
        parameters.append(String(outputTokens))
        addText(success ? nil : error?["code"]?.stringValue)
        addText(success ? nil : error?["message"]?.stringValue)
        parameters.append(String(record.retryCount))
        addText(completedAt)
        addJSON(success ? nil : content)
    }

    /// `content` of SPEC §11: `{"schemaVersion": 1, "turns": […], "costSnapshot"?: {…}}`.
    static func content(_ transcript: JSONValue) -> JSONValue {
        var object: JSONObject = ["schemaVersion": .int(1), "turns": transcript["turns"] ?? .array([])]
        if let cost = transcript["costSnapshot"] { object["costSnapshot"] = cost }
        return .object(object)
    }

    /// `completedAt − startedAt` in milliseconds, when both are timestamps.
    static func durationMs(_ transcript: JSONValue?) -> Int? {
        guard let started = transcript?["startedAt"]?.stringValue.flatMap(Timestamp.epochMs),
              let completed = transcript?["completedAt"]?.stringValue.flatMap(Timestamp.epochMs) else { return nil }
        return max(0, completed - started)
    }

    private static func int(_ value: JSONValue?) -> Int {
        value?.numberValue?.intValue ?? 0
    }

    private mutating func addText(_ text: String?) {
        parameters.append(text.map { clean($0) })
    }

    private mutating func addJSON(_ value: JSONValue?) {
        parameters.append(value.map { JSONWriter.string(Self.containsNul($0) ? clean($0) : $0) })
    }

    /// Whether any string or key holds U+0000 (a walk, so the common case copies nothing).
    private static func containsNul(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return text.utf8.contains(0)
        case .array(let items): return items.contains(where: containsNul)
        case .object(let object):
            return object.keys.contains { key in key.utf8.contains(0) || object[key].map(containsNul) == true }
        case .null, .bool, .number: return false
        }
    }

    private mutating func clean(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 {
                replacedNulls += 1
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private mutating func clean(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(clean(text))
        case .array(let items): return .array(items.map { clean($0) })
        case .object(let object):
            return .object(JSONObject(object.entries.map { (clean($0.key), clean($0.value)) }))
        case .null, .bool, .number: return value
        }
    }
}

/// RFC 3339 timestamps as the engine writes them (`2026-11-25T16:38:34.123Z`), also with an
/// offset or without the fraction.
enum Timestamp {
    static func epochMs(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x74,
              bytes[13] == 0x3A, bytes[16] == 0x3A,
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
              let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var millis = 0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 100
            let start = index
            while index < bytes.count, let digit = digit(bytes[index]) {
                millis += digit * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        switch bytes[index] {
        case 0x5A, 0x7A:
            guard index + 1 == bytes.count else { return nil }
        case 0x2B, 0x2D:
            guard index + 6 == bytes.count, bytes[index + 3] == 0x3A,
                  let hours = digits(bytes, index + 1, 2), let minutes = digits(bytes, index + 4, 2) else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (bytes[index] == 0x2B ? 1 : -1)
        default:
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1000 + millis
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (0x30...0x39).contains(byte) ? Int(byte - 0x30) : nil
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            guard let digit = digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
