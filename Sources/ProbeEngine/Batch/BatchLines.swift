/// `probe batch`'s stdin and `--resume` file, read as lines (SPEC §9, DECISIONS D11).
public enum BatchLines {
    /// One input a line, indexed by line number from 0; blank lines are skipped but keep their
    /// number. A last line without `\n` counts.
    public static func inputs(from bytes: [UInt8]) -> [BatchInput] {
        var inputs: [BatchInput] = []
        for (index, line) in lines(of: bytes).enumerated() where !isBlank(line) {
            inputs.append(BatchInput(index: index, json: line))
        }
        return inputs
    }

    /// The `\n`-separated lines of `bytes`; a last line without `\n` counts (after a final `\n`
    /// there is one empty line, which both readers ignore).
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    /// Empty or SPEC's whitespace only (ASCII checked without decoding).
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0B && $0 != 0x0C }) else {
            return true
        }
        return first >= 0x80 && Whitespace.isBlank(String(decoding: line, as: UTF8.self))
    }
}

/// `--resume FILE`: which inputs an earlier run already finished successfully.
public enum BatchResume {
    /// What to run after an earlier run's output.
    public struct Plan: Sendable {
        /// The inputs still to run (no success line for them, or one for another probe).
        public var inputs: [BatchInput]
        /// How many inputs were skipped: their success line is in the file.
        public var skipped: Int
        /// Indices whose success line names other ids than the input now at that index (run again).
        public var mismatched: [Int]
    }

    /// The success lines of an earlier `probe batch` output, by index, with their ids. Lines
    /// that are not JSON objects (a line cut short by a crash), failures, and progress or
    /// summary objects are ignored.
    public static func successes(in bytes: [UInt8]) -> [Int: BatchIdentity] {
        var found: [Int: BatchIdentity] = [:]
        for line in BatchLines.lines(of: bytes) {
            guard let object = (try? JSONParser.parse(Array(line), maxDepth: 1024))?.objectValue,
                  object["type"] == nil, object["success"]?.boolValue == true,
                  let index = object["index"]?.numberValue?.intValue, index >= 0 else { continue }
            found[index] = BatchIdentity(object: object)
        }
        return found
    }

    /// `inputs` without those that `previous` (an earlier run's stdout) shows succeeded. An
    /// input is skipped only when the success line at its index carries the same runId,
    /// scenarioId and modelId, so a changed input file never skips the wrong probe.
    public static func plan(_ inputs: [BatchInput], previous: [UInt8]) -> Plan {
        let done = successes(in: previous)
        var plan = Plan(inputs: [], skipped: 0, mismatched: [])
        for input in inputs {
            guard let identity = done[input.index] else {
                plan.inputs.append(input)
                continue
            }
            let current = input.identity
            if current == identity {
                plan.skipped += 1
            } else {
                plan.inputs.append(input)
                plan.mismatched.append(input.index)
            }
        }
        return plan
    }
}
