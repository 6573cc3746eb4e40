import ProbeEngine
import ProbeMock
@testable import ProbeStore
import ProbeTestSupport
import Testing

/// Database URLs (DECISIONS D12): what libpq would reject is a usage error (exit 64) before any
/// provider is called, with a message naming the problem; no message ever shows the password.
@Suite struct DatabaseURLTests {
    static let secret = "s3cr3t-FAKE-pw"

    @Test(arguments: [
        ("postgres://probe:\(secret)@127.0.0.1:5432/probe", "postgres://probe:[REDACTED]@127.0.0.1:5432/probe"),
        ("could not parse \"postgresql://u:\(secret)@[::1/db\"", "could not parse \"postgresql://u:[REDACTED]@[::1/db\""),
        ("host=127.0.0.1 password=\(secret) dbname=probe", "host=127.0.0.1 password=[REDACTED] dbname=probe"),
        ("host=h password = '\(secret) x\\' y' port=1", "host=h password = [REDACTED] port=1"),
        ("postgres://h/db?sslmode=bogus&password=\(secret)&x=1", "postgres://h/db?sslmode=bogus&password=[REDACTED]&x=1"),
        ("no secret here: postgres://probe@h/db", "no secret here: postgres://probe@h/db"),
    ])
    func redactionRemovesPasswordsFromText(text: String, expected: String) {
        #expect(URLRedaction.redact(text) == expected)
    }

    @Test func theConfiguredPasswordIsRemovedWhereverItAppears() {
        let url = "postgres://probe:p%40ss-\(Self.secret)@h/db"
        let message = "server said: authentication for p@ss-\(Self.secret) failed; raw p%40ss-\(Self.secret)"
        let redacted = URLRedaction.redact(message, url: url)
        #expect(!redacted.contains(Self.secret))
        #expect(redacted == "server said: authentication for [REDACTED] failed; raw [REDACTED]")
        let quoted = URLRedaction.redact("echo se'cret-\(Self.secret)", url: "host=h password='se\\'cret-\(Self.secret)'")
        #expect(!quoted.contains(Self.secret))
    }

    @Test(arguments: [
        ("postgres://probe@127.0.0.1:5432/probe", nil),
        ("host=a,b port=5432,5433 connect_timeout=' 7 ' sslmode=verify-full target_session_attrs=prefer-standby", nil),
        ("postgres://h/db?ssl_min_protocol_version=TLSv1.2&ssl_max_protocol_version=TLSv1.3&gssencmode=disable", nil),
        ("host=h sslmode=bogus", "invalid sslmode value: \"bogus\""),
        ("postgres://h/db?channel_binding=maybe", "invalid channel_binding value: \"maybe\""),
        ("postgres://h/db?target_session_attrs=any-old", "invalid target_session_attrs value: \"any-old\""),
        ("postgres://h/db?ssl_min_protocol_version=TLSv1.3&ssl_max_protocol_version=TLSv1.1", "invalid SSL protocol version range"),
        ("postgres://h:0/db", "invalid port number: \"0\""),
        ("postgres://h:65536/db", "invalid port number: \"65536\""),
        ("host=h port=5432x", "invalid port number: \"5432x\""),
        ("host=a,b,c port=1,2", "could not match 2 port numbers to 3 hosts"),
        ("host=h connect_timeout=soon", "invalid integer value \"soon\" for connection option \"connect_timeout\""),
        ("host=h keepalives_idle=99999999999", "invalid integer value \"99999999999\" for connection option \"keepalives_idle\""),
    ] as [(String, String?)])
    func settingsLibpqWouldRejectAreNamed(url: String, problem: String?) throws {
        let found = PGConnection.checkURL(url)
        if let problem {
            #expect(found?.hasPrefix(problem) == true, "\(found ?? "nil")")
        } else {
            #expect(found == nil)
        }
    }

    /// Each bad URL through `probe` and `probe batch`: exit 64, the problem named, the password
    /// nowhere, no provider called.
    @Test(arguments: [
        ("postgresql://probe:\(secret)@[::1/probe", "IPv6"),
        ("postgresql://probe:\(secret)@127.0.0.1:99999/probe", "invalid port number"),
        ("postgresql://probe:\(secret)@127.0.0.1/probe?sslmode=bogus", "invalid sslmode value"),
        ("host=127.0.0.1 password=\(secret) sslmode=bogus", "invalid sslmode value"),
        ("host=127.0.0.1 password=\(secret) port", "missing \"=\""),
    ])
    func badURLsAreUsageErrorsWithoutThePassword(url: String, problem: String) async throws {
        let mock = try ProviderMock()
        for arguments in [["--database-url", url], ["batch", "--database-url", url], ["db", "flush", "--database-url", url]] {
            let result = try await DatabaseCommandTests.probe(arguments, stdin: DatabaseCommandTests.line("x"), mock: mock)
            #expect(result.exitStatus == 64, "\(arguments[0]): \(result.summary)")
            #expect(result.stderrText.contains(problem), "\(result.stderrText)")
            #expect(!result.stderrText.contains(Self.secret) && !result.stdoutText.contains(Self.secret))
            #expect(result.stdout.isEmpty)
        }
        let fromEnvironment = try await DatabaseCommandTests.probe(["batch"], stdin: DatabaseCommandTests.line("x"), mock: mock,
                                                                   extra: ["DATABASE_URL": url])
        #expect(fromEnvironment.exitStatus == 64)
        #expect(!fromEnvironment.stderrText.contains(Self.secret))
        #expect(mock.requests.isEmpty)
    }

    @Test func anUnreachableDatabaseIsLoggedWithoutThePassword() async throws {
        let mock = try ProviderMock()
        let spool = TestFiles.path("url-spool")
        defer { TestFiles.remove(spool) }
        let url = "postgres://probe:\(Self.secret)@127.0.0.1:1/probe?password=\(Self.secret)"
        let result = try await DatabaseCommandTests.probe(["--database-url", url, "--spool", spool],
                                                          stdin: DatabaseCommandTests.line("x"), mock: mock,
                                                          extra: ["PROBE_DB_RETRY_MS": "100", "PROBE_LOG_LEVEL": "debug"])
        #expect(result.exitStatus == 0)
        #expect(result.stderrText.contains("127.0.0.1"), "the reason is still there")
        #expect(!result.stderrText.contains(Self.secret))
        #expect(!(String(decoding: TestFiles.read(spool) ?? [], as: UTF8.self)).contains(Self.secret))
    }
}
