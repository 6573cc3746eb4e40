import ProbeJSON
import ProbeMock
import ProbeTransport

/// The mock's own capacity: requests per second it answers to a lean client (libcurl through
/// ProbeTransport, no engine), so the engine's figures can be shown not to be the mock's limit.
enum MockCapacity {
    static func measure(port: Int, inFlight: Int, seconds: Double) async -> Double {
        let transport = CurlTransport(proxy: .none)
        let body = JSONWriter.bytes(.object([
            "model": .string("gpt-4o-mini"),
            "messages": .array([.object(["role": .string("user"), "content": .string("capacity")])]),
        ]))
        let request = HTTPRequest(
            url: "http://127.0.0.1:\(port)\(MockProvider.openai.basePath)/chat/completions",
            headers: [HTTPHeader(name: "Content-Type", value: "application/json"),
                      HTTPHeader(name: "Authorization", value: "Bearer \(MockProvider.openai.fakeKey)")],
            body: body)
        let start = Clock.ms()
        let end = start + seconds * 1000
        let answered = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    var count = 0
                    while Clock.ms() < end {
                        if let response = try? await transport.send(request, timeoutMs: 10_000), response.status == 200 {
                            count += 1
                        }
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        return Double(answered) / ((Clock.ms() - start) / 1000)
    }
}
