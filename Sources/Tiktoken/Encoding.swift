/// One loaded BPE encoding (cl100k_base or o200k_base): immutable and `Sendable`, so one
/// instance can serve every probe at once.
public final class Encoding: Sendable {
    /// The encoding's name, e.g. `cl100k_base`.
    public let name: String
    /// Special token text → id (only `decode` uses them: `encode` treats their text as ordinary).
    public let specialTokens: [String: Int]
    let table: TokenTable
    let splitter: Splitter
    let classes: ScalarClassTable
    private let specialByID: [Int: [UInt8]]

    /// The hand-coded pre-tokenizers, one per supported pattern.
    enum Splitter: Sendable {
        case cl100k
        case o200k
    }

    init(name: String, table: TokenTable, splitter: Splitter, specialTokens: [String: Int]) {
        self.name = name
        self.table = table
        self.splitter = splitter
        self.specialTokens = specialTokens
        self.classes = ScalarClassTable.shared
        var byID: [Int: [UInt8]] = [:]
        for (text, id) in specialTokens { byID[id] = Array(text.utf8) }
        self.specialByID = byID
    }

    /// Number of mergeable (non-special) tokens.
    public var mergeableTokenCount: Int { table.count }

    /// Bytes held by the lookup tables (token store, offsets, hash slots).
    public var tableBytes: Int {
        table.store.count + table.offsets.count * 4 + table.slots.count * 8
    }

    /// The token ids of `text`, exactly as tiktoken's `encode_ordinary`: text that looks
    /// like a special token is encoded as ordinary text.
    public func encode(_ text: String) -> [Int] {
        var sink = IDSink()
        sink.ids.reserveCapacity(text.utf8.count / 3)
        encode(text, into: &sink)
        return sink.ids
    }

    /// The number of tokens `encode(text)` returns, without building the array.
    public func count(_ text: String) -> Int {
        var sink = CountSink()
        encode(text, into: &sink)
        return sink.count
    }

    /// The bytes of `ids` concatenated (special token ids included).
    public func decodeBytes(_ ids: [Int]) throws(TiktokenError) -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids {
            if id >= 0 && id < table.count {
                bytes.append(contentsOf: table.store[Int(table.offsets[id])..<Int(table.offsets[id + 1])])
            } else if let special = specialByID[id] {
                bytes.append(contentsOf: special)
            } else {
                throw .unknownTokenID(id)
            }
        }
        return bytes
    }

    /// The text of `ids`; bytes that are not valid UTF-8 become U+FFFD (tiktoken's
    /// `decode` with `errors="replace"`).
    public func decode(_ ids: [Int]) throws(TiktokenError) -> String {
        String(decoding: try decodeBytes(ids), as: UTF8.self)
    }

    /// Texts longer than this are encoded in chunks (scalar offsets are 32-bit).
    static let chunkLimit = 1 << 30

    func encode<Sink: TokenSink>(_ text: String, into sink: inout Sink, chunkLimit: Int = Encoding.chunkLimit) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            while start < utf8.count {
                let end = Self.chunkEnd(utf8, from: start, limit: chunkLimit)
                encodeChunk(UnsafeBufferPointer(rebasing: utf8[start..<end]), into: &sink)
                start = end
            }
        }
    }

    /// Where the chunk from `start` ends: the text's end if near, else just before an ASCII
    /// letter or digit that follows `\n` (a piece boundary in both patterns: no piece runs
    /// from a newline into a letter or digit, and none looks behind).
    static func chunkEnd(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int {
        if utf8.count - start <= limit { return utf8.count }
        var end = start + limit
        while end > start + limit / 2 {
            let byte = utf8[end] | 0x20
            if utf8[end - 1] == 0x0A && (byte >= 0x61 && byte <= 0x7A || utf8[end] >= 0x30 && utf8[end] <= 0x39) {
                return end
            }
            end -= 1
        }
        // No newline in half a chunk (a pathological text): cut at a scalar boundary.
        end = start + limit
        while utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    private func encodeChunk<Sink: TokenSink>(_ utf8: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        ScalarText.with(utf8, table: classes) { scalars in
            table.withView { view in
                switch splitter {
                case .cl100k: Self.run(scalars, view, Cl100kSplitter.pieceEnd, into: &sink)
                case .o200k: Self.run(scalars, view, O200kSplitter.pieceEnd, into: &sink)
                }
            }
        }
    }

    @inline(__always)
    private static func run<Sink: TokenSink>(
        _ text: ScalarText, _ table: TokenTableView,
        _ pieceEnd: (ScalarText, Int) -> Int, into sink: inout Sink
    ) {
        var merger = BytePairMerger()
        var i = 0
        while i < text.count {
            let end = pieceEnd(text, i)
            let start = Int(text.offsets[i])
            let length = Int(text.offsets[end]) - start
            let piece = text.bytes + start
            let rank = table.rank(piece, length)
            if rank != TokenTableView.noRank {
                sink.append(rank)
            } else {
                merger.encode(piece, length, table: table, into: &sink)
            }
            i = end
        }
    }
}

/// Collects ids.
struct IDSink: TokenSink {
    var ids: [Int] = []
    @inline(__always) mutating func append(_ rank: UInt32) { ids.append(Int(rank)) }
}

/// Counts ids.
struct CountSink: TokenSink {
    var count = 0
    @inline(__always) mutating func append(_ rank: UInt32) { count += 1 }
}
