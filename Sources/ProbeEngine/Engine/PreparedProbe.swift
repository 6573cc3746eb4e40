import ProbeProviders
import ProbeTransport

/// A validated input with everything resolved that can fail before any provider is called:
/// routing, provider limits, the API key (SPEC §1's order after validation).
struct PreparedProbe: Sendable {
    let input: ProbeInput
    let route: Route
    /// The model's profile and what it made of the settings (DECISIONS D14).
    let profile: ModelProfile
    /// What goes on the wire; a refused parameter is dropped from it during the run (D4).
    var plan: ParameterPlan
    /// The settings on the wire (`plan.settings`).
    var settings: ModelSettings { plan.settings }
    let apiKey: String
    let keyVariable: String
    let baseURL: String
    /// Ignored modelConfig values, for warn logs.
    let warnings: [String]

    /// Under replay a missing key is no error: `replayKey` stands in, and it is never sent
    /// anywhere (DECISIONS D13).
    static let replayKey = "replay-no-key"

    static func prepare(_ input: ProbeInput, credentials: ProviderCredentials,
                        replaying: Bool = false) throws(ProbeError) -> PreparedProbe {
        let route = try Router.route(modelId: input.modelId, modelVersion: input.modelVersion)
        if route.provider == .anthropic && input.config.temperature.double > 1 {
            throw .validation("config.temperature must be between 0 and 1 for anthropic")
        }
        let resolved = ModelConfigResolver.resolve(config: input.config, modelConfig: input.modelConfig, provider: route.provider)
        // Loaded here, after validation: an input that fails validation never pays for the table.
        let profile = try profile(for: route, environment: credentials.environment)
        let plan = ParameterPlan.make(profile: profile, modelName: route.modelName, settings: resolved.settings,
                                      maxTokensExplicit: resolved.maxTokensExplicit)
        let variable = route.provider.keyVariables[0]
        guard let key = credentials.apiKey(for: route.provider) ?? (replaying ? (replayKey, variable) : nil) else {
            throw ProbeError(code: .missingAPIKey, message: "\(variable) is not set")
        }
        return PreparedProbe(
            input: input, route: route, profile: profile, plan: plan, apiKey: key.value,
            keyVariable: key.variable, baseURL: credentials.baseURL(for: route.provider), warnings: resolved.warnings
        )
    }

    /// The profile of the route's model; a profile file that cannot be used is a validation
    /// error naming the file, the entry and the field.
    static func profile(for route: Route, environment: [String: String]) throws(ProbeError) -> ModelProfile {
        switch ModelProfiles.table(environment: environment) {
        case .failure(let error):
            throw .validation(error.description)
        case .success(let table):
            guard let profile = table.profile(provider: route.provider, modelName: route.modelName) else {
                throw .validation("model profiles file \(table.shippedFile): no profile for \(route.provider.rawValue) '\(route.modelName)'")
            }
            return profile
        }
    }

    /// The labelled prompts to send, in order, at most maxTurns (SPEC §3).
    var plannedTurns: [(label: String, prompt: String)] {
        var plan: [(label: String, prompt: String)] = [("scenario_prompt", input.scenario.prompt)]
        for (position, followup) in input.scenario.followups.enumerated() where !Whitespace.isBlank(followup.prompt) {
            guard plan.count < input.config.maxTurns else { break }
            let label = followup.label.flatMap { $0.isEmpty ? nil : $0 } ?? "followup_\(position + 1)"
            plan.append((label, followup.prompt))
        }
        return plan
    }

    /// The conversation's opening: the system message when the preamble is not blank.
    var openingMessages: [ChatMessage] {
        Whitespace.isBlank(input.scenario.preamble) ? [] : [ChatMessage(role: .system, content: input.scenario.preamble)]
    }

    /// The provider request for `messages`.
    func request(messages: [ChatMessage]) -> ProviderRequest {
        let call = ProviderCall(route: route, messages: messages, settings: settings, apiKey: apiKey, baseURL: baseURL)
        return Providers.adapter(for: route.provider, responsesAPI: plan.endpoint == .responses).buildRequest(call)
    }
}

extension PreparedProbe {
    /// The wire form of the request for `messages`, with the provider and the path relative
    /// to the base URL (what cassettes match on, DECISIONS D13).
    func httpRequest(messages: [ChatMessage]) -> HTTPRequest {
        let request = self.request(messages: messages)
        return HTTPRequest(url: request.url, headers: request.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                           body: JSONWriter.bytes(request.body), provider: route.provider.rawValue,
                           endpointPath: Providers.endpointPath(url: request.url, baseURL: baseURL))
    }
}
