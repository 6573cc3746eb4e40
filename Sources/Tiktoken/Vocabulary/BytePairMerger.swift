/// tiktoken's `byte_pair_encode`: start from single bytes and repeatedly merge the adjacent
/// pair whose concatenation has the lowest rank (ties: leftmost) until no pair is a token.
///
/// Short pieces use tiktoken's own linear scan; long ones a heap with the same order
/// (rank, then start offset), so both give identical tokens.
struct BytePairMerger {
    /// Part boundaries (byte offsets) and the rank of merging each part with the next.
    private var starts: [Int] = []
    private var ranks: [UInt32] = []
    /// Heap scratch for long pieces.
    private var heap = MergeHeap()
    private var next: [Int32] = []
    private var previous: [Int32] = []
    private var pairRank: [UInt32] = []

    /// Pieces at least this long use the heap.
    static let heapThreshold = 256

    /// Appends the ranks of `piece` (`length >= 2` bytes, not itself a token) to `sink`.
    mutating func encode<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ length: Int, table: TokenTableView, into sink: inout Sink
    ) {
        if length >= Self.heapThreshold {
            encodeLong(piece, length, table: table, into: &sink)
            return
        }
        let none = TokenTableView.noRank
        starts.removeAll(keepingCapacity: true)
        ranks.removeAll(keepingCapacity: true)
        var minRank = none
        var minIndex = 0
        for i in 0..<(length - 1) {
            let rank = table.rank(piece + i, 2)
            if rank < minRank { minRank = rank; minIndex = i }
            starts.append(i)
            ranks.append(rank)
        }
        starts.append(length - 1)
        ranks.append(none)
        starts.append(length)
        ranks.append(none)
        starts.withUnsafeMutableBufferPointer { starts in
            ranks.withUnsafeMutableBufferPointer { ranks in
                var count = length + 1
                // Rank of parts[i] merged with parts[i + 1], with parts[i + 1] still present.
                func rankAfter(_ i: Int) -> UInt32 {
                    guard i + 3 < count else { return none }
                    return table.rank(piece + starts[i], starts[i + 3] - starts[i])
                }
                while minRank != none {
                    let i = minIndex
                    if i > 0 { ranks[i - 1] = rankAfter(i - 1) }
                    ranks[i] = rankAfter(i)
                    var k = i + 1
                    while k < count - 1 {
                        starts[k] = starts[k + 1]
                        ranks[k] = ranks[k + 1]
                        k += 1
                    }
                    count -= 1
                    minRank = none
                    for j in 0..<(count - 1) where ranks[j] < minRank {
                        minRank = ranks[j]
                        minIndex = j
                    }
                }
                for j in 0..<(count - 1) {
                    sink.append(table.rank(piece + starts[j], starts[j + 1] - starts[j]))
                }
            }
        }
    }

    /// The same merge order with a binary heap and a linked list: O(n log n).
    private mutating func encodeLong<Sink: TokenSink>(
        _ piece: UnsafePointer<UInt8>, _ length: Int, table: TokenTableView, into sink: inout Sink
    ) {
        let none = TokenTableView.noRank
        // Parts are identified by their start offset; next[start] is the next part's start.
        next = Array(repeating: 0, count: length + 1)
        previous = Array(repeating: -1, count: length + 1)
        pairRank = Array(repeating: none, count: length + 1)
        heap.removeAll()
        for i in 0...length {
            next[i] = Int32(i + 1)
            previous[i] = Int32(i - 1)
        }
        for i in 0..<(length - 1) {
            let rank = table.rank(piece + i, 2)
            pairRank[i] = rank
            if rank != none { heap.push(rank: rank, start: Int32(i)) }
        }
        while let (rank, start32) = heap.pop() {
            let start = Int(start32)
            guard pairRank[start] == rank else { continue }  // stale entry
            // Merge the part at `start` with the next one.
            let removed = Int(next[start])
            let after = Int(next[removed])
            next[start] = Int32(after)
            if after <= length { previous[after] = Int32(start) }
            pairRank[removed] = none
            pairRank[start] = after < length
                ? table.rank(piece + start, Int(next[after]) - start) : none
            if pairRank[start] != none { heap.push(rank: pairRank[start], start: start32) }
            let before = Int(previous[start])
            if before >= 0 {
                pairRank[before] = table.rank(piece + before, after - before)
                if pairRank[before] != none { heap.push(rank: pairRank[before], start: Int32(before)) }
            }
        }
        var start = 0
        while start < length {
            let end = Int(next[start])
            sink.append(table.rank(piece + start, end - start))
            start = end
        }
    }
}

/// A binary min-heap of (rank, start) pairs packed into one `UInt64` each, so the
/// order is rank first, then leftmost start, as tiktoken's scan picks.
struct MergeHeap {
    private var items: [UInt64] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(rank: UInt32, start: Int32) {
        items.append(UInt64(rank) << 32 | UInt64(UInt32(bitPattern: start)))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent] <= items[child] { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (UInt32, Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= items.count { break }
                var smallest = left
                if left + 1 < items.count && items[left + 1] < items[left] { smallest = left + 1 }
                if items[parent] <= items[smallest] { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (UInt32(truncatingIfNeeded: top >> 32), Int32(bitPattern: UInt32(truncatingIfNeeded: top)))
    }
}

/// Where encoded ranks go: an id array, or just a count.
protocol TokenSink {
    mutating func append(_ rank: UInt32)
}
