import ProbeEngine
import ProbeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of a test's own (scripts/pg-cluster), for the tests that stop the server.
struct Cluster {
    let directory: String
    let url: String

    static var script: String {
        // Tests/ProbeStoreTests/Support/Cluster.swift → the repository root.
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/scripts/pg-cluster"
    }

    static func start(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Cluster {
        var template = Array("/tmp/probe-pg-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        try #require(made != nil, "mkdtemp failed", sourceLocation: sourceLocation)
        let directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let result = try await run("start", directory, sourceLocation: sourceLocation)
        let line = result.stdoutText.split(separator: "\n").first { $0.hasPrefix("DATABASE_URL=") }
        let url = try #require(line.map { String($0.dropFirst("DATABASE_URL=".count)) }, sourceLocation: sourceLocation)
        return Cluster(directory: directory, url: url)
    }

    /// Runs `body` with a cluster of its own, removed afterwards whatever happens.
    static func with(sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: (Cluster) async throws -> Void) async throws {
        let cluster = try await start(sourceLocation: sourceLocation)
        do {
            try await body(cluster)
        } catch {
            await cluster.destroy()
            throw error
        }
        await cluster.destroy()
    }

    func stop() async throws { _ = try await Self.run("stop", directory) }
    func resume() async throws { _ = try await Self.run("resume", directory) }
    func destroy() async { _ = try? await Self.run("destroy", directory) }

    @discardableResult
    private static func run(_ command: String, _ directory: String,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> ProcessResult {
        var environment = ProcessEnvironment.current()
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let result = await Subprocess.run("/bin/bash", arguments: [script, command, directory], environment: environment,
                                          stdin: [], hangGuardSeconds: 120)
        try #require(result.exitStatus == 0, "pg-cluster \(command): \(result.summary)", sourceLocation: sourceLocation)
        return result
    }
}
