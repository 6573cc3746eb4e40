import ProbeEngine
import ProbeTestSupport

/// One generated bad (or oddly good) input.
struct Mutant: Sendable, CustomStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// The validation message this input must get, when the mutation decides it.
    var expectedMessage: String?

    var description: String {
        let preview = String(decoding: bytes.prefix(120), as: UTF8.self)
        return "\(name) (\(bytes.count) bytes: \(preview)\(bytes.count > 120 ? "…" : ""))"
    }

    static let notJSON = "input is not valid JSON"
}

/// Generates the mutants deterministically from the seeds and one PRNG seed.
struct MutantCatalog {
    /// Valid JSON values of every type, for the wrong-type mutations.
    static let typeTokens = [
        "null", "true", "false", "0", "-1", "-0", "1.5", "1e3", "1024.0", "2147483648", "2147483647",
        "1e308", "-1e-320", "\"\"", "\"  \"", "\"x\"", "\"5\"", "[]", "{}", "[null]", "{\"prompt\":1}",
    ]
    /// Tokens that make any document invalid JSON (SPEC §1), wherever they stand.
    static let poisonTokens = [
        "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud800\"",
        "01", "+1", ".5", "1.", "0x10", "tru", "nul", "'x'", "\"\\x41\"", "\"\\u12\"", "\"tab\there\"", "[1,]", "{\"a\":1,}",
    ]

    let seeds: [(name: String, bytes: [UInt8], value: JSONValue)]
    var random: SeededRandom

    init(seeds: [(name: String, bytes: [UInt8], value: JSONValue)], prngSeed: UInt64) {
        self.seeds = seeds
        self.random = SeededRandom(seed: prngSeed)
    }

    /// Every mutant, in a fixed order.
    mutating func all() -> [Mutant] {
        var mutants: [Mutant] = []
        for seed in seeds {
            mutants += truncations(seed, everyPosition: seed.name == "anthropic-minimal")
            mutants += wrongTypes(seed)
            mutants += poisons(seed)
            mutants += deletions(seed)
            mutants += duplicateKeys(seed)
            mutants += byteEdits(seed, count: 75)
        }
        mutants += BulkMutants.nesting(seeds[0].value)
        mutants += BulkMutants.invalidUTF8(seeds[0].bytes)
        mutants += BulkMutants.blankInputs(seeds[1].bytes)
        mutants += BulkMutants.oversized(seeds[1].value)
        return mutants
    }

    /// Proper prefixes: every one for a small seed, else those cut just before or after a
    /// structural byte, a digit, an escape or a multi-byte character, sampled.
    mutating func truncations(_ seed: (name: String, bytes: [UInt8], value: JSONValue), everyPosition: Bool) -> [Mutant] {
        let bytes = seed.bytes
        var cuts = Array(0..<bytes.count)
        if !everyPosition {
            let interesting = cuts.filter { index in
                let byte = bytes[index]
                return byte >= 0x80 || Array("{}[]:,\"\\0123456789.-+eE".utf8).contains(byte)
            }
            cuts = random.sample(interesting, count: 70)
        }
        return cuts.map { cut in
            let prefix = Array(bytes[..<cut])
            let blank = prefix.allSatisfy { $0 == 0x20 }
            return Mutant(name: "\(seed.name) cut at \(cut)", bytes: prefix,
                          expectedMessage: blank ? "no input provided" : Mutant.notJSON)
        }
    }

    /// Every member and element replaced by `null` and by four sampled values of other types.
    mutating func wrongTypes(_ seed: (name: String, bytes: [UInt8], value: JSONValue)) -> [Mutant] {
        var mutants: [Mutant] = []
        for path in JSONPath.all(in: seed.value) {
            for token in ["null"] + random.sample(Array(Self.typeTokens.dropFirst()), count: 4) {
                let value = seed.value.replacing(path, with: .string(Bytes.placeholder))
                mutants.append(Mutant(name: "\(seed.name) \(path) = \(token)",
                                      bytes: Bytes.write(value, raw: token), expectedMessage: nil))
            }
        }
        return mutants
    }

    /// A poison token at every path (cycling through the tokens, so each appears).
    mutating func poisons(_ seed: (name: String, bytes: [UInt8], value: JSONValue)) -> [Mutant] {
        JSONPath.all(in: seed.value).enumerated().map { position, path in
            let token = Self.poisonTokens[position % Self.poisonTokens.count]
            let value = seed.value.replacing(path, with: .string(Bytes.placeholder))
            return Mutant(name: "\(seed.name) \(path) = \(token)", bytes: Bytes.write(value, raw: token),
                          expectedMessage: Mutant.notJSON)
        }
    }

    /// Each member and element removed.
    func deletions(_ seed: (name: String, bytes: [UInt8], value: JSONValue)) -> [Mutant] {
        JSONPath.all(in: seed.value).map { path in
            Mutant(name: "\(seed.name) without \(path)", bytes: JSONWriter.bytes(seed.value.replacing(path, with: nil)),
                   expectedMessage: nil)
        }
    }

    /// Each top-level key repeated with a wrong value, before the original (the last one wins:
    /// the seed's own value) and after it (the wrong value wins).
    mutating func duplicateKeys(_ seed: (name: String, bytes: [UInt8], value: JSONValue)) -> [Mutant] {
        guard let object = seed.value.objectValue else { return [] }
        let body = seed.bytes.dropFirst().dropLast()  // between the outer braces
        return object.keys.flatMap { key -> [Mutant] in
            let token = random.pick(Self.typeTokens) ?? "null"
            let member = JSONWriter.bytes(.string(key)) + Array(":\(token)".utf8)
            return [
                Mutant(name: "\(seed.name) \(key) = \(token) then the original",
                       bytes: Array("{".utf8) + member + Array(",".utf8) + body + Array("}".utf8), expectedMessage: nil),
                Mutant(name: "\(seed.name) original then \(key) = \(token)",
                       bytes: Array("{".utf8) + body + Array(",".utf8) + member + Array("}".utf8), expectedMessage: nil),
            ]
        }
    }

    /// One to four random byte flips, insertions and deletions.
    mutating func byteEdits(_ seed: (name: String, bytes: [UInt8], value: JSONValue), count: Int) -> [Mutant] {
        (0..<count).map { number in
            var bytes = seed.bytes
            var edits: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                let byte = UInt8.random(in: 0...255, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                    edits.append("flip@\(index)")
                case 1:
                    bytes.insert(byte, at: index)
                    edits.append("insert \(byte)@\(index)")
                default:
                    bytes.remove(at: index)
                    edits.append("delete@\(index)")
                }
            }
            return Mutant(name: "\(seed.name) edit #\(number) \(edits.joined(separator: ","))", bytes: bytes,
                          expectedMessage: nil)
        }
    }
}
