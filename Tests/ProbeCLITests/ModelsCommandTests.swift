import ProbeEngine
import ProbeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `probe models` and `PROBE_MODELS_FILE` through the binary (DECISIONS D14).
@Suite("probe models")
struct ModelsCommandTests {
    static func probe(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:]) async throws -> ProcessResult {
        await Subprocess.run(try ProbeBinary.path.get(), arguments: arguments,
                             environment: ["PROBE_LOG_LEVEL": "error"].merging(environment) { $1 }, stdin: stdin)
    }

    static func lines(_ result: ProcessResult) -> [JSONValue] {
        result.stdout.split(separator: 0x0A).compactMap { try? JSONParser.parse(Array($0)) }
    }

    @Test("without a terminal: one JSON line a profile, each provider's default among them")
    func listsTheProfilesAsJSONLines() async throws {
        let result = try await Self.probe(["models"])
        #expect(result.exitStatus == 0, "\(result.summary)")
        let profiles = Self.lines(result)
        #expect(profiles.count > 60)
        let defaults = profiles.filter { $0["prefix"] == .string("") }.compactMap { $0["provider"]?.stringValue }
        #expect(Set(defaults) == Set(Provider.allCases.map(\.rawValue)))
    }

    @Test("probe models claude-opus-4-7: the profile and a body without temperature")
    func showsOneModel() async throws {
        let result = try await Self.probe(["models", "claude-opus-4-7"])
        #expect(result.exitStatus == 0, "\(result.summary)")
        let value = try #require(Self.lines(result).first)
        #expect(value["profile"]?["prefix"] == .string("claude-opus-4-7"))
        #expect(value["profile"]?["reasoning"] == .string("anthropic-adaptive"))
        #expect(value["request"]?["body"]?["temperature"] == nil)
        #expect(value["request"]?["body"]?["max_tokens"] == .int(1024))
        #expect(value["parameters"]?["dropped"]?.arrayValue?.first?["name"] == .string("temperature"))
    }

    @Test("an unknown model: the routing error, exit 0")
    func unknownModel() async throws {
        let result = try await Self.probe(["models", "llama-3"])
        #expect(Self.lines(result).first?["error"]?["code"] == .string("UNSUPPORTED_PROVIDER"), "\(result.summary)")
    }

    @Test("a bad PROBE_MODELS_FILE: exit 64 naming the file, the entry and the field, before any input is read",
          arguments: [["models"], ["run"], ["validate"], ["batch"]])
    func badOverlayIsAUsageError(arguments: [String]) async throws {
        let path = "/tmp/probe-models-cli-\(getpid())-\(arguments[0]).json"
        let file = fopen(path, "w")
        fputs(#"{"profiles": [{"provider": "mistral", "prefix": "my-model"}]}"#, file)
        fclose(file)
        defer { unlink(path) }
        let input = Array(#"{"runId":"r","scenarioId":"s","modelId":"gpt-4o","scenario":{"prompt":"p"},"config":{}}"#.utf8)
        let result = try await Self.probe(arguments, stdin: input, environment: ["PROBE_MODELS_FILE": path])
        #expect(result.exitStatus == 64, "\(result.summary)")
        #expect(result.stdout.isEmpty, "\(result.summary)")
        #expect(result.stderrText.contains(#"model profiles file \#(path): profiles[0] (mistral "my-model"): limitFields is required"#),
                "\(result.summary)")
    }
}
