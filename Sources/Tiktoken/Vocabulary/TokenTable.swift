/// The mergeable ranks of one encoding: token bytes → rank (an open-addressing hash
/// table over one contiguous byte store) and rank → token bytes.
///
/// Immutable once built, so it is shared freely between threads.
struct TokenTable: Sendable {
    /// Every token's bytes, back to back, in rank order.
    let store: [UInt8]
    /// `store[offsets[r]..<offsets[r + 1]]` are the bytes of rank `r`.
    let offsets: [UInt32]
    /// Hash slots: `(hash high 32 bits) << 32 | (rank + 1)`, 0 when empty.
    let slots: [UInt64]
    /// `slots.count - 1` (the count is a power of two).
    let mask: Int

    /// Number of ranks (ranks are `0..<count`).
    var count: Int { offsets.count - 1 }

    /// Builds the table from tokens given in rank order. Duplicate tokens return nil.
    init?(store: [UInt8], offsets: [UInt32]) {
        let count = offsets.count - 1
        var capacity = 1024
        while capacity < count * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        let unique = store.withUnsafeBufferPointer { bytes -> Bool in
            guard let base = bytes.baseAddress else { return count == 0 }
            for rank in 0..<count {
                let start = Int(offsets[rank])
                let length = Int(offsets[rank + 1]) - start
                let hash = TokenTable.hash(base + start, length)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 {
                    let other = Int(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) - 1
                    let otherStart = Int(offsets[other])
                    if Int(offsets[other + 1]) - otherStart == length,
                       memoryEqual(base + start, base + otherStart, length) {
                        return false
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(rank + 1)
            }
            return true
        }
        guard unique else { return nil }
        self.store = store
        self.offsets = offsets
        self.slots = slots
        self.mask = mask
    }

    /// Runs `body` with raw views of the table for the hot loops.
    @inline(__always)
    func withView<R>(_ body: (TokenTableView) throws -> R) rethrows -> R {
        try store.withUnsafeBufferPointer { storeBuffer in
            try offsets.withUnsafeBufferPointer { offsetBuffer in
                try slots.withUnsafeBufferPointer { slotBuffer in
                    try body(TokenTableView(
                        store: storeBuffer, offsets: offsetBuffer, slots: slotBuffer, mask: mask))
                }
            }
        }
    }

    /// A 64-bit hash of `length` bytes at `pointer`.
    @inline(__always)
    static func hash(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(length &+ 1)
        var p = UnsafeRawPointer(pointer)
        var remaining = length
        while remaining >= 8 {
            h = (h ^ p.loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            p += 8
            remaining -= 8
        }
        if remaining > 0 {
            var tail: UInt64 = 0
            for index in 0..<remaining {
                tail |= UInt64(p.load(fromByteOffset: index, as: UInt8.self)) << (8 * UInt64(index))
            }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        }
        h ^= h >> 32
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return h
    }
}

/// Unsafe views of a `TokenTable`, valid only inside `TokenTable.withView`.
struct TokenTableView {
    let store: UnsafeBufferPointer<UInt8>
    let offsets: UnsafeBufferPointer<UInt32>
    let slots: UnsafeBufferPointer<UInt64>
    let mask: Int

    /// Sentinel for "not a token".
    static let noRank: UInt32 = .max

    /// The rank of the `length` bytes at `pointer`, or `noRank`.
    @inline(__always)
    func rank(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        let hash = TokenTable.hash(pointer, length)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        guard let base = store.baseAddress else { return Self.noRank }
        while true {
            let entry = slots[slot]
            if entry == 0 { return Self.noRank }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let rank = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                let start = Int(offsets[rank])
                if Int(offsets[rank + 1]) - start == length,
                   memoryEqual(base + start, pointer, length) {
                    return UInt32(truncatingIfNeeded: rank)
                }
            }
            slot = (slot + 1) & mask
        }
    }
}

/// Whether `length` bytes at `a` and `b` are equal.
@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    var index = 0
    while index + 8 <= length {
        if UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self)
            != UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) { return false }
        index += 8
    }
    while index < length {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}
