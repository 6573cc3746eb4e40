import ProbeTransport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wait a reply asks for (SPEC §5, DECISIONS D4): `retry-after-ms`, else `Retry-After`
/// as seconds or an IMF-fixdate. nil = use the default schedule.
enum RetryAfter {
    static func waitMs(_ response: HTTPResponse, nowEpochMs: Double = WallClock.epochMs()) -> Double? {
        if let raw = response.header("retry-after-ms"), let ms = UnsignedNumber.parse(raw) {
            return ms
        }
        guard let raw = response.header("retry-after")?.trimmingASCIISpaces else { return nil }
        if let seconds = parseSeconds(raw) { return seconds * 1000 }
        if let date = parseIMFFixdate(raw) { return max(0, date * 1000 - nowEpochMs) }
        return nil
    }

    /// `^[0-9]+(\.[0-9]+)?$` as seconds.
    static func parseSeconds(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else {
            return nil
        }
        return Double(text)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` → seconds since the epoch.
    static func parseIMFFixdate(_ text: String) -> Double? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0].count == 4, fields[0].hasSuffix(","),
              days.contains(String(fields[0].prefix(3))), fields[5] == "GMT",
              fields[1].count == 2, let day = Int(fields[1]),
              let monthIndex = months.firstIndex(of: fields[2]),
              fields[3].count == 4, let year = Int(fields[3]) else { return nil }
        let clock = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(monthIndex)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Double(timegm(&parts))
    }
}

extension String {
    /// Without leading and trailing ASCII spaces and tabs (header values).
    var trimmingASCIISpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
