import ProbeJSON
import ProbeMock
import ProbeTestSupport
import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// probe-mock [--latency-ms N] [--fault-percent P] [--seed S] [--port N] [--refuse-field NAME]
//
// The six-provider mock (ProbeMock) as a process of its own, for load tests: generated success
// replies after `latency-ms`, `fault-percent` of requests faulted (seeded, reproducible).
// Prints `{"port":N}` once listening; `GET /__stats` gives the counters; SIGTERM, SIGINT or
// end of stdin print the counters as one line and exit 0.

/// Writes all of `text` to `fd` (unbuffered: nothing is left in a stdio buffer at exit).
func emit(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return }
        bytes = bytes.dropFirst(count)
    }
}

struct Options {
    var latencyMs = 0
    var faultPercent = 0.0
    var seed: UInt64 = 1
    var port: UInt16 = 0
    /// A top-level request field answered with 400 unsupported_parameter (DECISIONS D4).
    var refuseField: String?
}

func usage(_ message: String) -> Never {
    let text = "probe-mock: \(message)\nusage: probe-mock [--latency-ms N] [--fault-percent P] [--seed S] [--port N] [--refuse-field NAME]\n"
    emit(text, to: 2)
    exit(64)
}

func parseOptions(_ arguments: [String]) -> Options {
    var options = Options()
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        if flag == "--help" || flag == "-h" { usage("a mock of the six provider APIs on 127.0.0.1") }
        guard let value = rest.popFirst() else { usage("\(flag) needs a value") }
        switch flag {
        case "--latency-ms":
            guard let ms = Int(value), ms >= 0 else { usage("--latency-ms must be an integer >= 0") }
            options.latencyMs = ms
        case "--fault-percent":
            guard let percent = Double(value), (0...100).contains(percent) else { usage("--fault-percent must be 0...100") }
            options.faultPercent = percent
        case "--seed":
            guard let seed = UInt64(value) else { usage("--seed must be an unsigned integer") }
            options.seed = seed
        case "--port":
            guard let port = UInt16(value) else { usage("--port must be 0...65535") }
            options.port = port
        case "--refuse-field":
            options.refuseField = value
        default:
            usage("unknown option \(flag)")
        }
    }
    return options
}

/// Prints the counters once, then exits 0 (whichever of signal and end of stdin comes first).
final class Finisher: Sendable {
    let mock: ProviderMock
    let done = Mutex(false)

    init(mock: ProviderMock) {
        self.mock = mock
    }

    func finish() -> Never {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        if first {
            emit(JSONWriter.string(mock.stats) + "\n", to: 1)
            exit(0)
        }
        while true { pause() }
    }
}

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))

// Block the stop signals in every thread (threads inherit the mask); the main thread waits for them.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGTERM)
sigaddset(&stopSignals, SIGINT)
pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
signal(SIGPIPE, SIG_IGN)

let mock: ProviderMock
do {
    let faults = options.faultPercent > 0 ? FaultPlan(percent: options.faultPercent, seed: options.seed) : nil
    mock = try ProviderMock(latencyMs: options.latencyMs, faults: faults, port: options.port,
                            recordsRequests: false, idleSeconds: 3600, refusedField: options.refuseField)
} catch {
    emit("probe-mock: cannot listen: \(error)\n", to: 2)
    exit(1)
}
let finisher = Finisher(mock: mock)
emit("{\"port\":\(mock.port)}\n", to: 1)

DetachedThread.run {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        if count <= 0 { finisher.finish() }
    }
}

var received: Int32 = 0
while sigwait(&stopSignals, &received) != 0 {}
finisher.finish()
