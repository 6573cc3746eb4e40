#if canImport(Glibc)
    import Glibc
#endif

/// The benchmark programs' command lines: `--flag value` pairs read in order, `-h`/`--help`
/// printing the usage text, and any problem printed with the usage text, exit 64.
public struct Flags {
    private var rest: ArraySlice<String>
    private let usageText: String

    public init(_ arguments: [String], usage: String) {
        rest = arguments[...]
        usageText = usage
    }

    /// The next flag; nil at the end. `-h`/`--help` print the usage text and exit 0.
    public mutating func next() -> String? {
        guard let flag = rest.popFirst() else { return nil }
        if flag == "-h" || flag == "--help" {
            Console.print(usageText)
            exit(0)
        }
        return flag
    }

    /// The value after `flag`.
    public mutating func value(_ flag: String) -> String {
        guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
        return value
    }

    /// The whole number >= 0 after `flag`.
    public mutating func number(_ flag: String) -> Int {
        guard let number = Int(value(flag)), number >= 0 else { fail("\(flag) needs a whole number") }
        return number
    }

    /// The whole number in `range` after `flag`.
    public mutating func number(_ flag: String, in range: ClosedRange<Int>) -> Int {
        guard let number = Int(value(flag)), range.contains(number) else {
            fail("\(flag) needs a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// The comma-separated names after `flag`.
    public mutating func names(_ flag: String) -> Set<String> {
        Set(value(flag).split(separator: ",").map(String.init))
    }

    /// `problem` on stderr, then the usage text on stdout; exit 64.
    public func fail(_ problem: String) -> Never {
        Console.error(problem)
        Console.print(usageText)
        exit(64)
    }
}
