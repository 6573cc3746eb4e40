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
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let value = rest.popFirst() else { usage("\(flag) needs a value") }
            return value
        }
        func number(_ flag: String) -> Int {
            guard let number = Int(value(flag)), number >= 0 else { usage("\(flag) needs a whole number") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--probe": options.probe = value(flag)
            case "--mock": options.mock = value(flag)
            case "--python": options.python = value(flag)
            case "--script": options.script = value(flag)
            case "--probes": options.probes = max(1, number(flag))
            case "--inflight": options.inFlight = max(1, number(flag))
            case "--latency-ms": options.latencyMs = number(flag)
            case "--zero-probes": options.zeroProbes = max(1, number(flag))
            case "--soak": options.soakProbes = max(1, number(flag))
            case "--fault-percent": options.faultPercent = min(100, number(flag))
            case "--sections": options.sections = Set(value(flag).split(separator: ",").map(String.init))
            case "-h", "--help":
                Console.print(usageText)
                exit(0)
            default: usage("unknown argument \(flag)")
            }
        }
        return options
    }

    static func usage(_ problem: String) -> Never {
        Console.error(problem)
        Console.print(usageText)
        exit(64)
    }
}
