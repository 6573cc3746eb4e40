import ProbeTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension StoreBench {
    static let usageText = """
        usage: probe-store-bench --database-url URL [--probe PATH] [--psql PATH] [--probes N]
                                 [--concurrency N] [--turns 1-3] [--connections N] [--rounds N]
                                 [--writes N] [--writers N] [--write-rounds N] [--sections batch,write]
        The database URL may come from DATABASE_URL instead; psql is looked up on PATH.
        """

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let value = rest.popFirst() else { usage("\(flag) needs a value") }
            return value
        }
        func number(_ flag: String, _ range: ClosedRange<Int> = 1...1_000_000) -> Int {
            guard let number = Int(value(flag)), range.contains(number) else {
                usage("\(flag) needs a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--probe": options.probe = value(flag)
            case "--database-url": options.databaseURL = value(flag)
            case "--psql": options.psql = value(flag)
            case "--probes": options.probes = number(flag)
            case "--concurrency": options.concurrency = number(flag, 1...10_000)
            case "--turns": options.turns = number(flag, 1...3)
            case "--connections": options.connections = number(flag, 1...100)
            case "--rounds": options.rounds = number(flag, 1...100)
            case "--writes": options.writes = number(flag)
            case "--writers": options.writers = number(flag, 1...10_000)
            case "--write-rounds": options.writeRounds = number(flag, 1...1000)
            case "--sections": options.sections = Set(value(flag).split(separator: ",").map(String.init))
            case "-h", "--help":
                Console.print(usageText)
                exit(0)
            default: usage("unknown argument \(flag)")
            }
        }
        if options.databaseURL.isEmpty, let url = getenv("DATABASE_URL") { options.databaseURL = String(cString: url) }
        guard !options.databaseURL.isEmpty else { usage("no database: pass --database-url or set DATABASE_URL") }
        if options.psql.isEmpty {
            guard let found = onPath("psql") else { usage("psql not found on PATH (apt-get install postgresql-client)") }
            options.psql = found
        }
        return options
    }

    /// The first executable `name` in a folder of PATH.
    static func onPath(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    static func usage(_ problem: String) -> Never {
        Console.error(problem)
        Console.print(usageText)
        exit(64)
    }
}
