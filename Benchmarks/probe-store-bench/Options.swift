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
        var flags = Flags(arguments, usage: usageText)
        while let flag = flags.next() {
            switch flag {
            case "--probe": options.probe = flags.value(flag)
            case "--database-url": options.databaseURL = flags.value(flag)
            case "--psql": options.psql = flags.value(flag)
            case "--probes": options.probes = flags.number(flag, in: 1...1_000_000)
            case "--concurrency": options.concurrency = flags.number(flag, in: 1...10_000)
            case "--turns": options.turns = flags.number(flag, in: 1...3)
            case "--connections": options.connections = flags.number(flag, in: 1...100)
            case "--rounds": options.rounds = flags.number(flag, in: 1...100)
            case "--writes": options.writes = flags.number(flag, in: 1...1_000_000)
            case "--writers": options.writers = flags.number(flag, in: 1...10_000)
            case "--write-rounds": options.writeRounds = flags.number(flag, in: 1...1000)
            case "--sections": options.sections = flags.names(flag)
            default: flags.fail("unknown argument \(flag)")
            }
        }
        if options.databaseURL.isEmpty, let url = getenv("DATABASE_URL") { options.databaseURL = String(cString: url) }
        guard !options.databaseURL.isEmpty else { flags.fail("no database: pass --database-url or set DATABASE_URL") }
        if options.psql.isEmpty {
            guard let found = onPath("psql") else { flags.fail("psql not found on PATH (apt-get install postgresql-client)") }
            options.psql = found
        }
        return options
    }

    /// The first executable `name` in a folder of PATH.
    static func onPath(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }
}
