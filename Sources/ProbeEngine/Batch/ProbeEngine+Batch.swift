extension ProbeEngine {
    /// Runs many probes concurrently in this process and streams their results as they finish
    /// (SPEC §9, DECISIONS D11): at most `options.concurrency` probes in flight, each provider
    /// paced by its limits (the environment's `PROBE_MAX_INFLIGHT_<PROVIDER>` and
    /// `PROBE_RPM_<PROVIDER>`, overridden by `options.limits`) and slowed down by its 429s.
    /// Each input gets exactly one result; a bad input fails alone.
    public func batch(_ inputs: [BatchInput], options: BatchOptions = BatchOptions()) -> BatchRun {
        startBatch(options: options) { driver, run in
            var feed = ArrayFeed(items: inputs)
            await driver.drive(&feed, run: run)
        }
    }

    /// The same over an asynchronous sequence of inputs, read as room frees up. Inputs the
    /// sequence has not produced when the batch is stopped are not read.
    public func batch<Inputs: AsyncSequence<BatchInput, Never> & Sendable>(
        _ inputs: Inputs, options: BatchOptions = BatchOptions()
    ) -> BatchRun {
        startBatch(options: options) { driver, run in
            var feed = inputs.makeAsyncIterator()
            await driver.drive(&feed, run: run)
        }
    }

    /// The limits in force for a batch: the environment's, then `options.limits` field by field.
    public func batchLimits(_ options: BatchOptions) -> [Provider: ProviderLimit] {
        var limits = ProviderLimits.from(environment: environment).limits
        for (provider, limit) in options.limits {
            limits[provider] = (limits[provider] ?? ProviderLimit()).overridden(by: limit)
        }
        return limits
    }

    private func startBatch(
        options: BatchOptions,
        body: @escaping @Sendable (BatchDriver, @escaping @Sendable (BatchInput) async -> BatchResult) async -> Void
    ) -> BatchRun {
        let (stream, sink) = AsyncStream.makeStream(of: BatchDriver.Delivery.self, bufferingPolicy: .unbounded)
        let driver = BatchDriver(concurrency: options.concurrency, sink: sink)
        sink.onTermination = { reason in
            if case .cancelled = reason { driver.readerGone() }
        }
        for warning in ProviderLimits.from(environment: environment).warnings { logger.warning("\(warning)") }
        let gates = ProviderGates(limits: batchLimits(options), clock: clock)
        Task {
            await body(driver) { input in await self.runBatchInput(input, gates: gates) }
        }
        return BatchRun(results: stream, driver: driver)
    }

    /// One input of a batch: validated, then run through the gates.
    func runBatchInput(_ item: BatchInput, gates: ProviderGates) async -> BatchResult {
        let input: ProbeInput
        do {
            switch item.payload {
            case .json(let bytes): input = try InputDecoder.decode(Array(bytes))
            case .value(let value): input = try InputDecoder.decode(value: value.json)
            }
        } catch {
            logger.warning("input rejected", metadata: ["index": "\(item.index)", "reason": "\(error.message)"])
            return BatchResult(index: item.index, identity: item.identity, output: .failure(error, partial: nil))
        }
        let record = await execute(input, gates: gates)
        return BatchResult(index: item.index, identity: BatchIdentity(input), output: record.output,
                           input: record.input, retryCount: record.retryCount)
    }
}

/// An array's elements as the batch driver's feed.
private struct ArrayFeed: AsyncIteratorProtocol {
    let items: [BatchInput]
    var position = 0

    mutating func next() async -> BatchInput? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }
}
