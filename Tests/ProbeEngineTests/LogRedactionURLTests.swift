import Logging
import ProbeEngine
import ProbeTransport
import Testing

/// The URL case of the redaction rule (SPEC §5, issue 17): a key inside a URL (a `Location`
/// header, a link in an error body, a transport failure naming the URL it tried) is redacted in
/// every log line, at every level, for every key variable (aliases included).
@Suite("log redaction: keys in URLs")
struct LogRedactionURLTests {
    typealias Base = LogRedactionTests

    static func url(_ testCase: Base.Case) -> String {
        "https://api.example.invalid/v1/keys?key=\(Base.key(testCase.variable))&next=1"
    }

    @Test("a URL carrying the key, in a header and an error body, is redacted", arguments: Base.cases, Base.levels)
    func urlInHeaderAndBody(_ testCase: Base.Case, level: Logger.Level) async {
        let url = Self.url(testCase)
        let body = #"{"error":{"message":"key revoked, see \#(url)"}}"#
        let (lines, output) = await Base.run(testCase, level: level, script: [
            Wire.response(503, body, headers: [("Location", url)]),
            Wire.response(401, body, headers: [("Location", url)]),
        ])
        #expect(output.error?.code == .authError)
        #expect(output.error?.details?.contains(Base.key(testCase.variable)) == false)
        Base.expectNoKey(lines, testCase)
        if level <= .debug {
            let attempts = lines.all.filter { $0.contains(#""msg":"attempt finished""#) }
            #expect(attempts.count == 2, "\(lines.text)")
            #expect(attempts.allSatisfy { $0.contains("keys?key=[REDACTED]&next=1") }, "\(lines.text)")
        }
    }

    @Test("a transport failure naming a URL with the key is redacted", arguments: Base.cases, Base.levels)
    func urlInTransportFailure(_ testCase: Base.Case, level: Logger.Level) async {
        let failure = TransportFailure.other("could not resolve \(Self.url(testCase))")
        let (lines, output) = await Base.run(testCase, level: level, script: [.failure(failure)])
        #expect(output.error?.code == .unknown)
        #expect(output.error.map { "\($0)" }?.contains(Base.key(testCase.variable)) == false)
        Base.expectNoKey(lines, testCase)
        if level <= .debug {
            let failed = lines.all.filter { $0.contains(#""msg":"attempt failed""#) }
            #expect(failed.count == 1, "\(lines.text)")
            #expect(failed.allSatisfy { $0.contains("keys?key=[REDACTED]&next=1") }, "\(lines.text)")
        }
    }
}
