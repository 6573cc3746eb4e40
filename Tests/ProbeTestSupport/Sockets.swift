#if canImport(Glibc)
    import Glibc
#endif

/// Thin helpers over Glibc's blocking sockets, for the loopback test server and its clients.
public enum Sockets {
    /// 127.0.0.1:`port`.
    static func loopbackAddress(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// A blocking TCP connection to 127.0.0.1:`port` whose reads give up after
    /// `receiveTimeoutSeconds`; nil when it cannot connect.
    public static func connectLoopback(port: UInt16, receiveTimeoutSeconds: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        setReceiveTimeout(fd, seconds: receiveTimeoutSeconds)
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// A TCP socket bound to 127.0.0.1 on `port` (0: a free port), listening when `listening`.
    static func bindLoopback(listening: Bool, port: UInt16 = 0) throws(ServerStartFailure) -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw failure("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let error = failure("bind")
            close(fd)
            throw error
        }
        if listening, listen(fd, 1024) != 0 {
            let error = failure("listen")
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = failure("getsockname")
            close(fd)
            throw error
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// Sends all of `bytes`; false when the peer is gone.
    static func sendAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return true }
            let sent = send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Sends all of `bytes`; false when the peer is gone.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { sendAll(fd, $0) }
    }

    /// Waits up to `ms` milliseconds; false when the peer hung up (or sent more) meanwhile.
    static func waitQuietly(_ fd: Int32, ms: Int) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(clamping: ms))
        return ready == 0
    }

    /// Waits until the peer's kernel has acknowledged every byte sent (the send queue is empty:
    /// `TIOCOUTQ`/`SIOCOUTQ`), so a reset that follows cannot overtake them: Linux keeps bytes
    /// received before an RST readable. An event, not a time; the minute only guards a hang.
    static func waitUntilAcknowledged(_ fd: Int32) {
        for _ in 0..<60_000 {
            var queued: Int32 = 0
            guard ioctl(fd, UInt(TIOCOUTQ), &queued) == 0, queued > 0 else { return }
            usleep(1000)
        }
    }

    /// Closes with an RST instead of a FIN (SO_LINGER with a zero timeout).
    static func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }

    /// Closes after a FIN, so the client reads everything sent before the end.
    static func closeGracefully(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
    }

    /// Gives up on reads that stall longer than `seconds`, so a broken test cannot hang forever.
    static func setReceiveTimeout(_ fd: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends small writes at once (no Nagle delay), for replies on a kept-alive connection.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func failure(_ call: String) -> ServerStartFailure {
        ServerStartFailure(description: "\(call): \(String(cString: strerror(errno)))")
    }
}
