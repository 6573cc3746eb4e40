import Synchronization

/// Requests that heal (DECISIONS D4): a 400 or 422 that names a parameter the model will not
/// take. Step for step the Python reference's `common/healing.py`.
struct ParameterRejection: Sendable, Equatable {
    /// modelConfig's name of the setting (`topP`, `temperature`, ...).
    var name: String
    /// The provider's words.
    var reason: String

    /// A field name as a provider spells it (snake, camel, dotted path) → modelConfig's name. The
    /// model, the messages and the token limit are never healed away.
    private static let settings: [String: String] = [
        "temperature": "temperature", "topp": "topP", "frequencypenalty": "frequencyPenalty",
        "presencepenalty": "presencePenalty", "stop": "stopSequences", "stopsequences": "stopSequences",
        "seed": "seed", "randomseed": "seed", "reasoningeffort": "reasoningEffort", "effort": "reasoningEffort",
        "thinkinglevel": "reasoningEffort",
    ]
    private static let refusals = [
        "unsupported", "not supported", "deprecated", "cannot both be specified", "extra inputs",
        "not permitted", "unknown name", "does not support", "is not allowed", "extra_forbidden",
    ]

    static func settingName(_ field: String) -> String? {
        let last = field.split(separator: Character("."), omittingEmptySubsequences: false).last.map(String.init) ?? field
        return settings[last.replacingUnderscores.lowercased()]
    }

    /// The setting a refusal names, else nil.
    static func find(status: Int, _ facts: ErrorBody) -> ParameterRejection? {
        guard status == 400 || status == 422 else { return nil }
        let text = facts.text
        let refused = !facts.codes.isDisjoint(with: ["unsupported_parameter", "unsupported_value", "extra_forbidden"])
            || refusals.contains { text.contains($0) }
        guard refused else { return nil }
        var names = facts.fields.compactMap { settingName($0) }
        for message in facts.messages { names += quoted(message).compactMap { settingName($0) } }
        guard let first = names.first else { return nil }
        // "`temperature` and `top_p` cannot both be specified": temperature is kept, as D14's step 3 keeps it.
        let name = text.contains("cannot both be specified") && names.contains("topP") ? "topP" : first
        let words = facts.messages.first { !$0.allSatisfy(\.isWhitespace) } ?? "refused by the provider"
        let reason = words.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        return ParameterRejection(name: name, reason: reason)
    }

    /// Names in backticks or quotes: `[`'"]([A-Za-z_][A-Za-z0-9_.]*)[`'"]`, left to right.
    static func quoted(_ text: String) -> [String] {
        let quotes: Set<Character> = ["`", "'", "\""]
        let chars = Array(text)
        var found: [String] = []
        var index = 0
        while index < chars.count {
            guard quotes.contains(chars[index]) else { index += 1; continue }
            var end = index + 1
            while end < chars.count, chars[end].isASCII, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" || chars[end] == "." {
                end += 1
            }
            let body = chars[(index + 1)..<end]
            if end < chars.count, quotes.contains(chars[end]), let head = body.first, head.isLetter || head == "_" {
                found.append(String(body))
                index = end + 1
            } else {
                index += 1
            }
        }
        return found
    }
}

extension ModelSettings {
    /// The setting modelConfig calls `name` left out; nil when it is not being sent.
    func without(_ name: String) -> ModelSettings? {
        var settings = self
        switch name {
        case "temperature" where sendsTemperature: settings.sendsTemperature = false
        case "topP" where topP != nil: settings.topP = nil
        case "frequencyPenalty" where frequencyPenalty != nil: settings.frequencyPenalty = nil
        case "presencePenalty" where presencePenalty != nil: settings.presencePenalty = nil
        case "stopSequences" where stopSequences != nil: settings.stopSequences = nil
        case "seed" where seed != nil: settings.seed = nil
        case "reasoningEffort" where reasoningEffort != nil: settings.reasoningEffort = nil
        default: return nil
        }
        return settings
    }
}

extension ParameterPlan {
    /// The plan with `name` left out and recorded in `dropped`; nil when it is not being sent.
    func dropping(_ name: String, reason: String) -> ParameterPlan? {
        guard let settings = settings.without(name) else { return nil }
        var plan = self
        plan.settings = settings
        plan.dropped.append(.init(name: name, reason: reason))
        return plan
    }
}

/// What the models of one engine refused, learned from their replies and kept for the engine's
/// life (DECISIONS D4): shared by all its probes, so a batch pays for one such 400 per model.
public final class LearnedDrops: Sendable {
    private struct Key: Hashable {
        var provider: String
        var model: String
    }
    private let drops = Mutex<[Key: [ParameterRejection]]>([:])

    public init() {}

    func learn(provider: Provider, model: String, _ rejection: ParameterRejection) {
        drops.withLock { table in
            let key = Key(provider: provider.rawValue, model: model)
            if !(table[key] ?? []).contains(where: { $0.name == rejection.name }) { table[key, default: []].append(rejection) }
        }
    }

    func drops(provider: Provider, model: String) -> [ParameterRejection] {
        drops.withLock { $0[Key(provider: provider.rawValue, model: model)] ?? [] }
    }
}

private extension String {
    var replacingUnderscores: String { String(unicodeScalars.filter { $0 != "_" }) }
}
