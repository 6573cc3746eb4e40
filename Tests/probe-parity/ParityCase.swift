import Foundation
import ProbeJSON
import ProbeMock

/// One case of `Fixtures/parity/cases`: an input, the environment on top of the mock's, the
/// mock's script, and what the case claims (`expect`), checked on every implementation.
struct ParityCase: Sendable {
    var name: String
    var input: [UInt8]
    var environment: [String: String]
    var script: [MockStep]
    /// Point every base URL at a port where nothing listens.
    var refused: Bool
    var expect: JSONObject

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every `*.json` below `directory`, sorted by path; `fixtures` resolves `file` bodies.
    static func loadAll(from directory: URL, fixtures: URL) throws -> [ParityCase] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw LoadError(description: "cannot list \(directory.path)")
        }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
        return try files.map { try load($0, fixtures: fixtures) }
    }

    static func load(_ file: URL, fixtures: URL) throws -> ParityCase {
        let fail = { (why: String) in LoadError(description: "\(file.lastPathComponent): \(why)") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(try Data(contentsOf: file)), maxDepth: 512)
        } catch {
            throw fail("\(error)")
        }
        guard let object = value.objectValue, let name = object["name"]?.stringValue else { throw fail("needs a name") }
        let input: [UInt8]
        if let inline = object["input"] {
            input = JSONWriter.bytes(inline)
        } else if let text = object["inputText"]?.stringValue {
            input = Array(text.utf8)
        } else if let encoded = object["inputBase64"]?.stringValue, let data = Data(base64Encoded: encoded) {
            input = Array(data)
        } else {
            throw fail("needs input, inputText or inputBase64")
        }
        var environment: [String: String] = [:]
        for (key, value) in object["env"]?.objectValue?.entries ?? [] {
            guard let text = value.stringValue else { throw fail("env.\(key) must be a string") }
            environment[key] = text
        }
        let script: [MockStep]
        do {
            script = try (object["script"]?.arrayValue ?? []).map { step throws(MockStepError) in
                try MockStep.parse(step) { path throws(MockStepError) in
                    guard let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent(path).path) else {
                        throw MockStepError(description: "no fixture file \(path)")
                    }
                    return Array(data)
                }
            }
        } catch {
            throw fail("script: \(error)")
        }
        guard let expect = object["expect"]?.objectValue else { throw fail("needs expect") }
        return ParityCase(name: name, input: input, environment: environment, script: script,
                          refused: object["refused"]?.boolValue == true, expect: expect)
    }
}
