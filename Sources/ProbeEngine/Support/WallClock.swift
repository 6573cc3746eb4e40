#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time without Foundation: epoch milliseconds and RFC 3339 timestamps.
public enum WallClock {
    /// Milliseconds since the Unix epoch.
    public static func epochMs() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec / 1_000_000)
    }

    /// `2026-11-25T16:38:34.123Z` for now.
    public static func rfc3339Now() -> String {
        rfc3339(epochMs: epochMs())
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC.
    public static func rfc3339(epochMs: Double) -> String {
        let totalMs = Int64(epochMs)
        var seconds = time_t(totalMs / 1000)
        let millis = Int(totalMs % 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
