import ProbeEngine
import ProbeTestSupport

/// SPEC §2's output contract, checked on what a run printed.
enum Contract {
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    /// The codes of SPEC §5 and whether each is retryable.
    static let retryableByCode: [String: Bool] = [
        "RATE_LIMIT": true, "SERVER_ERROR": true, "TIMEOUT": true, "NETWORK_ERROR": true,
        "AUTH_ERROR": false, "NOT_FOUND": false, "VALIDATION_ERROR": false, "UNSUPPORTED_PROVIDER": false,
        "MISSING_API_KEY": false, "INVALID_RESPONSE": false, "CANCELLED": true, "UNKNOWN": true,
    ]

    /// Exit 0, no signal, no hang, and stdout exactly one `\n`-terminated line holding a JSON
    /// object that keeps the contract; that object.
    static func singleLineObject(_ result: ProcessResult) throws(Violation) -> JSONValue {
        func fail(_ what: String) -> Violation { Violation(description: "\(what): \(result.summary)") }
        if result.killedAfterTimeout { throw fail("hung: killed after \(Subprocess.hangGuardSeconds) s") }
        if let signal = result.signal { throw fail("crashed with signal \(signal)") }
        guard result.exitStatus == 0 else { throw fail("exit status is not 0") }
        guard result.stdout.last == 0x0A, result.stdout.filter({ $0 == 0x0A }).count == 1 else {
            throw fail("stdout is not exactly one line")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(result.stdout.dropLast()), maxDepth: 1024)
        } catch {
            throw fail("stdout is not JSON (\(error.reason))")
        }
        let problems = violations(of: value)
        guard problems.isEmpty else { throw fail("not a contract object: \(problems.joined(separator: "; "))") }
        return value
    }

    /// What is wrong with `value` as a contract object; empty when nothing is.
    static func violations(of value: JSONValue) -> [String] {
        guard case .object(let object) = value else { return ["not an object"] }
        guard let success = object["success"]?.boolValue else { return ["success is not a bool"] }
        if success {
            guard let transcript = object["transcript"]?.objectValue else { return ["success without a transcript object"] }
            return transcript["turns"]?.arrayValue == nil ? ["transcript.turns is not an array"] : []
        }
        guard let error = object["error"]?.objectValue else { return ["failure without an error object"] }
        var problems: [String] = []
        if (error["message"]?.stringValue ?? "").isEmpty { problems.append("error.message is not a non-empty string") }
        guard let code = error["code"]?.stringValue, let retryable = retryableByCode[code] else {
            return problems + ["error.code \(String(describing: error["code"])) is not one of SPEC §5's"]
        }
        if error["retryable"]?.boolValue != retryable { problems.append("error.retryable is not \(retryable) for \(code)") }
        switch error["details"] {
        case nil: problems.append("error.details is missing")
        case .some(.string), .some(.null): break
        case .some: problems.append("error.details is neither a string nor null")
        }
        if let status = error["statusCode"], status.numberValue?.intValue == nil {
            problems.append("error.statusCode is not an integer")
        }
        return problems
    }
}
