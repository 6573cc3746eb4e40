import CCurl

#if canImport(Glibc)
    import Glibc
#endif

/// The driver thread's own state: the multi handle and the transfers on it. Touched only by
/// that thread, from `run()`.
final class CurlLoop {
    private let multi: UnsafeMutableRawPointer
    private let mailbox: Mailbox
    private var transfers: [UInt64: CurlTransfer] = [:]

    /// Creates the multi handle and installs it in `mailbox`; nil when libcurl cannot.
    init?(mailbox: Mailbox) {
        guard let multi = ccurl_multi_init() else { return nil }
        self.multi = multi
        self.mailbox = mailbox
        mailbox.attach(multi)
    }

    /// Runs until the mailbox says stop, then fails what is left and frees the multi handle.
    func run() {
        var running: Int32 = 0
        while true {
            let work = mailbox.take()
            for order in work.orders { start(order) }
            for id in work.cancellations {
                if let transfer = transfers[id] { finish(transfer, with: .failure(.cancelled)) }
            }
            if work.stopping { break }
            ccurl_multi_perform(multi, &running)
            collectFinished()
            ccurl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for order in mailbox.detach() {
            order.continuation.resume(returning: .failure(.other("transport shut down")))
        }
        for transfer in transfers.values {
            finish(transfer, with: .failure(.other("transport shut down")))
        }
        ccurl_multi_cleanup(multi)
    }

    private func start(_ order: TransferOrder) {
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(order: order)
        } catch {
            order.continuation.resume(returning: .failure(error))
            return
        }
        let added = ccurl_multi_add_handle(multi, transfer.easy)
        guard added == CURLM_OK else {
            let reason = String(cString: ccurl_multi_strerror(added))
            order.continuation.resume(returning: .failure(.other("cannot start the request: " + reason)))
            return
        }
        transfers[order.id] = transfer
    }

    /// Reads libcurl's completion messages and finishes those transfers.
    private func collectFinished() {
        var left: Int32 = 0
        while let message = ccurl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = ccurl_msg_result(message)
            var tag: UnsafeMutableRawPointer?
            _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &tag)
            guard let tag, let transfer = transfers[UInt64(UInt(bitPattern: tag))] else { continue }
            finish(transfer, with: outcome(of: transfer, code: code))
        }
    }

    private func outcome(of transfer: CurlTransfer, code: CURLcode) -> Result<HTTPResponse, TransportFailure> {
        let reply = transfer.reply
        guard code == CURLE_OK else {
            // A refused re-send: the reused connection died before the reply (DECISIONS D4).
            if code == CURLE_SEND_FAIL_REWIND, transfer.refusedResend { return .failure(.connectionReset) }
            return .failure(transportFailure(code: code, reply: reply, message: transfer.message(for: code)))
        }
        return .success(HTTPResponse(status: transfer.responseCode(), headers: reply.headers, body: reply.body))
    }

    /// Takes the transfer off the multi handle, frees it, and resumes its caller.
    private func finish(_ transfer: CurlTransfer, with result: Result<HTTPResponse, TransportFailure>) {
        ccurl_multi_remove_handle(multi, transfer.easy)
        transfers[transfer.order.id] = nil
        transfer.order.continuation.resume(returning: result)
    }
}
