/// SplitMix64: a small deterministic PRNG, so every run generates the same mutants (and the
/// provider mock injects the same faults).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly chosen element; `nil` only when `items` is empty.
    public mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int.random(in: 0..<items.count, using: &self)]
    }

    /// `count` distinct elements (all of them when there are fewer), in their original order.
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        guard items.count > count else { return items }
        var indices = Array(items.indices)
        indices.shuffle(using: &self)
        return indices.prefix(count).sorted().map { items[$0] }
    }

    /// A double in [0, 100).
    public mutating func nextPercent() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53) * 100
    }
}
