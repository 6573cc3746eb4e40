import ProbeTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension BatchBench {
    static let usageText = """
        usage: probe-batch-bench [--probe PATH] [--mock PATH] [--python PATH] [--script PATH]
                                 [--probes N] [--inflight N] [--latency-ms N] [--zero-probes N]
                                 [--soak N] [--fault-percent P] [--sections latency,python,zero,soak]
        """

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var flags = Flags(arguments, usage: usageText)
        while let flag = flags.next() {
            switch flag {
            case "--probe": options.probe = flags.value(flag)
            case "--mock": options.mock = flags.value(flag)
            case "--python": options.python = flags.value(flag)
            case "--script": options.script = flags.value(flag)
            case "--probes": options.probes = max(1, flags.number(flag))
            case "--inflight": options.inFlight = max(1, flags.number(flag))
            case "--latency-ms": options.latencyMs = flags.number(flag)
            case "--zero-probes": options.zeroProbes = max(1, flags.number(flag))
            case "--soak": options.soakProbes = max(1, flags.number(flag))
            case "--fault-percent": options.faultPercent = min(100, flags.number(flag))
            case "--sections": options.sections = flags.names(flag)
            default: flags.fail("unknown argument \(flag)")
            }
        }
        return options
    }
}
