import Dispatch
import ProbeJSON
import ProbeTestSupport
import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The project's mock provider (`probe-mock`) as a separate process: its port, and its own
/// statistics when stopped.
final class MockProcess: Sendable {
    let port: Int
    private let child: Child
    private let output: Lines

    /// The mock's stdout lines, read on a background thread.
    final class Lines: Sendable {
        let lines = Mutex<[[UInt8]]>([])
        let first = DispatchSemaphore(value: 0)
        let ended = DispatchSemaphore(value: 0)

        func add(_ line: [UInt8]) {
            let isFirst = lines.withLock { lines in
                lines.append(line)
                return lines.count == 1
            }
            if isFirst { first.signal() }
        }
    }

    init?(path: String, latencyMs: Int, faultPercent: Int = 0) {
        let argv = [path, "--latency-ms", "\(latencyMs)", "--fault-percent", "\(faultPercent)", "--seed", "7"]
        guard let child = Child(argv, environment: [:]) else { return nil }
        self.child = child
        let output = Lines()
        self.output = output
        DetachedThread.run {
            child.readLines { output.add($0) }
            output.first.signal()
            output.ended.signal()
        }
        output.first.wait()
        let first = output.lines.withLock { $0.first }
        guard let first, case .object(let object)? = try? JSONParser.parse(first),
              let port = object["port"]?.numberValue?.intValue else {
            Console.error("probe-mock did not print its port")
            child.signal(SIGKILL)
            return nil
        }
        self.port = port
    }

    /// CPU time the mock used so far.
    var cpuSeconds: Double {
        ProcessSnapshot.of(child.pid)?.cpuSeconds ?? .nan
    }

    /// Stops the mock; returns the statistics line it printed, parsed.
    func stop() -> JSONObject {
        child.signal(SIGTERM)
        output.ended.wait()
        _ = child.wait()
        let last = output.lines.withLock { $0.count > 1 ? $0.last : nil }
        guard let last, case .object(let stats)? = try? JSONParser.parse(last) else { return [:] }
        return stats
    }
}
