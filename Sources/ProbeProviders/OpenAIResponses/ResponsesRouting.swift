/// Which OpenAI models are asked through the Responses API (`POST /v1/responses`) instead of
/// chat completions (DECISIONS D15). These models exist only there: chat completions answers
/// them 404 "This model is only supported in v1/responses".
public enum ResponsesRouting {
    /// Case-sensitive prefixes of the model name sent (snapshots such as `o3-pro-2025-06-10`
    /// included). To be replaced by the model profile's `endpoint` field.
    public static let prefixes = ["o1-pro", "o3-pro", "gpt-5-pro"]

    /// Whether an openai model named `modelName` is asked through the Responses API.
    public static func usesResponses(_ modelName: String) -> Bool {
        prefixes.contains { modelName.hasPrefix($0) }
    }
}
