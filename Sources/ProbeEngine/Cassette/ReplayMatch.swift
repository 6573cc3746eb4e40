import ProbeTransport

/// How replay compares a request with recorded ones, and how a miss is explained.
enum ReplayMatch {
    /// What of a sent request is compared.
    struct Request {
        let provider: String?
        let path: String
        let bodyBytes: [UInt8]
        let body: JSONValue?

        init(_ request: HTTPRequest) {
            provider = request.provider
            path = request.endpointPath ?? request.url
            bodyBytes = request.body
            body = try? JSONParser.parse(request.body, maxDepth: 1024)
        }

        /// Equal for every recorded exchange this request `matches` (the index's bucket).
        var key: String {
            ReplayMatch.key(provider: provider, path: path, body: body, bytes: bodyBytes)
        }

        /// Same provider, same path, same body (by JSON value; byte for byte when not JSON).
        func matches(_ recorded: ReplayTransport.Recorded) -> Bool {
            guard provider == recorded.exchange.provider, path == recorded.exchange.matchPath else { return false }
            if let body, let other = recorded.body { return body == other }
            return body == nil && recorded.body == nil && bodyBytes == recorded.exchange.requestBody
        }
    }

    /// A bucket key: provider, path and the body with members sorted and numbers as doubles,
    /// so JSON values that are equal (`==`) always share a key; `matches` decides within it.
    static func key(provider: String?, path: String, body: JSONValue?, bytes: [UInt8]) -> String {
        var text = (provider ?? "") + "\u{0}" + path + "\u{0}"
        if let body { canonical(body, into: &text) } else { text += "raw:" + String(decoding: bytes, as: UTF8.self) }
        return text
    }

    private static func canonical(_ value: JSONValue, into text: inout String) {
        switch value {
        case .null: text += "n"
        case .bool(let flag): text += flag ? "t" : "f"
        case .number(let number): text += "\(number.double == 0 ? 0 : number.double)"
        case .string(let string): text += JSONWriter.string(.string(string))
        case .array(let items):
            text += "["
            for item in items {
                canonical(item, into: &text)
                text += ","
            }
            text += "]"
        case .object(let object):
            text += "{"
            for key in object.keys.sorted() {
                text += JSONWriter.string(.string(key)) + ":"
                if let member = object[key] { canonical(member, into: &text) }
                text += ","
            }
            text += "}"
        }
    }

    /// Why nothing unused matched `sent`: the nearest recorded exchange (fewest differing
    /// fields; the earliest line on a tie) and the first field where it differs.
    static func explain(_ sent: Request, recorded: [ReplayTransport.Recorded], used: [Bool]) -> String {
        let what = "\(sent.provider ?? "unknown provider") request to \(sent.path)"
        guard !recorded.isEmpty else { return "the cassette holds no exchange for this \(what)" }
        let scored = recorded.indices.map { index in (index, distance(sent, recorded[index])) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "no recorded exchange for this \(what)" }
        let nearest = recorded[best.0]
        let place = "line \(nearest.line) (\(nearest.exchange.provider ?? "unknown provider") \(nearest.exchange.matchPath))"
        if best.1 == 0 {
            let count = recorded.indices.filter { used[$0] && sent.matches(recorded[$0]) }.count
            return "no unused recorded exchange for this \(what): the \(count) that match were replayed already (last at \(place))"
        }
        let difference = firstDifference(sent, nearest)
        return "no recorded exchange for this \(what); nearest is \(place), first difference at \(difference.field): "
            + "recorded \(difference.recorded), sent \(difference.sent)"
    }

    /// A rough count of differing fields: provider and path outweigh any body.
    static func distance(_ sent: Request, _ recorded: ReplayTransport.Recorded) -> Int {
        var score = 0
        if sent.provider != recorded.exchange.provider { score += 1_000_000 }
        if sent.path != recorded.exchange.matchPath { score += 100_000 }
        if let body = sent.body, let other = recorded.body {
            score += leafDifferences(other, body)
        } else if sent.bodyBytes != recorded.exchange.requestBody {
            score += 1
        }
        return score
    }

    /// The first of `provider`, `path`, `body…` where they differ, with both values shown.
    static func firstDifference(_ sent: Request, _ recorded: ReplayTransport.Recorded) -> (field: String, recorded: String, sent: String) {
        let exchange = recorded.exchange
        if sent.provider != exchange.provider {
            return ("provider", show(exchange.provider.map(JSONValue.string)), show(sent.provider.map(JSONValue.string)))
        }
        if sent.path != exchange.matchPath {
            return ("path", show(.string(exchange.matchPath)), show(.string(sent.path)))
        }
        if let body = sent.body, let other = recorded.body,
           let found = firstDifference(recorded: other, sent: body, at: "body") {
            return found
        }
        return ("body", "\(exchange.requestBody.count) bytes", "\(sent.bodyBytes.count) bytes")
    }

    /// Depth first in the sent value's key order, then keys only the recording has.
    static func firstDifference(recorded: JSONValue, sent: JSONValue, at field: String) -> (field: String, recorded: String, sent: String)? {
        switch (recorded, sent) {
        case (.object(let old), .object(let new)):
            for (key, value) in new.entries {
                guard let oldValue = old[key] else { return ("\(field).\(key)", "(absent)", show(value)) }
                if let found = firstDifference(recorded: oldValue, sent: value, at: "\(field).\(key)") { return found }
            }
            for (key, value) in old.entries where new[key] == nil { return ("\(field).\(key)", show(value), "(absent)") }
            return nil
        case (.array(let old), .array(let new)):
            for index in 0..<min(old.count, new.count) {
                if let found = firstDifference(recorded: old[index], sent: new[index], at: "\(field)[\(index)]") { return found }
            }
            if old.count == new.count { return nil }
            let index = min(old.count, new.count)
            return ("\(field)[\(index)]", index < old.count ? show(old[index]) : "(absent)",
                    index < new.count ? show(new[index]) : "(absent)")
        case (.string(let old), .string(let new)):
            return old == new ? nil : strings(old, new, at: field)
        default:
            return recorded == sent ? nil : (field, show(recorded), show(sent))
        }
    }

    /// Two different strings shown around their first differing character.
    static func strings(_ recorded: String, _ sent: String, at field: String) -> (field: String, recorded: String, sent: String) {
        let old = Array(recorded.unicodeScalars), new = Array(sent.unicodeScalars)
        var common = 0
        while common < old.count, common < new.count, old[common] == new[common] { common += 1 }
        guard common > 30 || old.count > 80 || new.count > 80 else {
            return (field, show(.string(recorded)), show(.string(sent)))
        }
        let start = max(0, common - 30)
        func excerpt(_ scalars: [Unicode.Scalar]) -> String {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<min(scalars.count, common + 40)])
            let quoted = JSONWriter.string(.string(String(text)))
            return (start > 0 ? "…" : "") + quoted + (common + 40 < scalars.count ? "…" : "")
        }
        return ("\(field) (from character \(common))", excerpt(old), excerpt(new))
    }

    /// How many leaves differ (a missing member or element counts as one).
    static func leafDifferences(_ recorded: JSONValue, _ sent: JSONValue) -> Int {
        switch (recorded, sent) {
        case (.object(let old), .object(let new)):
            let keys = new.keys + old.keys.filter { new[$0] == nil }
            return keys.reduce(0) { total, key in
                guard let a = old[key], let b = new[key] else { return total + 1 }
                return total + leafDifferences(a, b)
            }
        case (.array(let old), .array(let new)):
            let shared = (0..<min(old.count, new.count)).reduce(0) { $0 + leafDifferences(old[$1], new[$1]) }
            return shared + abs(old.count - new.count)
        default:
            return recorded == sent ? 0 : 1
        }
    }

    /// A value as compact JSON, cut to 80 characters.
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "null" }
        let text = JSONWriter.string(value)
        guard text.unicodeScalars.count > 80 else { return text }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: text.unicodeScalars.prefix(80))
        return String(cut) + "…"
    }
}
