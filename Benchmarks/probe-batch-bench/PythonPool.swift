import Dispatch
import ProbeJSON
import ProbeMock
import ProbeTestSupport
import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The old orchestration: one Python worker process per probe (`python probe.py`, the input
/// on stdin, one output on stdout), `parallel` of them at a time.
struct PythonPool {
    struct Result {
        var wallMs = 0.0
        var successes = 0
        var failures = 0
        var turns = 0
        var cpuSeconds = 0.0
    }

    var interpreter: String
    var script: String
    var environment: [String: String]
    var count: Int
    var parallel: Int

    func run() -> Result {
        let next = Atomic<Int>(0)
        let total = Mutex(Result())
        let group = DispatchGroup()
        let start = Clock.ms()
        for _ in 0..<min(parallel, count) {
            group.enter()
            DetachedThread.run { [self] in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    let one = runOne(index)
                    total.withLock { total in
                        total.successes += one.success ? 1 : 0
                        total.failures += one.success ? 0 : 1
                        total.turns += one.turns
                        total.cpuSeconds += one.cpuSeconds
                    }
                }
                group.leave()
            }
        }
        group.wait()
        var result = total.withLock { $0 }
        result.wallMs = Clock.ms() - start
        return result
    }

    private func runOne(_ index: Int) -> (success: Bool, turns: Int, cpuSeconds: Double) {
        guard let child = Child([interpreter, script], environment: environment) else { return (false, 0, 0) }
        child.feed(MockWorkload.batchBench.line(index), closeAfter: true)
        var output: [UInt8] = []
        child.readLines { output += $0 }
        let ended = child.wait()
        let cpu = BatchRun.seconds(ended.usage.ru_utime) + BatchRun.seconds(ended.usage.ru_stime)
        guard case .object(let object)? = try? JSONParser.parse(output), object["success"]?.boolValue == true else {
            return (false, 0, cpu)
        }
        return (true, object["transcript"]?["turns"]?.arrayValue?.count ?? 0, cpu)
    }
}
