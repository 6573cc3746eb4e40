import ProbeCore
import ProbeProviders
import Testing

@Test(arguments: [
    (Provider.openai, "https://api.openai.com/v1/chat/completions"),
    (.anthropic, "https://api.anthropic.com/v1/messages"),
    (.google, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"),
    (.xai, "https://api.x.ai/v1/chat/completions"),
    (.deepseek, "https://api.deepseek.com/chat/completions"),
    (.mistral, "https://api.mistral.ai/v1/chat/completions"),
])
func everyProviderPostsToItsDocumentedPath(provider: Provider, url: String) {
    #expect(request(call(provider, model: "gemini-2.5-flash")).url == url)
}

@Test(arguments: Provider.allCases)
func trailingSlashesOnTheBaseURLAreDropped(provider: Provider) {
    let plain = request(call(provider, model: "m")).url
    let slashed = request(call(provider, model: "m", baseURL: provider.defaultBaseURL + "/")).url
    let doubled = request(call(provider, model: "m", baseURL: provider.defaultBaseURL + "//")).url
    #expect(slashed == plain)
    #expect(doubled == plain)
}

@Test func customBaseURLIsUsedAsGiven() {
    let built = request(call(.deepseek, model: "deepseek-chat", baseURL: "http://127.0.0.1:8080/proxy/"))
    #expect(built.url == "http://127.0.0.1:8080/proxy/chat/completions")
}

@Test(arguments: Provider.allCases)
func apiKeyTravelsOnlyInHeaders(provider: Provider) {
    let key = "secret-key-\(provider.rawValue)"
    let built = request(call(provider, model: "some-model", apiKey: key))
    #expect(!built.url.contains(key))
    #expect(!JSONWriter.string(built.body).contains(key))
    #expect(built.headers.contains { $0.value.contains(key) })
}

@Test(arguments: [Provider.openai, .xai, .deepseek, .mistral])
func openAICompatibleHeadersAreContentTypeAndBearer(provider: Provider) {
    let headers = request(call(provider, model: "m", apiKey: "K")).headers
    #expect(headers.map(\.name) == ["Content-Type", "Authorization"])
    #expect(headers.map(\.value) == ["application/json", "Bearer K"])
}

@Test func anthropicHeadersCarryKeyAndVersion() {
    let headers = request(call(.anthropic, model: "claude-3-5-haiku-latest", apiKey: "K")).headers
    #expect(headers.map(\.name) == ["Content-Type", "x-api-key", "anthropic-version"])
    #expect(headers.map(\.value) == ["application/json", "K", "2023-06-01"])
}

@Test func googleHeadersCarryTheKey() {
    let headers = request(call(.google, model: "gemini-2.0-flash", apiKey: "K")).headers
    #expect(headers.map(\.name) == ["Content-Type", "x-goog-api-key"])
    #expect(headers.map(\.value) == ["application/json", "K"])
}

@Test(arguments: [
    ("gemini-1.5-pro-002", "gemini-1.5-pro-002"),
    ("tunedModels/my model", "tunedModels%2Fmy%20model"),
    ("a:b@c~d_e.f-g", "a:b@c~d_e.f-g"),
    ("gemini?x=1&y#z", "gemini%3Fx%3D1%26y%23z"),
    ("modèle", "mod%C3%A8le"),
    ("100%", "100%25"),
    ("😀", "%F0%9F%98%80"),
])
func googleModelIsPercentEncodedInThePath(model: String, segment: String) {
    let built = request(call(.google, model: model, baseURL: "https://g.example/v1beta/"))
    #expect(built.url == "https://g.example/v1beta/models/\(segment):generateContent")
}

@Test(arguments: Provider.allCases)
func adapterTableReturnsAnAdapterPerProvider(provider: Provider) {
    let built = Providers.adapter(for: provider).buildRequest(call(provider, model: "x"))
    #expect(built.headers.first?.name == "Content-Type")
}

@Test(arguments: [
    (Provider.openai, "/chat/completions"), (.anthropic, "/v1/messages"),
    (.google, "/models/gemini-2.5-flash:generateContent"), (.xai, "/chat/completions"),
    (.deepseek, "/chat/completions"), (.mistral, "/chat/completions"),
])
func theEndpointPathIsTheURLBelowTheBaseWhateverTheBase(provider: Provider, path: String) {
    for base in [provider.defaultBaseURL, provider.defaultBaseURL + "/", "http://127.0.0.1:9/\(provider.rawValue)/v1//"] {
        let built = request(call(provider, model: "gemini-2.5-flash", baseURL: base))
        #expect(Providers.endpointPath(url: built.url, baseURL: base) == path)
    }
}
