import ProbeTestSupport
import ProbeTransport
import Testing

/// Proxies come only from the environment dictionary given, chosen by scheme; loopback is direct.
@Suite struct ProxyTests {
    @Test func httpsUsesHttpsProxyThenUpperCaseThenAllProxy() {
        #expect(ProxySettings(environment: ["https_proxy": "a:1", "HTTPS_PROXY": "b:1", "ALL_PROXY": "c:1"]).proxy(for: "https://x/") == "a:1")
        #expect(ProxySettings(environment: ["HTTPS_PROXY": "b:1", "ALL_PROXY": "c:1"]).proxy(for: "https://x/") == "b:1")
        #expect(ProxySettings(environment: ["ALL_PROXY": "c:1", "all_proxy": "d:1"]).proxy(for: "HTTPS://x/") == "d:1")  // DECISIONS D8: all_proxy before ALL_PROXY
        #expect(ProxySettings(environment: ["all_proxy": "d:1"]).proxy(for: "https://x/") == "d:1")
        #expect(ProxySettings(environment: ["http_proxy": "e:1"]).proxy(for: "https://x/") == "")
    }

    @Test func httpUsesLowerCaseHttpProxyThenAllProxy() {
        #expect(ProxySettings(environment: ["http_proxy": "a:1", "ALL_PROXY": "c:1"]).proxy(for: "http://x/") == "a:1")
        #expect(ProxySettings(environment: ["HTTP_PROXY": "b:1"]).proxy(for: "http://x/") == "")
        #expect(ProxySettings(environment: ["HTTP_PROXY": "b:1", "ALL_PROXY": "c:1"]).proxy(for: "http://x/") == "c:1")
        #expect(ProxySettings(environment: ["https_proxy": "e:1"]).proxy(for: "http://x/") == "")
    }

    @Test func emptyVariablesCountAsUnset() {
        let settings = ProxySettings(environment: ["https_proxy": "", "HTTPS_PROXY": "  ", "ALL_PROXY": "c:1"])
        #expect(settings.proxy(for: "https://x/") == "c:1")
        #expect(ProxySettings(environment: [:]).proxy(for: "https://x/") == "")
    }

    @Test func noProxyListIsTrimmedAndAlwaysCoversLoopback() {
        let settings = ProxySettings(environment: ["no_proxy": " example.com, .internal ,,localhost"])
        #expect(settings.noProxyHosts == ["example.com", ".internal", "localhost"])
        #expect(settings.curlNoProxy == "example.com,.internal,localhost,127.0.0.1,127.0.0.0/8,::1")
        #expect(ProxySettings(environment: [:]).curlNoProxy == "localhost,127.0.0.1,127.0.0.0/8,::1")
    }

    @Test func lowerCaseNoProxyWinsOverUpperCase() {
        #expect(ProxySettings(environment: ["no_proxy": "a", "NO_PROXY": "b"]).noProxyHosts == ["a"])
        #expect(ProxySettings(environment: ["NO_PROXY": "b"]).noProxyHosts == ["b"])
    }

    @Test func starAloneMeansNoProxyAnywhere() {
        #expect(ProxySettings(environment: ["no_proxy": "example.com, *"]).curlNoProxy == "*")
    }

    @Test func loopbackIsNeverProxiedEvenWithADeadProxy() async throws {
        let server = try LoopbackServer(script: [], otherwise: .text("direct"))
        defer { server.stop() }
        let dead = "http://127.0.0.1:\(try LoopbackServer.refusingPort())"
        let transport = CurlTransport(
            proxy: ProxySettings(environment: ["http_proxy": dead, "https_proxy": dead, "ALL_PROXY": dead]))
        for url in [server.url("/a"), "http://localhost:\(server.port)/b"] {
            let response = try await transport.send(post(url), timeoutMs: 120_000)
            #expect(response.body == Array("direct".utf8))
        }
        #expect(server.requests.map(\.target) == ["/a", "/b"])
    }

    @Test func otherHostsGoThroughTheProxy() async throws {
        // The loopback server plays the proxy: a plain-HTTP proxy gets the absolute URL.
        let proxy = try LoopbackServer(script: [.text("via proxy")])
        defer { proxy.stop() }
        let transport = CurlTransport(proxy: ProxySettings(environment: ["http_proxy": proxy.url("")]))
        let response = try await transport.send(post("http://provider.invalid/v1/chat"), timeoutMs: 120_000)
        #expect(response.body == Array("via proxy".utf8))
        #expect(proxy.requests.map(\.target) == ["http://provider.invalid/v1/chat"])
    }
}
