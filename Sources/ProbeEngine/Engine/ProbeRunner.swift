import Logging
import ProbeTransport

/// Runs one prepared probe: the turn loop of SPEC §3 with the retries of SPEC §5.
struct ProbeRunner {
    /// A reply longer than this many bytes (after trimming) is cut.
    static let maxReplyBytes = 102_400

    /// Mutable: a parameter the model refuses is dropped from its plan (DECISIONS D4).
    var probe: PreparedProbe
    let settings: EngineSettings
    let transport: any HTTPTransport
    let tokens: TokenCounter
    let secrets: [String]
    let logger: Logger
    /// The provider's gate during a batch (every attempt passes it); nil = no pacing.
    var gate: ProviderGate? = nil
    /// What the engine's models refused so far, shared by all its probes (DECISIONS D4).
    var learned: LearnedDrops? = nil
    /// What waits are measured and taken on (the engine's continuous clock; a test's own).
    var clock: any EngineClock = ContinuousEngineClock()

    private var classifier: ReplyClassifier {
        let clock = self.clock
        return ReplyClassifier(provider: probe.route.provider, modelName: probe.route.modelName,
                               responsesAPI: probe.plan.endpoint == .responses, keyVariable: probe.keyVariable,
                               secrets: secrets, epochMs: { clock.epochMs })
    }

    /// The probe's output and the retries its requests took (every class, every turn).
    mutating func run() async -> (output: ProbeOutput, retries: Int) {
        let deadline = clock.now + .milliseconds(settings.probeTimeoutMs)
        let startedAt = WallClock.rfc3339Now()
        var messages = probe.openingMessages
        var turns: [Turn] = []
        var reportedVersion: String?
        var retries = 0
        applyLearned()

        func transcript() -> Transcript {
            let cost = probe.input.modelCost.map { cost in
                CostSnapshot(cost: cost, inputTokens: turns.reduce(0) { $0 + $1.inputTokens },
                             outputTokens: turns.reduce(0) { $0 + $1.outputTokens },
                             cachedInputTokens: TurnUsage.cachedInput(of: turns))
            }
            return Transcript(turns: turns, modelVersion: reportedVersion ?? probe.input.modelVersion,
                              startedAt: startedAt, completedAt: WallClock.rfc3339Now(), costSnapshot: cost)
        }

        for (label, prompt) in probe.plannedTurns {
            messages.append(ChatMessage(role: .user, content: prompt))
            let turnStart = clock.now
            let reply: ProviderReply
            let (outcome, retried) = await sendHealing(messages: messages, deadline: deadline)
            retries += retried
            switch outcome {
            case .success(let value): reply = value
            case .failure(let error):
                logger.error("probe failed", metadata: ["code": "\(error.code.rawValue)", "turn": "\(turns.count + 1)"])
                return (.failure(error, partial: turns.isEmpty ? nil : transcript()), retries)
            }
            let elapsed = clock.now - turnStart
            let turn = makeTurn(number: turns.count + 1, label: label, prompt: prompt, reply: reply,
                                messages: messages, durationMs: Self.milliseconds(elapsed))
            if let error = TurnUsage.noAnswer(turn, reply: reply, model: probe.route.modelName, maxTokens: probe.settings.maxTokens) {
                logger.error("probe failed", metadata: ["code": "\(error.code.rawValue)", "turn": "\(turn.turnNumber)"])
                return (.failure(error, partial: turns.isEmpty ? nil : transcript()), retries)
            }
            if reportedVersion == nil, let version = reply.modelVersion, !version.isEmpty { reportedVersion = version }
            turns.append(turn)
            logger.debug("turn completed", metadata: ["turn": "\(turn.turnNumber)", "reply": "\(turn.targetResponse)"])
            if turn.targetResponse.isEmpty { break }
            messages.append(ChatMessage(role: .assistant, content: turn.targetResponse))
        }
        return (.success(transcript()), retries)
    }

    private func makeTurn(number: Int, label: String, prompt: String, reply: ProviderReply,
                          messages: [ChatMessage], durationMs: Int) -> Turn {
        // A reply that echoes a key (a provider quoting the request) keeps it out of the output,
        // the history sent next and the database (SPEC: no key in output; DECISIONS D5).
        let trimmed = Redaction.redact(Whitespace.trim(reply.text), secrets: secrets)
        var metadata: JSONObject = [
            "provider": .string(probe.route.provider.rawValue),
            "finishReason": .string(reply.finishReason),
            "raw": Redaction.redact(.object(reply.raw), secrets: secrets),
        ]
        if let reasoning = reply.reasoning, !reasoning.isEmpty {
            metadata["reasoning"] = .string(Redaction.redact(reasoning, secrets: secrets))
        }
        metadata["parameters"] = probe.plan.record
        for (key, value) in TurnUsage.parts(of: reply).entries { metadata[key] = value }
        let inputTokens = reply.inputTokens ?? tokens.count(messages: messages, route: probe.route)
        let outputTokens = reply.outputTokens ?? tokens.count(trimmed, route: probe.route)
        if reply.inputTokens == nil || reply.outputTokens == nil {
            metadata["tokensEstimated"] = .bool(true)
            if !tokens.isExact(for: probe.route) {
                logger.error("tokenizer data unavailable: OpenAI token counts are estimates", metadata: ["turn": "\(number)"])
            }
        }
        var response = trimmed
        let size = trimmed.utf8.count
        if size > Self.maxReplyBytes {
            response = Self.truncate(trimmed, toBytes: Self.maxReplyBytes)
            metadata["truncated"] = .bool(true)
            metadata["originalBytes"] = .int(size)
            logger.warning("reply truncated", metadata: ["turn": "\(number)", "originalBytes": "\(size)"])
        }
        return Turn(turnNumber: number, promptLabel: label, probePrompt: prompt, targetResponse: response,
                    inputTokens: inputTokens, outputTokens: outputTokens, durationMs: durationMs,
                    providerMetadata: metadata)
    }

    /// `text` cut at the last code-point boundary at or below `limit` bytes.
    static func truncate(_ text: String, toBytes limit: Int) -> String {
        var bytes = 0
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            if bytes + width > limit { break }
            bytes += width
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Drops what the engine already learned this model refuses (DECISIONS D4).
    private mutating func applyLearned() {
        guard let learned else { return }
        for rejection in learned.drops(provider: probe.route.provider, model: probe.route.modelName) {
            if let plan = probe.plan.dropping(rejection.name, reason: rejection.reason) { probe.plan = plan }
        }
    }

    /// `send`, and when the reply refuses a parameter being sent, the same turn once more without
    /// it (never more than once per parameter per turn; DECISIONS D4).
    private mutating func sendHealing(messages: [ChatMessage], deadline: ContinuousClock.Instant) async -> (Result<ProviderReply, ProbeError>, Int) {
        var healed: Set<String> = []
        var retries = 0
        while true {
            applyLearned()
            let (outcome, retried, rejection, sent) = await send(messages: messages, deadline: deadline)
            retries += retried
            // The plan of the last request, what the engine learned meanwhile included: the record stays true.
            probe.plan = sent
            guard let rejection, !healed.contains(rejection.name),
                  let plan = probe.plan.dropping(rejection.name, reason: rejection.reason) else { return (outcome, retries) }
            healed.insert(rejection.name)
            probe.plan = plan
            learned?.learn(provider: probe.route.provider, model: probe.route.modelName, rejection)
            logger.warning("parameter refused: the turn is sent again without it", metadata: [
                "name": "\(rejection.name)", "reason": "\(rejection.reason)",
            ])
        }
    }

    /// One request with in-engine retries: RATE_LIMIT and the transient classes counted apart.
    /// Also returns how many retries were taken, and the parameter a final 400/422 refused.
    private func send(messages: [ChatMessage],
                      deadline: ContinuousClock.Instant) async -> (Result<ProviderReply, ProbeError>, Int, ParameterRejection?, ParameterPlan) {
        var retries: [RetryClass: Int] = [:]
        var sent = probe.plan
        while true {
            if Task.isCancelled { return (.failure(Self.cancelled), retries.values.reduce(0, +), nil, sent) }
            let left = Self.milliseconds(deadline - clock.now)
            let outcome: Result<ProviderReply, ProbeError>
            var rejection: ParameterRejection?
            if left < 1 {
                outcome = .failure(classifier.transportError(.timedOut))
            } else {
                (outcome, rejection, sent) = await attempt(messages: messages, deadline: deadline)
            }
            let taken = retries.values.reduce(0, +)
            guard case .failure(let error) = outcome else { return (outcome, taken, nil, sent) }
            guard let retryClass = error.code.retryClass else { return (outcome, taken, rejection, sent) }
            let used = retries[retryClass, default: 0]
            guard used < retryClass.maxRetries else { return (outcome, taken, nil, sent) }
            let waitMs = (error.retryAfterMs ?? Self.defaultWaitMs(error, retryClass, retry: used + 1)) * settings.backoffScale
            let waitDuration = Duration.milliseconds(Int64(waitMs.rounded(.up)))
            guard clock.now + waitDuration < deadline else { return (outcome, taken, nil, sent) }
            retries[retryClass] = used + 1
            logger.warning("retrying request", metadata: [
                "code": "\(error.code.rawValue)", "retry": "\(used + 1)", "waitMs": "\(Int(waitMs))",
            ])
            do {
                try await clock.sleep(until: clock.now + waitDuration)
            } catch {
                return (.failure(Self.cancelled), taken, nil, sent)
            }
        }
    }

    /// D4's schedule: Anthropic's 529 `overloaded_error` (capacity for everyone) waits longer.
    static func defaultWaitMs(_ error: ProbeError, _ retryClass: RetryClass, retry k: Int) -> Double {
        if error.statusCode == ErrorMeaning.overloadedStatus { return overloadedWaitMs * Double(k) }
        return retryClass.defaultWaitMs(retry: k)
    }

    /// Retry k of a 529 waits 15·k s (DECISIONS D4, guess).
    static let overloadedWaitMs = 15_000.0

    /// One request through the gate (when there is one) and the transport, classified; with the
    /// parameter a 400/422 refused. The request is built after the gate lets it through, with
    /// what the engine learned meanwhile left out (DECISIONS D4).
    private func attempt(messages: [ChatMessage], deadline: ContinuousClock.Instant) async -> (Result<ProviderReply, ProbeError>, ParameterRejection?, ParameterPlan) {
        var ticket: ProviderPacing.Ticket?
        if let gate {
            do {
                ticket = try await gate.enter(deadline: deadline)
            } catch .cancelled {
                return (.failure(Self.cancelled), nil, probe.plan)
            } catch {
                return (.failure(classifier.transportError(.timedOut)), nil, probe.plan)
            }
        }
        var current = probe
        if let learned {
            for known in learned.drops(provider: probe.route.provider, model: probe.route.modelName) {
                if let plan = current.plan.dropping(known.name, reason: known.reason) { current.plan = plan }
            }
        }
        let request = current.httpRequest(messages: messages)
        let outcome: Result<ProviderReply, ProbeError>
        var rejection: ParameterRejection?
        var replied = true
        do throws(TransportFailure) {
            let left = Self.milliseconds(deadline - clock.now)
            guard left >= 1 else { throw TransportFailure.timedOut }
            let response = try await transport.send(request, timeoutMs: min(settings.requestTimeoutMs, left))
            logger.debug("attempt finished", metadata: [
                "provider": "\(probe.route.provider.rawValue)", "status": "\(response.status)", "bytes": "\(response.body.count)",
                "headers": .dictionary(Logger.Metadata(response.headers.map { ($0.name, .string($0.value)) }) { $1 }),
            ])
            outcome = classifier.classify(response)
            if case .failure(let error) = outcome, error.code == .validationError {
                rejection = ParameterRejection.find(status: response.status, ErrorBody(response.body))
                    .map { ParameterRejection(name: $0.name, reason: Redaction.redact($0.reason, secrets: secrets)) }
            }
        } catch {
            replied = false
            logger.debug("attempt failed", metadata: ["provider": "\(probe.route.provider.rawValue)", "failure": "\(error)"])
            outcome = .failure(classifier.transportError(error))
        }
        if let gate, let ticket {
            gate.leave(ticket, ProviderPacing.Outcome(outcome, replied: replied, backoffScale: settings.backoffScale))
        }
        return (outcome, rejection, current.plan)
    }

    static let cancelled = ProbeError(code: .cancelled, message: "probe cancelled")
}

