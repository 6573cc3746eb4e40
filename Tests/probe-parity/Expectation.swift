import ProbeJSON
import ProbeTestSupport

/// What a case claims (`expect`): success or an error code and message, the HTTP status,
/// how many turns completed and how many requests the mock received; for the model-profile
/// cases (DECISIONS D14) also `body`, the first request's fields that carry the rule (a dotted
/// path → its value, `"<absent>"` for a field that must not be sent), and `parameters`, turn 1's
/// `providerMetadata.parameters`; `reply`, turn 1's `targetResponse`; `fields`, any output values by dotted path. Checked on every implementation, so a case proves its claim
/// and not only that the three agree.
enum Expectation {
    static let absent = JSONValue.string("<absent>")

    static func problems(_ expect: JSONObject, output: JSONValue, requests: [RecordedRequest]) -> [String] {
        var problems: [String] = []
        let success = output["success"]?.boolValue
        let error = output["error"]
        let transcript = success == true ? output["transcript"] : output["partialTranscript"]
        let turns = transcript?["turns"]?.arrayValue?.count ?? 0
        func check(_ key: String, _ actual: JSONValue?) {
            guard let wanted = expect[key], wanted != actual else { return }
            problems.append("expected \(key) \(JSONWriter.string(wanted)), got \(actual.map(JSONWriter.string) ?? "(absent)")")
        }
        check("success", success.map(JSONValue.bool))
        check("code", error?["code"])
        check("message", error?["message"])
        check("statusCode", error?["statusCode"])
        check("turns", .int(turns))
        check("requests", .int(requests.count))
        if expect["reply"] != nil {
            check("reply", transcript?["turns"]?.arrayValue?.first?["targetResponse"])
        }
        if expect["parameters"] != nil {
            check("parameters", transcript?["turns"]?.arrayValue?.first?["providerMetadata"]?["parameters"])
        }
        // `fields`: dotted paths into the output (a number indexes an array) → the value there,
        // `"<absent>"` for a key that must not be there (issue 14: usage parts, finish reasons).
        if let fields = expect["fields"]?.objectValue {
            for (path, wanted) in fields.entries {
                let actual = path.split(separator: ".").reduce(Optional(output)) { value, key in
                    if let index = Int(key), let items = value?.arrayValue { return index < items.count ? items[index] : nil }
                    return value?[String(key)]
                }
                if wanted == absent ? actual != nil : actual != wanted {
                    problems.append("expected \(path) \(JSONWriter.string(wanted)), got \(actual.map(JSONWriter.string) ?? "(absent)")")
                }
            }
        }
        if let fields = expect["body"]?.objectValue {
            let body = requests.first.flatMap { try? JSONParser.parse($0.body, maxDepth: 512) }
            for (path, wanted) in fields.entries {
                let actual = path.split(separator: ".").reduce(body) { value, key in value?[String(key)] }
                if wanted == absent ? actual != nil : actual != wanted {
                    problems.append("expected body.\(path) \(JSONWriter.string(wanted)), got \(actual.map(JSONWriter.string) ?? "(absent)")")
                }
            }
        }
        return problems
    }
}
