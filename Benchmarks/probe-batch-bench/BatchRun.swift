import ProbeJSON
import ProbeMock

#if canImport(Glibc)
    import Glibc
#endif

/// One `probe batch` process over generated inputs: its output lines tallied, its threads and
/// memory sampled.
struct BatchRun {
    struct Result {
        var wallMs = 0.0
        var exitStatus: Int32 = -1
        var cpuSeconds = 0.0
        var peakRSSKiB = 0
        var maxThreads = 0
        var outputs = 0
        var uniqueIndexes = 0
        var successes = 0
        var turns = 0
        var codes: [String: Int] = [:]
        var unparsable = 0
    }

    var probePath: String
    var arguments: [String]
    var environment: [String: String]
    var count: Int

    func run() -> Result? {
        let input = MockWorkload.batchBench.lines(count)
        guard let child = Child([probePath, "batch"] + arguments, environment: environment) else { return nil }
        let sampler = Sampler(pid: child.pid)
        child.feed(input, closeAfter: true)
        var result = Result()
        var seen = Set<Int>()
        child.readLines { line in
            result.outputs += 1
            tally(line, into: &result, seen: &seen)
        }
        let maxima = sampler.stop()
        let ended = child.wait()
        result.wallMs = ended.wallMs
        result.exitStatus = ended.status
        result.cpuSeconds = Self.seconds(ended.usage.ru_utime) + Self.seconds(ended.usage.ru_stime)
        result.peakRSSKiB = max(maxima.rssKiB, Int(ended.usage.ru_maxrss))
        result.maxThreads = maxima.threads
        result.uniqueIndexes = seen.count
        return result
    }

    private func tally(_ line: [UInt8], into result: inout Result, seen: inout Set<Int>) {
        guard case .object(let object)? = try? JSONParser.parse(line) else {
            result.unparsable += 1
            return
        }
        if let index = object["index"]?.numberValue?.intValue { seen.insert(index) }
        if object["success"]?.boolValue == true {
            result.successes += 1
            result.turns += object["transcript"]?["turns"]?.arrayValue?.count ?? 0
        } else {
            let code = object["error"]?["code"]?.stringValue ?? "?"
            result.codes[code, default: 0] += 1
            result.turns += object["partialTranscript"]?["turns"]?.arrayValue?.count ?? 0
        }
    }

    static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }
}
