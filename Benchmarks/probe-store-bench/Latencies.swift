import ProbeTestSupport

/// Summary statistics of a set of timings in milliseconds: nearest-rank percentiles.
struct Latencies {
    let count: Int
    let p50: Double
    let p99: Double
    let mean: Double
    let max: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        p50 = Figures.percentile(sorted, 0.50)
        p99 = Figures.percentile(sorted, 0.99)
        mean = sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count)
        max = sorted.last ?? .nan
    }

    var text: String {
        "p50 \(Figures.fixed(p50, 2)) ms, p99 \(Figures.fixed(p99, 2)) ms, mean \(Figures.fixed(mean, 2)) ms, max \(Figures.fixed(max, 2)) ms"
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
