/// A profile file that cannot be used: which file, which entry, which field (DECISIONS D14).
public struct ModelProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// `profiles[3] (openai "gpt-9")`, or nil for a problem with the whole file.
    public let entry: String?
    public let problem: String

    public var description: String {
        "model profiles file \(file): " + (entry.map { "\($0): " } ?? "") + problem
    }
}

/// Reads the profile table's JSON, checking every field of every entry: a bad row is an error
/// that names it, never a silent default.
enum ModelProfileDecoder {
    static func decode(_ bytes: [UInt8], file: String) throws(ModelProfileError) -> [ModelProfile] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw ModelProfileError(file: file, entry: nil, problem: "not valid JSON (\(error))")
        }
        guard let root = document.objectValue else {
            throw ModelProfileError(file: file, entry: nil, problem: "the top level must be an object")
        }
        guard let entries = root["profiles"]?.arrayValue else {
            throw ModelProfileError(file: file, entry: nil, problem: "\"profiles\" must be an array")
        }
        var profiles: [ModelProfile] = []
        var seen = Set<String>()
        for (index, value) in entries.enumerated() {
            var entry = "profiles[\(index)]"
            guard let object = value.objectValue else {
                throw ModelProfileError(file: file, entry: entry, problem: "must be an object")
            }
            if let provider = object["provider"]?.stringValue, let prefix = object["prefix"]?.stringValue {
                entry += " (\(provider) \"\(prefix)\")"
            }
            do throws(FieldProblem) {
                let profile = try decodeEntry(object)
                guard seen.insert(profile.provider.rawValue + "\u{0}" + profile.prefix).inserted else {
                    throw FieldProblem(field: "prefix", problem: "is listed twice for this provider")
                }
                profiles.append(profile)
            } catch {
                throw ModelProfileError(file: file, entry: entry, problem: "\(error.field) \(error.problem)")
            }
        }
        return profiles
    }

    struct FieldProblem: Error {
        let field: String
        let problem: String
    }

    private static func decodeEntry(_ object: JSONObject) throws(FieldProblem) -> ModelProfile {
        let fields = Fields(object: object)
        guard let provider = Provider(rawValue: try fields.string("provider")) else {
            throw FieldProblem(field: "provider", problem: "must be one of \(Provider.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let limitFields = try fields.strings("limitFields").map { (text) throws(FieldProblem) -> MaxTokensParam in
            guard let field = MaxTokensParam(rawValue: text) else {
                throw FieldProblem(field: "limitFields", problem: "must hold only max_tokens or max_completion_tokens")
            }
            return field
        }
        if provider.isOpenAICompatible && limitFields.isEmpty {
            throw FieldProblem(field: "limitFields", problem: "must name at least one field for \(provider.rawValue)")
        }
        if !provider.isOpenAICompatible && !limitFields.isEmpty {
            throw FieldProblem(field: "limitFields", problem: "must be empty for \(provider.rawValue)")
        }
        let endpoint: ModelProfile.Endpoint = try fields.oneOf("endpoint")
        if endpoint == .responses && provider != .openai {
            throw FieldProblem(field: "endpoint", problem: "responses is only for openai")
        }
        let seed = try fields.optionalString("seed")
        if let seed, seed != "seed" && seed != "random_seed" {
            throw FieldProblem(field: "seed", problem: "must be \"seed\", \"random_seed\" or null")
        }
        let reasoning: ModelProfile.Reasoning = try fields.oneOf("reasoning")
        let efforts = try fields.strings("efforts")
        for effort in efforts where !ModelProfile.effortOrder.contains(effort) {
            throw FieldProblem(field: "efforts", problem: "'\(effort)' is not one of \(ModelProfile.effortOrder.joined(separator: ", "))")
        }
        let needsEfforts: Set<ModelProfile.Reasoning> = [.openAIEffort, .anthropicAdaptive, .geminiLevel, .xAIEffort]
        if needsEfforts.contains(reasoning) && efforts.isEmpty {
            throw FieldProblem(field: "efforts", problem: "must list the accepted values for reasoning \(reasoning.rawValue)")
        }
        let budget = try fields.budget()
        let manualBudget = try fields.bool("manualBudget")
        let needsBudget: Set<ModelProfile.Reasoning> = [.anthropicBudget, .geminiBudget]
        if (needsBudget.contains(reasoning) || (reasoning == .anthropicAdaptive && manualBudget)) && budget == nil {
            throw FieldProblem(field: "budget", problem: "must be an object for reasoning \(reasoning.rawValue)")
        }
        if reasoning == .geminiBudget && budget?.max == nil {
            throw FieldProblem(field: "budget.max", problem: "must be an integer for reasoning gemini-budget")
        }
        return ModelProfile(
            provider: provider, prefix: try fields.string("prefix", allowEmpty: true), family: try fields.string("family"),
            endpoint: endpoint, maxOutput: try fields.positive("maxOutput"), limitFields: limitFields,
            temperature: try fields.oneOf("temperature"), topP: try fields.bool("topP"),
            exclusiveSampling: try fields.bool("exclusiveSampling"), penalties: try fields.bool("penalties"),
            stop: try fields.bool("stop"), seed: seed, reasoning: reasoning, efforts: efforts, budget: budget,
            manualBudget: manualBudget, reasonsByDefault: try fields.bool("reasonsByDefault"),
            reasoningAllowance: try fields.integer("reasoningAllowance", min: 0), source: try fields.string("source")
        )
    }

    /// Typed readers over one entry; each names the field it failed on.
    private struct Fields {
        let object: JSONObject

        func value(_ key: String) throws(FieldProblem) -> JSONValue {
            guard let value = object[key] else { throw FieldProblem(field: key, problem: "is required") }
            return value
        }

        func string(_ key: String, allowEmpty: Bool = false) throws(FieldProblem) -> String {
            guard let text = try value(key).stringValue else { throw FieldProblem(field: key, problem: "must be a string") }
            if !allowEmpty && text.isEmpty { throw FieldProblem(field: key, problem: "must not be empty") }
            return text
        }

        func optionalString(_ key: String) throws(FieldProblem) -> String? {
            let raw = try value(key)
            if raw.isNull { return nil }
            guard let text = raw.stringValue else { throw FieldProblem(field: key, problem: "must be a string or null") }
            return text
        }

        func bool(_ key: String) throws(FieldProblem) -> Bool {
            guard let flag = try value(key).boolValue else { throw FieldProblem(field: key, problem: "must be true or false") }
            return flag
        }

        func integer(_ key: String, min: Int, in container: JSONObject? = nil, name: String? = nil) throws(FieldProblem) -> Int {
            let raw: JSONValue
            if let container {
                guard let inner = container[key] else { throw FieldProblem(field: name ?? key, problem: "is required") }
                raw = inner
            } else {
                raw = try value(key)
            }
            guard case .number(let number) = raw, number.isIntegerToken, let integer = number.intValue, integer >= min,
                  integer <= Int(Int32.max) else {
                throw FieldProblem(field: name ?? key, problem: "must be an integer >= \(min)")
            }
            return integer
        }

        func positive(_ key: String) throws(FieldProblem) -> Int { try integer(key, min: 1) }

        func strings(_ key: String) throws(FieldProblem) -> [String] {
            guard let items = try value(key).arrayValue else { throw FieldProblem(field: key, problem: "must be an array of strings") }
            let strings = items.compactMap(\.stringValue)
            guard strings.count == items.count else { throw FieldProblem(field: key, problem: "must be an array of strings") }
            return strings
        }

        func oneOf<Choice: RawRepresentable & CaseIterable>(_ key: String) throws(FieldProblem) -> Choice where Choice.RawValue == String {
            let text = try string(key)
            guard let choice = Choice(rawValue: text) else {
                throw FieldProblem(field: key, problem: "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return choice
        }

        func budget() throws(FieldProblem) -> ModelProfile.Budget? {
            let raw = try value("budget")
            if raw.isNull { return nil }
            guard let inner = raw.objectValue else { throw FieldProblem(field: "budget", problem: "must be an object or null") }
            let min = try integer("min", min: 0, in: inner, name: "budget.min")
            var max: Int?
            if let upper = inner["max"], !upper.isNull {
                max = try integer("max", min: min, in: inner, name: "budget.max")
            } else if inner["max"] == nil {
                throw FieldProblem(field: "budget.max", problem: "is required (an integer or null)")
            }
            for key in ["off", "dynamic"] where inner[key]?.boolValue == nil {
                throw FieldProblem(field: "budget.\(key)", problem: "must be true or false")
            }
            return ModelProfile.Budget(min: min, max: max, off: inner["off"]?.boolValue == true,
                                       dynamic: inner["dynamic"]?.boolValue == true)
        }
    }
}

extension ModelProfile {
    /// Every effort value any provider takes, weakest first (the order mappings climb).
    public static let effortOrder = ["none", "minimal", "low", "medium", "high", "xhigh", "max"]
}
