/// Summary statistics and the printed table.
struct Summary {
    var label: String
    var medianMs: Double
    var p90Ms: Double
    var medianRSSMiB: Double

    init(label: String, samples: [Sample]) {
        self.label = label
        let walls = samples.map(\.wallMs).sorted()
        let rss = samples.map { Double($0.maxRSSKiB) / 1024 }.sorted()
        medianMs = Self.percentile(walls, 0.5)
        p90Ms = Self.percentile(walls, 0.9)
        medianRSSMiB = Self.percentile(rss, 0.5)
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}

enum Report {
    static func fixed(_ value: Double, _ digits: Int = 1) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: max(0, digits - decimals))
        }
        return text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func print(runs: Int, input: String, probe: Summary, python: Summary?) {
        Swift.print("probe-bench: \(runs) runs each, input \(input)")
        Swift.print("\(pad("", 8)) \(pad("median ms", 10)) \(pad("p90 ms", 10)) \(pad("median RSS MiB", 15))")
        for summary in [probe] + (python.map { [$0] } ?? []) {
            Swift.print("\(pad(summary.label, 8)) \(pad(fixed(summary.medianMs), 10)) \(pad(fixed(summary.p90Ms), 10)) \(pad(fixed(summary.medianRSSMiB), 15))")
        }
        let rssOK = probe.medianRSSMiB <= 20
        Swift.print("probe peak RSS \(fixed(probe.medianRSSMiB)) MiB (target <= 20 MiB): \(rssOK ? "met" : "MISSED")")
        guard let python else {
            Swift.print("python worker not found: no ratio")
            return
        }
        let timeRatio = probe.medianMs / python.medianMs
        let rssRatio = probe.medianRSSMiB / python.medianRSSMiB
        Swift.print("probe/python median time \(fixed(timeRatio, 3)) (1/\(fixed(1 / timeRatio))) (target <= 0.100): \(timeRatio <= 0.1 ? "met" : "MISSED")")
        Swift.print("probe/python median RSS \(fixed(rssRatio, 3))")
    }
}
