/// Counts tokens for SPEC §7: exact for openai models when a BPE counter is available, the
/// code-point estimate otherwise. The one function the engine calls.
public struct TokenCounter: Sendable {
    /// Exact counting for an openai model name; nil when the vocabulary is unavailable.
    public typealias ExactCount = @Sendable (_ modelName: String, _ text: String) -> Int?

    private let exact: ExactCount?

    /// A counter using `exact` for openai models.
    public init(exact: ExactCount?) {
        self.exact = exact
    }

    /// 0 when empty, else max(1, ⌊code points / 4⌋).
    public static func estimate(_ text: String) -> Int {
        if text.isEmpty { return 0 }
        return max(1, text.unicodeScalars.count / 4)
    }

    /// The count of `text` for a model on `route`.
    public func count(_ text: String, route: Route) -> Int {
        if route.provider == .openai, let exact, let counted = exact(route.modelName, text) {
            return counted
        }
        return Self.estimate(text)
    }

    /// False when `route` is an openai model whose exact counter is unavailable (vocabulary
    /// missing or corrupt): its counts are then estimates (DECISIONS D7).
    public func isExact(for route: Route) -> Bool {
        route.provider != .openai || exact?(route.modelName, "") != nil
    }

    /// An input count: the sum over every message of the request, with no chat overhead.
    public func count(messages: [ChatMessage], route: Route) -> Int {
        messages.reduce(0) { $0 + count($1.content, route: route) }
    }
}
