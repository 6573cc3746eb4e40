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
        func rank(_ percent: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let index = Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(50)
        p99 = rank(99)
        mean = sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count)
        max = sorted.last ?? .nan
    }

    var text: String {
        "p50 \(Format.fixed(p50, 2)) ms, p99 \(Format.fixed(p99, 2)) ms, mean \(Format.fixed(mean, 2)) ms, max \(Format.fixed(max, 2)) ms"
    }
}
