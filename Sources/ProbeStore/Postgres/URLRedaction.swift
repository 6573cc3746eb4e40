/// Database passwords kept out of every message (DECISIONS D12): libpq quotes a URL it cannot
/// parse whole, and a URL may reach a log line. `redact` replaces the password of a
/// `scheme://user:password@host` URL and the value of any `password=…` (key/value or URL query)
/// with `[REDACTED]`, then every occurrence of the configured URL's own password, as written
/// and percent-decoded, wherever it appears.
public enum URLRedaction {
    public static let marker = "[REDACTED]"

    /// `text` without any database password (of `url`, or of a URL or `password=` in the text).
    public static func redact(_ text: String, url: String? = nil, passwords: [String] = []) -> String {
        var result = replacing(secretSpans(in: text), in: text)
        var known = passwords
        if let url { known += self.passwords(in: url) }
        for password in Set(known.filter { !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.replacing(password, with: marker)
        }
        return result
    }

    /// The passwords written in `url` (a URL's user information or a `password=` value), as
    /// written and percent-decoded.
    static func passwords(in url: String) -> [String] {
        let raw = secretSpans(in: url).map { String(url[$0]) }.filter { $0 != marker }
        return raw + raw.compactMap(percentDecoded).filter { !raw.contains($0) } + raw.map(unquoted)
    }

    /// The ranges of secrets in `text`: after `user:` in `scheme://user:…@`, and the value of
    /// `password=` (up to a space, `&`, `"` or the end; a quoted key/value value up to its quote).
    static func secretSpans(in text: String) -> [Range<String.Index>] {
        var spans: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let scheme = text[searchStart...].firstRange(of: "://") {
            let authorityEnd = text[scheme.upperBound...].firstIndex { "/?# \"'\n\t".contains($0) } ?? text.endIndex
            let authority = text[scheme.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                spans.append(text.index(after: colon)..<at)
            }
            searchStart = scheme.upperBound
        }
        searchStart = text.startIndex
        while let key = text[searchStart...].firstRange(of: "password") {
            searchStart = key.upperBound
            var cursor = key.upperBound
            while cursor < text.endIndex, text[cursor] == " " { cursor = text.index(after: cursor) }
            guard cursor < text.endIndex, text[cursor] == "=" else { continue }
            cursor = text.index(after: cursor)
            while cursor < text.endIndex, text[cursor] == " " { cursor = text.index(after: cursor) }
            let valueStart = cursor
            if cursor < text.endIndex, text[cursor] == "'" {
                cursor = text.index(after: cursor)
                while cursor < text.endIndex, text[cursor] != "'" {
                    if text[cursor] == "\\" { cursor = text.index(after: cursor) }
                    if cursor < text.endIndex { cursor = text.index(after: cursor) }
                }
                if cursor < text.endIndex { cursor = text.index(after: cursor) }
            } else {
                while cursor < text.endIndex, !" &\"\n\t".contains(text[cursor]) { cursor = text.index(after: cursor) }
            }
            if valueStart < cursor { spans.append(valueStart..<cursor) }
            searchStart = cursor
        }
        return spans
    }

    private static func replacing(_ spans: [Range<String.Index>], in text: String) -> String {
        var result = ""
        var cursor = text.startIndex
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) where span.lowerBound >= cursor {
            result += text[cursor..<span.lowerBound]
            result += marker
            cursor = span.upperBound
        }
        return result + text[cursor...]
    }

    /// `'se\'cret'` → `se'cret` (a quoted key/value value).
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.first == "'", text.last == "'" else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }

    /// `%xx` decoded; nil when nothing changes or the bytes are not UTF-8.
    private static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return nil }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
