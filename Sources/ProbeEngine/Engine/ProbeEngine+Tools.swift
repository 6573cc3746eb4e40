import Tiktoken

/// The engine's version, printed by `probe --version` and `probe health`.
public enum ProbeVersion {
    public static let current = "0.1.0"
}

extension ProbeEngine {
    /// `probe health` (SPEC §9): keys present, base URLs, the tokenizer data, the model profiles;
    /// `success` is false only when the engine cannot work (vocabularies or the profile table
    /// missing or corrupt, D14). It also carries the fields the product's health check reads from
    /// its Python worker (`apiKeys`, `packages`, `pythonVersion`, and `error` on failure;
    /// DECISIONS D10), so the answer drops in.
    public func health() -> JSONValue {
        let credentials = ProviderCredentials(environment: environment)
        var providers = JSONObject()
        var apiKeys = JSONObject()
        var warnings: [JSONValue] = []
        for provider in Provider.allCases {
            let key = credentials.apiKey(for: provider)
            if key == nil { warnings.append(.string("\(provider.keyVariables[0]) is not set")) }
            apiKeys[provider.rawValue] = .bool(key != nil)
            providers[provider.rawValue] = .object([
                "apiKey": .bool(key != nil),
                "baseURL": .string(credentials.baseURL(for: provider)),
            ])
        }
        var tokenizer = JSONObject()
        var healthy = true
        switch TokenCounting.cache(environment: environment) {
        case .failure(let error):
            healthy = false
            tokenizer["ok"] = .bool(false)
            tokenizer["error"] = .string(error.description)
        case .success(let cache):
            tokenizer["directory"] = .string(cache.directory)
            var encodings = JSONObject()
            for name in cache.table.encodings.keys.sorted() {
                do {
                    let encoding = try cache.encoding(named: name)
                    encodings[name] = .object(["ok": .bool(true), "tokens": .int(encoding.mergeableTokenCount)])
                } catch {
                    healthy = false
                    encodings[name] = .object(["ok": .bool(false), "error": .string(error.description)])
                }
            }
            tokenizer["ok"] = .bool(healthy)
            tokenizer["encodings"] = .object(encodings)
        }
        var problems: [String] = []
        if !healthy {
            let broken = "tokenizer data is missing or corrupt: OpenAI counts fall back to estimates"
            warnings.append(.string(broken))
            problems.append(broken)
        }
        var models: JSONObject
        switch ModelProfiles.table(environment: environment) {
        case .success(let table):
            models = ["ok": .bool(true), "file": .string(table.shippedFile), "profiles": .int(table.profiles.count)]
            models["overlay"] = table.overlayFile.map(JSONValue.string) ?? .null
        case .failure(let error):
            healthy = false
            models = ["ok": .bool(false), "error": .string(error.description)]
            let unusable = "model profiles unusable: every probe fails validation until fixed"
            warnings.append(.string(unusable))
            problems.append(unusable)
        }
        var answer: JSONObject = [
            "success": .bool(healthy),
            "health": .object([
                "version": .string(ProbeVersion.current),
                "providers": .object(providers),
                "tokenizer": .object(tokenizer),
                "models": .object(models),
                "warnings": .array(warnings),
                "apiKeys": .object(apiKeys),
                "packages": .object(["probe": .string(ProbeVersion.current)]),
                "pythonVersion": .string("none (native probe \(ProbeVersion.current))"),
            ]),
        ]
        if !healthy {
            answer["error"] = ProbeError(code: .unknown, message: problems.joined(separator: "; ")).json
        }
        return .object(answer)
    }

    /// `probe tokens --model M` (SPEC §9): exact for openai models, the estimate otherwise.
    public func countTokens(_ text: String, model: String) -> JSONValue {
        var encodingName: JSONValue = .null
        var exact = false
        var count = TokenCounter.estimate(text)
        if let route = try? Router.route(modelId: model, modelVersion: nil), route.provider == .openai,
           case .success(let cache) = TokenCounting.cache(environment: environment) {
            let name = cache.table.encodingName(forModel: route.modelName)
            if let encoding = try? cache.encoding(named: name) {
                encodingName = .string(name)
                exact = true
                count = encoding.count(text)
            }
        }
        return .object(["model": .string(model), "encoding": encodingName, "tokens": .int(count), "exact": .bool(exact)])
    }
}
