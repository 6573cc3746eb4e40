#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte stream into `\n`-terminated lines as chunks arrive, numbering them from 0 and
/// skipping blank ones (their number is kept). A line longer than `limit` keeps its first
/// `limit` bytes (enough for the decoder to say it is too large) and drops the rest.
struct LineSplitter {
    let limit: Int
    private var partial: [UInt8] = []
    private var index = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The lines completed by `bytes`, each given to `emit` with its number.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Int, [UInt8]) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else {
                keep(UnsafeBufferPointer(start: base + start, count: bytes.count - start))
                return
            }
            let end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            keep(UnsafeBufferPointer(start: base + start, count: end - start))
            complete(emit)
            start = end + 1
        }
    }

    /// The end of input: a last line without `\n` counts.
    mutating func finish(emit: (Int, [UInt8]) -> Void) {
        if !partial.isEmpty { complete(emit) }
    }

    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = limit - partial.count
        guard room > 0 else { return }
        partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes.prefix(room)))
    }

    private mutating func complete(_ emit: (Int, [UInt8]) -> Void) {
        defer {
            index += 1
            partial.removeAll(keepingCapacity: partial.capacity <= 1 << 16)
        }
        if !BatchLines.isBlank(partial[...]) { emit(index, partial) }
    }
}
