/// A database URL checked before anything runs (DECISIONS D12): what libpq's `PQconninfoParse`
/// rejects, and the values libpq 15 itself rejects only when it connects (`connectOptions2` and
/// the port and integer checks of `PQconnectPoll`, src/interfaces/libpq/fe-connect.c), so a bad
/// setting is a usage error, not an outage that is retried and spooled. Messages never carry
/// the password (`URLRedaction`).
enum ConnectionSettings {
    /// Allowed values of libpq 15's enumerated settings (fe-connect.c, `connectOptions2`).
    static let choices: [String: Set<String>] = [
        "sslmode": ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"],
        "channel_binding": ["disable", "prefer", "require"],
        "gssencmode": ["disable", "prefer", "require"],
        "target_session_attrs": ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"],
        "ssl_min_protocol_version": ["", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
        "ssl_max_protocol_version": ["", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
    ]

    /// Settings libpq reads as a C `int` (`parse_int_param`).
    static let integers = ["connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                           "keepalives_count", "tcp_user_timeout"]

    /// The problem with `url`, or nil when libpq would accept it; never quotes the password.
    static func problem(in url: String, parse: (String) -> Result<[String: String], ParseFailure>) -> String? {
        let settings: [String: String]
        switch parse(url) {
        case .success(let parsed): settings = parsed
        case .failure(let failure): return URLRedaction.redact(failure.message, url: url)
        }
        return problem(in: settings).map { URLRedaction.redact($0, url: url) }
    }

    /// Which database `settings` name, without the password: `host=… port=… dbname=… user=…`
    /// as written (what is not written is left out: libpq's defaults apply).
    static func identity(_ settings: [String: String]) -> String {
        ["hostaddr", "host", "port", "dbname", "user"].compactMap { key in
            settings[key].flatMap { $0.isEmpty ? nil : "\(key)=\($0)" }
        }.joined(separator: " ")
    }

    /// A parse failure: libpq's message.
    struct ParseFailure: Error {
        let message: String
    }

    /// The first setting libpq would refuse to connect with.
    static func problem(in settings: [String: String]) -> String? {
        for key in choices.keys.sorted() {
            if let value = settings[key], let allowed = choices[key], !allowed.contains(value) {
                return "invalid \(key) value: \"\(value)\" (one of \(allowed.filter { !$0.isEmpty }.sorted().joined(separator: ", ")))"
            }
        }
        if let range = protocolRangeProblem(settings) { return range }
        for key in integers {
            if let value = settings[key], !value.isEmpty, parseInt(value) == nil {
                return "invalid integer value \"\(value)\" for connection option \"\(key)\""
            }
        }
        return portProblem(settings)
    }

    /// libpq's `parse_int_param`: `strtol` (leading spaces and a sign allowed), the whole value
    /// read but for trailing spaces, within a C `int`.
    static func parseInt(_ text: String) -> Int32? {
        var scalars = Array(text.unicodeScalars)
        while let first = scalars.first, isCSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isCSpace(last) { scalars.removeLast() }
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars.removeFirst()
        }
        guard !scalars.isEmpty, scalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { return nil }
        while scalars.count > 1, scalars.first == "0" { scalars.removeFirst() }
        guard scalars.count <= 11 else { return nil }
        let magnitude = scalars.reduce(Int64(0)) { $0 * 10 + Int64($1.value - 0x30) }
        return Int32(exactly: negative ? -magnitude : magnitude)
    }

    private static func isCSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
    }

    /// Every port 1 … 65535 (empty: the default), one port or one per host (`PQconnectPoll`,
    /// `connectOptions2`).
    private static func portProblem(_ settings: [String: String]) -> String? {
        guard let ports = settings["port"], !ports.isEmpty else { return nil }
        let items = ports.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for item in items where !item.isEmpty {
            guard let port = parseInt(item), (1...65535).contains(port) else {
                return "invalid port number: \"\(item)\" (1 to 65535)"
            }
        }
        let hosts = [settings["hostaddr"], settings["host"]].compactMap { $0 }.first { !$0.isEmpty }
        let hostCount = hosts.map { $0.split(separator: ",", omittingEmptySubsequences: false).count } ?? 1
        if items.count != 1 && items.count != hostCount {
            return "could not match \(items.count) port numbers to \(hostCount) hosts"
        }
        return nil
    }

    /// `ssl_min_protocol_version` above `ssl_max_protocol_version` (`sslVerifyProtocolRange`).
    private static func protocolRangeProblem(_ settings: [String: String]) -> String? {
        let order = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
        guard let low = settings["ssl_min_protocol_version"].flatMap({ order.firstIndex(of: $0) }),
              let high = settings["ssl_max_protocol_version"].flatMap({ order.firstIndex(of: $0) }),
              low > high else { return nil }
        return "invalid SSL protocol version range"
    }
}
