import ProbeJSON

/// What a case claims (`expect`): success or an error code and message, the HTTP status,
/// how many turns completed and how many requests the mock received. Checked on every
/// implementation, so a case proves its claim and not only that the three agree.
enum Expectation {
    static func problems(_ expect: JSONObject, output: JSONValue, requestCount: Int) -> [String] {
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
        check("requests", .int(requestCount))
        return problems
    }
}
