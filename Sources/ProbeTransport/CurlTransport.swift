import Synchronization

/// The HTTP transport over libcurl: one background thread drives every transfer of this
/// transport (no thread per request), so thousands of requests can be in flight at once.
///
/// Each request: POST, TLS verified, no redirects followed, http/https only, proxies only as
/// `proxy` says (never from the process environment by itself), loopback never proxied, the
/// reply body capped at `maxReplyBytes`. Keep one transport and share it: connections are reused.
public final class CurlTransport: HTTPTransport {
    /// Started on the first request, so an engine that never sends one (bad input, `validate`)
    /// never loads libcurl or starts a thread.
    private let lazyDriver = Mutex<CurlDriver?>(nil)
    private let proxy: ProxySettings
    private let maxReplyBytes: Int

    /// A transport using `proxy`, failing replies whose body exceeds `maxReplyBytes` (32 MiB by default).
    public init(proxy: ProxySettings, maxReplyBytes: Int = 32 << 20) {
        self.proxy = proxy
        self.maxReplyBytes = max(0, maxReplyBytes)
    }

    deinit {
        lazyDriver.withLock { $0?.shutdown() }
    }

    private var driver: CurlDriver {
        lazyDriver.withLock { driver in
            if let driver { return driver }
            let started = CurlDriver()
            driver = started
            return started
        }
    }

    /// Sends `request` and waits for the whole reply. `timeoutMs` limits the whole request,
    /// connect to last byte (`timeoutMs <= 0` fails with `.timedOut` at once). Cancelling the
    /// calling task stops the transfer and fails with `.cancelled`.
    public func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        guard timeoutMs > 0 else { throw .timedOut }
        if Task.isCancelled { throw .cancelled }
        let driver = self.driver
        let id = driver.newID()
        let proxyURL = proxy.proxy(for: request.url)
        let noProxy = proxy.curlNoProxy
        let maxReplyBytes = self.maxReplyBytes
        let order = { (continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>) in
            TransferOrder(
                id: id, request: request, timeoutMs: timeoutMs, proxy: proxyURL, noProxy: noProxy,
                maxReplyBytes: maxReplyBytes, continuation: continuation)
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                driver.submit(order(continuation))
                // A cancellation that came before the order was queued found nothing to stop.
                if Task.isCancelled { driver.cancel(id) }
            }
        } onCancel: {
            driver.cancel(id)
        }
        return try result.get()
    }
}
