import ProbeEngine
import Synchronization

/// `probe batch`'s stderr: on a terminal a one-line bar redrawn in place, otherwise
/// `{"type":"progress",...}` lines at most once a second; a final progress line and the
/// `{"type":"summary",...}` line at the end either way.
final class BatchProgress: Sendable {
    private struct State {
        var tally: BatchTally
        var lastShown: ContinuousClock.Instant?
    }

    let onTerminal: Bool
    /// The bar's width, read once from `COLUMNS`.
    private let columns = BatchProgress.columns
    private let state: Mutex<State>
    private let started = ContinuousClock.now

    /// `total` nil: not known yet (stdin is still open); `setTotal` gives it once known.
    init(total: Int?, onTerminal: Bool) {
        self.onTerminal = onTerminal
        state = Mutex(State(tally: BatchTally(total: total)))
    }

    /// Counts a finished input and shows progress when it is due.
    func add(_ output: ProbeOutput) {
        show(force: false) { $0.add(output) }
    }

    /// The number of inputs, known once stdin has ended.
    func setTotal(_ total: Int) {
        state.withLock { $0.tally.total = total }
    }

    /// Shows progress when it is due (called by a timer, so rate and ETA move while nothing finishes).
    func tick() {
        show(force: false) { _ in }
    }

    /// The last progress and the summary.
    func finish(skipped: Int, signal: String?) {
        show(force: true) { _ in }
        let tally = state.withLock { $0.tally }
        if onTerminal { StandardIO.writeStderr("\n") }
        var line = JSONWriter.bytes(tally.summaryJSON(elapsed: ContinuousClock.now - started, skipped: skipped, signal: signal))
        line.append(0x0A)
        StandardIO.writeAll(line, to: 2)
    }

    private func show(force: Bool, _ update: (inout BatchTally) -> Void) {
        let now = ContinuousClock.now
        let interval: Duration = onTerminal ? .milliseconds(100) : .seconds(1)
        let due = state.withLock { state -> BatchTally? in
            update(&state.tally)
            if !force, let last = state.lastShown, now - last < interval { return nil }
            state.lastShown = now
            return state.tally
        }
        guard let tally = due else { return }
        let elapsed = now - started
        if onTerminal {
            StandardIO.writeStderr("\r\u{1B}[K" + Self.bar(tally, elapsed: elapsed, width: columns))
        } else {
            var line = JSONWriter.bytes(tally.progressJSON(elapsed: elapsed))
            line.append(0x0A)
            StandardIO.writeAll(line, to: 2)
        }
    }

    /// `[#####-----] 120/1000  35.2/s  ETA 0:25  tokens 12.3k in 4.1k out  $0.0123  7 failed`, fit to `width`.
    static func bar(_ tally: BatchTally, elapsed: Duration, width: Int) -> String {
        let eta = tally.etaSeconds(elapsed: elapsed).map(clock) ?? "--:--"
        var text = " \(tally.done)/\(tally.total.map(String.init) ?? "?")  \(decimal(tally.rate(elapsed: elapsed)))/s  ETA \(eta)"
            + "  tokens \(compact(tally.inputTokens)) in \(compact(tally.outputTokens)) out"
            + "  $\(decimal(tally.estimatedCost, places: 4))"
        if tally.failed > 0 { text += "  \(tally.failed) failed" }
        let cells = 20
        guard text.count + cells + 3 <= width else { return String(text.dropFirst().prefix(max(0, width - 1))) }
        guard let total = tally.total else { return String(text.dropFirst()) }
        let filled = total > 0 ? cells * min(tally.done, total) / total : cells
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled) + "]" + text
    }

    /// The terminal's width from `COLUMNS`, else 80.
    static var columns: Int {
        ProcessEnvironment.current()["COLUMNS"].flatMap { Int($0) }.map { max(20, $0) } ?? 80
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    static func compact(_ count: Int) -> String {
        switch count {
        case ..<1000: "\(count)"
        case ..<1_000_000: "\(decimal(Double(count) / 1000, places: 1))k"
        default: "\(decimal(Double(count) / 1_000_000, places: 1))M"
        }
    }

    static func decimal(_ value: Double, places: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return places == 0 ? "\(whole)" : "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
