/// The mergeable ranks of one encoding: token bytes → rank (an open-addressing hash
/// table) and rank → token bytes (one contiguous byte store).
///
/// Each hash slot is two words: the token's first 8 bytes, and `tag << 48 | length << 32 |
/// (rank + 1)` (0: empty). Tokens of up to 8 bytes (most of them) are found without touching
/// the store. Immutable once built, so it is shared freely between threads.
struct TokenTable: Sendable {
    /// Every token's bytes, back to back, in rank order.
    let store: [UInt8]
    /// `store[offsets[r]..<offsets[r + 1]]` are the bytes of rank `r`.
    let offsets: [UInt32]
    /// Two words a slot, see the type's comment.
    let slots: [UInt64]
    /// Slot count - 1 (the count is a power of two).
    let mask: Int

    /// Number of ranks (ranks are `0..<count`).
    var count: Int { offsets.count - 1 }

    /// Builds the table from tokens given in rank order; nil on a duplicate token or one
    /// longer than 65,535 bytes.
    init?(store: [UInt8], offsets: [UInt32]) {
        let count = offsets.count - 1
        var capacity = 1024
        while capacity < count * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity * 2)
        let mask = capacity - 1
        let valid = store.withUnsafeBufferPointer { bytes -> Bool in
            offsets.withUnsafeBufferPointer { offsets -> Bool in
                slots.withUnsafeMutableBufferPointer { slots -> Bool in
                    guard let base = bytes.baseAddress else { return count == 0 }
                    let view = TokenTableView(
                        store: bytes, offsets: offsets, slots: UnsafeBufferPointer(slots), mask: mask)
                    for rank in 0..<count {
                        let start = Int(offsets[rank])
                        let length = Int(offsets[rank + 1]) - start
                        guard length < 1 << 16, view.rank(base + start, length) == TokenTableView.noRank
                        else { return false }
                        let (hash, prefix) = TokenTable.hash(base + start, length)
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        while slots[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
                        slots[2 * slot] = prefix
                        slots[2 * slot + 1] = TokenTable.meta(hash, length) | UInt64(rank + 1)
                    }
                    return true
                }
            }
        }
        guard valid else { return nil }
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

    /// The high word bits that a slot's second word must carry for a token of this
    /// hash and length: 16 bits of hash tag, 16 bits of length.
    @inline(__always)
    static func meta(_ hash: UInt64, _ length: Int) -> UInt64 {
        (hash & 0xFFFF_0000_0000_0000) | UInt64(truncatingIfNeeded: length & 0xFFFF) << 32
    }

    /// A 64-bit hash of `length` bytes at `pointer`, and their first 8 bytes (zero-padded).
    @inline(__always)
    static func hash(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> (hash: UInt64, prefix: UInt64) {
        let raw = UnsafeRawPointer(pointer)
        var prefix: UInt64 = 0
        if length >= 8 {
            prefix = raw.loadUnaligned(as: UInt64.self)
        } else {
            for index in 0..<length {
                prefix |= UInt64(raw.load(fromByteOffset: index, as: UInt8.self)) << (8 * UInt64(index))
            }
        }
        var h = (prefix ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(length &+ 1))) &* 0xBF58_476D_1CE4_E5B9
        var offset = 8
        while offset < length {
            var word: UInt64 = 0
            if length - offset >= 8 {
                word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            } else {
                for index in offset..<length {
                    word |= UInt64(raw.load(fromByteOffset: index, as: UInt8.self)) << (8 * UInt64(index - offset))
                }
            }
            h ^= h >> 29
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            offset += 8
        }
        h ^= h >> 32
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return (h, prefix)
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
        let (hash, prefix) = TokenTable.hash(pointer, length)
        let meta = TokenTable.meta(hash, length)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[2 * slot + 1]
            if entry == 0 { return Self.noRank }
            if entry & 0xFFFF_FFFF_0000_0000 == meta && slots[2 * slot] == prefix {
                let rank = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if length <= 8 { return UInt32(truncatingIfNeeded: rank) }
                if let base = store.baseAddress,
                   memoryEqual(base + Int(offsets[rank]) + 8, pointer + 8, length - 8) {
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
