import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends exchanges to a cassette, one whole line at a time, from any number of tasks: the
/// lock makes the file order the chain order, so lines never interleave. Opening checks the
/// existing lines and continues their chain; an exclusive `flock` keeps a second recorder
/// (another process) from breaking it.
final class CassetteWriter: Sendable {
    private struct State {
        var previous: String
        var lines: Int
        /// Set after a failed write: the file may end in part of a line, so nothing more is added.
        var broken: String?
        /// After `close()`: the descriptor (and its lock) is gone.
        var closed = false
    }

    let path: String
    private let fd: Int32
    private let state: Mutex<State>

    /// Opens (creating when missing) the cassette at `path` for appending.
    init(path: String) throws(CassetteError) {
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CassetteError(path: path, .current()) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK ? "another recorder (in this process or another) is writing to it"
                : FileDescriptorIO.Failure.current().reason
            close(fd)
            throw CassetteError(path: path, reason: reason)
        }
        guard CassetteChain.sha256Hex([]) != nil else {
            close(fd)
            throw CassetteError(path: path, reason: "cannot compute hashes: \(CassetteChain.unavailableReason)")
        }
        do throws(CassetteError) {
            let bytes: [UInt8]
            do throws(FileDescriptorIO.Failure) {
                bytes = try FileDescriptorIO.readAll(fd)
            } catch {
                throw CassetteError(path: path, error)
            }
            let existing = try Cassette.parse(bytes, path: path)
            state = Mutex(State(previous: existing.lastHash, lines: existing.lines.count))
        } catch {
            close(fd)
            throw error
        }
        self.path = path
        self.fd = fd
    }

    deinit {
        if !state.withLock({ $0.closed }) { close(fd) }
    }

    /// Closes the file now, releasing its lock for the next recorder (a later append fails);
    /// without it the lock goes when the writer does. Idempotent.
    func finish() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            _ = close(fd)
        }
    }

    /// Appends `exchange` as the next line; returns its line number.
    @discardableResult
    func append(_ exchange: CassetteExchange) throws(CassetteError) -> Int {
        let object = JSONWriter.bytes(.object(exchange.json))
        return try state.withLock { state throws(CassetteError) -> Int in
            if state.closed { throw CassetteError(path: path, reason: "the recording was closed") }
            if let broken = state.broken { throw CassetteError(path: path, reason: "an earlier write failed: \(broken)") }
            guard let sealed = CassetteChain.seal(object, previous: state.previous) else {
                throw CassetteError(path: path, reason: "cannot compute hashes: \(CassetteChain.unavailableReason)")
            }
            do throws(FileDescriptorIO.Failure) {
                try FileDescriptorIO.writeAll(sealed.line, to: fd)
            } catch {
                state.broken = error.reason
                throw CassetteError(path: path, error)
            }
            state.previous = sealed.hash
            state.lines += 1
            return state.lines
        }
    }
}
