import ProbeTransport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a file descriptor (a pipe that stays open for hours, or a file) as batch
/// inputs, read as the batch asks for them (DECISIONS D11): `probe batch`'s streaming stdin.
///
/// stdin is read on a thread of its own, one chunk at a time and only when the batch wants an
/// input and none is waiting, so what is held is one chunk's lines and one unfinished line
/// (at most 10 MiB + 1 byte: the rest of a longer line is dropped, and it fails as too large).
/// A producer that writes faster than the probes run is stopped by the pipe (back-pressure).
/// Lines are numbered from 0; blank lines are skipped but keep their number.
public final class LineFeed: AsyncSequence, Sendable {
    public typealias Element = BatchInput
    public typealias Failure = Never

    private struct State {
        var ready: [BatchInput] = []
        var head = 0
        var waiter: CheckedContinuation<BatchInput?, Never>?
        var reading = false
        var endOfInput = false
        var stopped = false
        /// Inputs handed out (`admit` said yes).
        var produced = 0
    }

    private let fd: Int32
    private let chunkSize: Int
    private let admit: @Sendable (BatchInput) -> Bool
    private let onEnd: @Sendable (Int) -> Void
    private let state = Mutex(State())
    /// Wakes the reading thread for one more chunk.
    private let demand = ReadDemand()
    /// The reading thread's own state (only that thread touches it).
    private let splitter: Mutex<LineSplitter>
    /// A regular file is read to its end after a stop (every line gets its CANCELLED line).
    private let regularFile: Bool

    /// Reads `fd` (not closed here). `admit` sees each non-blank line first and may drop it
    /// (`--resume`); `onEnd` gets the number of inputs handed out once the input ended.
    public init(fd: Int32, chunkSize: Int = 1 << 16, admit: @escaping @Sendable (BatchInput) -> Bool = { _ in true },
                onEnd: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.fd = fd
        self.chunkSize = Swift.max(1, chunkSize)
        self.admit = admit
        self.onEnd = onEnd
        splitter = Mutex(LineSplitter(limit: InputDecoder.maxInputBytes + 1))
        var info = stat()
        regularFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        DetachedThread.run { [self] in readLoop() }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(feed: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let feed: LineFeed
        public mutating func next() async -> BatchInput? { await feed.next() }
    }

    /// Reads no further (a signal stopped the batch): the lines already read are still handed
    /// out, then what the descriptor holds ready without waiting (a producer that has written
    /// nothing more ends the feed within a quarter of a second).
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    func next() async -> BatchInput? {
        await withCheckedContinuation { (continuation: CheckedContinuation<BatchInput?, Never>) in
            let (answer, ask) = state.withLock { state -> (BatchInput??, Bool) in
                if let input = Self.pop(&state) { return (.some(input), false) }
                if state.endOfInput { return (.some(nil), false) }
                state.waiter = continuation
                defer { state.reading = true }
                return (nil, !state.reading)
            }
            if let answer { continuation.resume(returning: answer) }
            if ask { demand.signal() }
        }
    }

    private static func pop(_ state: inout State) -> BatchInput? {
        guard state.head < state.ready.count else { return nil }
        let input = state.ready[state.head]
        state.head += 1
        if state.head == state.ready.count {
            state.ready.removeAll(keepingCapacity: true)
            state.head = 0
        }
        return input
    }

    /// The reading thread: one chunk per demand, until the end of input or a stop.
    private func readLoop() {
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var readAfterStop = 0
        var ended = false
        while !ended {
            demand.wait()
            let count = readChunk(&chunk, readAfterStop: &readAfterStop)
            var inputs: [BatchInput] = []
            splitter.withLock { splitter in
                let emit = { (index: Int, line: [UInt8]) in
                    let input = BatchInput(index: index, json: line)
                    if self.admit(input) { inputs.append(input) }
                }
                if count > 0 {
                    chunk.withUnsafeBufferPointer { splitter.feed(UnsafeBufferPointer(rebasing: $0[0..<count]), emit: emit) }
                } else {
                    splitter.finish(emit: emit)
                }
            }
            ended = count <= 0
            deliver(inputs, ended: ended)
        }
    }

    /// One read; 0 at the end of input, after a failed read, or once stopped when nothing is
    /// ready. The wait for data is a poll of at most 250 ms at a time, so a stop is seen.
    private func readChunk(_ chunk: inout [UInt8], readAfterStop: inout Int) -> Int {
        while true {
            let stopped = state.withLock { $0.stopped }
            if stopped && !regularFile {
                // A pipe whose producer keeps writing would never run dry: 4 MiB more at most.
                guard readAfterStop < 64 else { return 0 }
                readAfterStop += 1
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, stopped ? 0 : 250)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                if stopped { return 0 }
                continue
            }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            return Swift.max(0, count)
        }
    }

    private func deliver(_ inputs: [BatchInput], ended: Bool) {
        let (waiter, answer, again, total) = state.withLock { state
            -> (CheckedContinuation<BatchInput?, Never>?, BatchInput?, Bool, Int?) in
            state.produced += inputs.count
            state.ready.append(contentsOf: inputs)
            state.reading = false
            if ended { state.endOfInput = true }
            guard let waiter = state.waiter else { return (nil, nil, false, ended ? state.produced : nil) }
            if let input = Self.pop(&state) {
                state.waiter = nil
                return (waiter, input, false, ended ? state.produced : nil)
            }
            if ended {
                state.waiter = nil
                return (waiter, nil, false, state.produced)
            }
            state.reading = true  // a chunk with no whole line: read on for the waiter
            return (nil, nil, true, nil)
        }
        if let total { onEnd(total) }
        waiter?.resume(returning: answer)
        if again { demand.signal() }
    }
}

/// Counts the requests for one more chunk: the reading thread blocks here (a pthread
/// condition), never a Swift task.
private final class ReadDemand: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var count = 0  // guarded by `mutex`

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func signal() {
        pthread_mutex_lock(mutex)
        count += 1
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    func wait() {
        pthread_mutex_lock(mutex)
        while count == 0 { pthread_cond_wait(condition, mutex) }
        count -= 1
        pthread_mutex_unlock(mutex)
    }
}
