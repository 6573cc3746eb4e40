/// A JSON number as it appeared on the wire: the token text, its value as a double, and whether
/// the token had neither fraction nor exponent (SPEC §1's notion of an integer token).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's text, exactly as parsed (or as this program would write it).
    public let text: String
    /// The value as an IEEE double (always finite).
    public let double: Double
    /// True when the token is `-?[0-9]+` (no fraction, no exponent).
    public let isIntegerToken: Bool

    /// A number parsed from a JSON token; the caller guarantees the token's grammar.
    init(token: String, double: Double, isIntegerToken: Bool) {
        self.text = token
        self.double = double
        self.isIntegerToken = isIntegerToken
    }

    /// An integer number.
    public init(_ value: Int) {
        self.text = String(value)
        self.double = Double(value)
        self.isIntegerToken = true
    }

    /// A double; non-finite values become 0 (JSON cannot carry them).
    public init(_ value: Double) {
        let finite = value.isFinite ? value : 0
        // Swift's shortest round-trip form ("3.0", "1e-05") is valid JSON.
        self.text = "\(finite)"
        self.double = finite
        self.isIntegerToken = false
    }

    /// The value as an `Int` when the token is an integer token within `Int`'s range.
    public var intValue: Int? {
        guard isIntegerToken else { return nil }
        return Int(text)
    }

    public var description: String { text }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.isIntegerToken && rhs.isIntegerToken, let a = Int(lhs.text), let b = Int(rhs.text) {
            return a == b
        }
        return lhs.double == rhs.double
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(double)
    }
}

/// A JSON value. Objects keep their keys' first-insertion order (a later duplicate key
/// replaces the value in place), so requests are written in a readable order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, when this is one (booleans are never numbers).
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The object, when this is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, when this is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The bool, when this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Member lookup on an object; `nil` for anything else or a missing key.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Convenience for integers.
    public static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
    /// Convenience for doubles.
    public static func double(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }
}

/// An insertion-ordered JSON object with dictionary lookup.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    public init() {}

    /// An object from ordered pairs; a later duplicate key wins.
    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The value for `key`; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The members in order.
    public var entries: [(key: String, value: JSONValue)] {
        keys.compactMap { key in storage[key].map { (key, $0) } }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Objects are equal when they hold the same members, whatever their order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }
}
