import ProbeEngine

/// What became of one result.
public enum WriteOutcome: Sendable, Equatable {
    /// A new row (and, for a success, its transcript).
    case inserted
    /// A success replaced an earlier failure.
    case replaced
    /// The database already had this outcome, or a success: nothing changed (SPEC §11).
    case unchanged
    /// Not written now: appended to the spool file for `probe db flush`, with the reason.
    case spooled(String)
    /// Not written and not spooled: nothing to write (CANCELLED, or no ids).
    case skipped(StoreRecord.Skip)
    /// Neither written nor spooled (the spool file failed too); the output on stdout is all that is left.
    case lost(String)

    init?(functionResult: String?) {
        switch functionResult {
        case "inserted": self = .inserted
        case "replaced": self = .replaced
        case "unchanged": self = .unchanged
        default: return nil
        }
    }
}

/// Counts of outcomes, for summaries.
public struct WriteTally: Sendable, Equatable {
    public var inserted = 0
    public var replaced = 0
    public var unchanged = 0
    public var spooled = 0
    public var skipped = 0
    public var lost = 0

    public init() {}

    mutating func add(_ outcome: WriteOutcome) {
        switch outcome {
        case .inserted: inserted += 1
        case .replaced: replaced += 1
        case .unchanged: unchanged += 1
        case .spooled: spooled += 1
        case .skipped: skipped += 1
        case .lost: lost += 1
        }
    }

    /// `{"inserted", "replaced", "unchanged", "spooled", "skipped", "lost"}`.
    public var json: JSONValue {
        .object([
            "inserted": .int(inserted), "replaced": .int(replaced), "unchanged": .int(unchanged),
            "spooled": .int(spooled), "skipped": .int(skipped), "lost": .int(lost),
        ])
    }
}
