import ProbeEngine
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `probe batch`'s stdin as a stream (DECISIONS D11): each line becomes a probe as it arrives,
/// `--resume` skips inputs as they are read, and an input's opaque `requestId` (a JSON string)
/// is kept until its output line is written, which carries it back.
final class BatchStream: Sendable {
    private struct State {
        var requestIds: [Int: String] = [:]
        var skipped = 0
    }

    /// Shared with the feed's `admit`, which runs on the reading thread.
    private final class Book: Sendable {
        let state = Mutex(State())
    }

    private let book = Book()
    /// The inputs, read from stdin as the batch asks for them.
    let feed: LineFeed

    /// `previous`: the `--resume` file's bytes. `onEnd` gets the number of inputs once stdin ended.
    init(fd: Int32 = 0, previous: [UInt8]?, onEnd: @escaping @Sendable (Int) -> Void) {
        let done = previous.map(BatchResume.successes(in:)) ?? [:]
        let book = self.book
        feed = LineFeed(fd: fd, admit: { input in
            switch BatchResume.decision(for: input, done: done) {
            case .skip:
                book.state.withLock { $0.skipped += 1 }
                return false
            case .runAgain:
                BatchCommand.warn("--resume: the success line at this index is for other ids; running it again", index: input.index)
            case .run:
                break
            }
            if let id = Self.requestId(in: input) { book.state.withLock { $0.requestIds[input.index] = id } }
            return true
        }, onEnd: onEnd)
    }

    /// Inputs `--resume` skipped so far.
    var skipped: Int { book.state.withLock { $0.skipped } }

    /// The output line for `result`: `result.jsonLine`, with the input's `requestId` when it had one.
    func line(for result: BatchResult) -> [UInt8] {
        guard let id = book.state.withLock({ $0.requestIds.removeValue(forKey: result.index) }),
              case .object(var object) = result.json else { return result.jsonLine }
        object["requestId"] = .string(id)
        var line = JSONWriter.bytes(.object(object))
        line.append(0x0A)
        return line
    }

    /// The `requestId` of a JSON line when it is a string at the top level; lines that do not
    /// mention it are not parsed here.
    static func requestId(in input: BatchInput) -> String? {
        guard let bytes = input.json, contains(bytes, Self.key) else { return nil }
        return (try? InputDecoder.parseDocument(bytes))?.objectValue?["requestId"]?.stringValue
    }

    private static let key = Array(#""requestId""#.utf8)

    /// Whether `bytes` holds `"requestId"`: memchr for its `q` (rare in JSON), then memcmp.
    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        let offset = 3  // the `q` of `"requestId"`
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                guard let base = haystack.baseAddress, let key = needle.baseAddress else { return false }
                var position = offset
                while position < haystack.count {
                    guard let found = memchr(base + position, Int32(key[offset]), haystack.count - position) else { return false }
                    let at = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                    if at + needle.count - offset <= haystack.count, memcmp(base + at - offset, key, needle.count) == 0 { return true }
                    position = at + 1
                }
                return false
            }
        }
    }
}
