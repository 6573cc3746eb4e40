import ProbeEngine

/// Mutants that do not come from walking a seed: deep nesting, bad UTF-8, blank and huge inputs.
enum BulkMutants {
    static let tenMiB = 10 * 1024 * 1024

    /// Nesting of total depth 64 (accepted), 65, 1000 and 100000 (the top-level object is depth
    /// 1, DECISIONS D1), as arrays, objects and unclosed, in definitionSnapshot, in modelConfig
    /// and at the top level.
    static func nesting(_ seed: JSONValue) -> [Mutant] {
        var mutants: [Mutant] = []
        for depth in [64, 65, 1000, 100_000] {
            let expected = depth > 64 ? Mutant.notJSON : nil
            let inner = depth - 1  // levels below the top-level object
            let arrays = String(repeating: "[", count: inner) + String(repeating: "]", count: inner)
            let objects = String(repeating: "{\"a\":", count: inner) + "1" + String(repeating: "}", count: inner)
            let mixed = String(repeating: "[{\"a\":", count: inner / 2) + "[]" + String(repeating: "}]", count: inner / 2)
            for (shape, raw) in [("arrays", arrays), ("objects", objects), ("mixed", mixed)] {
                let value = seed.replacing(JSONPath(steps: [.key("definitionSnapshot")]), with: .string(Bytes.placeholder))
                mutants.append(Mutant(name: "definitionSnapshot nested \(depth) as \(shape)",
                                      bytes: Bytes.write(value, raw: raw), expectedMessage: expected))
            }
            let config = seed.replacing(JSONPath(steps: [.key("modelConfig")]), with: .string(Bytes.placeholder))
            mutants.append(Mutant(name: "modelConfig nested \(depth)", bytes: Bytes.write(config, raw: objects),
                                  expectedMessage: expected))
            let top = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            mutants.append(Mutant(name: "top-level array nested \(depth)", bytes: Array(top.utf8),
                                  expectedMessage: depth > 64 ? Mutant.notJSON : "input must be a JSON object"))
            mutants.append(Mutant(name: "unclosed nesting \(depth)", bytes: Array(String(repeating: "[", count: depth).utf8),
                                  expectedMessage: Mutant.notJSON))
        }
        return mutants
    }

    /// Ill-formed UTF-8 at the start, between tokens, inside a string and at the end.
    static func invalidUTF8(_ seed: [UInt8]) -> [Mutant] {
        let sequences: [(String, [UInt8])] = [
            ("FF", [0xFF]), ("FE", [0xFE]), ("overlong NUL", [0xC0, 0x80]), ("lone continuation", [0x80]),
            ("truncated 3-byte", [0xE2, 0x82]), ("encoded surrogate", [0xED, 0xA0, 0x80]),
            ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]), ("overlong slash", [0xE0, 0x80, 0xAF]),
        ]
        let insideString = (seed.firstIndex(of: UInt8(ascii: ":")) ?? 0) + 2  // just inside the first string value
        return sequences.flatMap { name, bad -> [Mutant] in
            [
                ("at the start", bad + seed), ("after the brace", [seed[0]] + bad + seed.dropFirst()),
                ("inside a string", Array(seed[..<insideString]) + bad + seed[insideString...]), ("at the end", seed + bad),
            ].map { place, bytes in Mutant(name: "invalid UTF-8 \(name) \(place)", bytes: bytes, expectedMessage: Mutant.notJSON) }
        }
    }

    /// Empty, whitespace-only (ASCII and Unicode), BOMs, and stray non-JSON whitespace.
    static func blankInputs(_ seed: [UInt8]) -> [Mutant] {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let blanks: [(String, [UInt8], String?)] = [
            ("empty", [], "no input provided"),
            ("one space", Array(" ".utf8), "no input provided"),
            ("ASCII whitespace", Array(" \n\t\r\u{0B}\u{0C} ".utf8), "no input provided"),
            ("ideographic space", Array("\u{3000}".utf8), "no input provided"),
            ("NBSP and NEL", Array("\u{A0}\u{85}".utf8), "no input provided"),
            ("line and paragraph separators", Array("\u{2028}\u{2029}\u{202F}\u{205F}".utf8), "no input provided"),
            ("BOM alone", bom, "no input provided"),
            ("BOM then whitespace", bom + Array(" \n".utf8), "no input provided"),
            ("two BOMs", bom + bom, Mutant.notJSON),
            ("BOM then the seed", bom + seed, nil),
            ("two BOMs then the seed", bom + bom + seed, nil),  // SPEC: invalid JSON; pinned in InvalidInputMessageTests
            ("NUL byte", [0], Mutant.notJSON),
            ("NBSP before the seed", Array("\u{A0}".utf8) + seed, Mutant.notJSON),
            ("ideographic space after the seed", seed + Array("\u{3000}".utf8), Mutant.notJSON),
            ("the seed twice", seed + seed, Mutant.notJSON),
            ("a zero-width space", Array("\u{200B}".utf8), Mutant.notJSON),
        ]
        return blanks.map { Mutant(name: $0.0, bytes: $0.1, expectedMessage: $0.2) }
    }

    /// 20 MB strings and inputs just over and at 10 MiB.
    static func oversized(_ seed: JSONValue) -> [Mutant] {
        let twentyMB = String(repeating: "x", count: 20_000_000)
        let prompt = JSONPath(steps: [.key("scenario"), .key("prompt")])
        let snapshot = JSONPath(steps: [.key("definitionSnapshot")])
        let seedBytes = JSONWriter.bytes(seed)
        func padded(to size: Int) -> [UInt8] { seedBytes + [UInt8](repeating: 0x20, count: size - seedBytes.count) }
        return [
            Mutant(name: "20 MB prompt", bytes: JSONWriter.bytes(seed.replacing(prompt, with: .string(twentyMB))),
                   expectedMessage: "input is larger than 10 MiB"),
            Mutant(name: "20 MB definitionSnapshot", bytes: JSONWriter.bytes(seed.replacing(snapshot, with: .string(twentyMB))),
                   expectedMessage: "input is larger than 10 MiB"),
            Mutant(name: "20 MB of spaces", bytes: [UInt8](repeating: 0x20, count: 20_000_000),
                   expectedMessage: "input is larger than 10 MiB"),
            Mutant(name: "11 MiB of brackets", bytes: [UInt8](repeating: UInt8(ascii: "["), count: 11 << 20),
                   expectedMessage: "input is larger than 10 MiB"),
            Mutant(name: "10 MiB + 1 byte", bytes: padded(to: tenMiB + 1), expectedMessage: "input is larger than 10 MiB"),
            Mutant(name: "exactly 10 MiB", bytes: padded(to: tenMiB), expectedMessage: nil),
            Mutant(name: "9 MiB prompt", bytes: JSONWriter.bytes(seed.replacing(prompt, with: .string(String(repeating: "y", count: 9 << 20)))),
                   expectedMessage: nil),
        ]
    }
}
