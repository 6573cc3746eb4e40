import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT/SIGTERM into a callback instead of death, so the binary can still print the
/// probe's output (`CANCELLED`, with the paid-for turns) before it exits.
public final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// Calls `handler` with the signal number each time one of `signals` arrives.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable (Int32) -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
