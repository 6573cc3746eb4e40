import ProbeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// README's command one, `scripts/probe …`, on a bare machine (issue 15; DECISIONS D10): it
/// installs the build's missing packages the way `scripts/test` does, builds, then runs `probe`
/// with the caller's arguments and stdin, stdout untouched. Checked against fakes on PATH: a
/// `dpkg` whose answer comes from a list of installed packages, an `apt-get` that adds to that
/// list, `sudo`, `id`, and a `swift` that fails as the real build does while curl's header is
/// missing (`'curl/curl.h' file not found`) and otherwise hands over a stand-in `probe`.
@Suite("scripts/probe set-up", .serialized)
struct SetupScriptTests {
    static let packageRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// A scratch directory of fake commands; `installed` lists the packages dpkg reports.
    struct FakeMachine {
        let directory: String

        init(installed: [String], uid: Int) throws {
            var template = Array("/tmp/probe-setup-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
            }
            directory = try #require(made)
            mkdir(directory + "/bin", 0o755)
            try write("installed", installed.map { $0 + "\n" }.joined())
            try write("log", "")
            try script("dpkg", #"[ "$1" = -s ] && grep -qx "$2" "$FAKE/installed""#)
            try script("apt-get", #"""
                echo "apt-get $*" >> "$FAKE/log"
                if [ "$1" = install ]; then for p in "$@"; do case "$p" in -*|install) ;; *) echo "$p" >> "$FAKE/installed";; esac; done; fi
                """#)
            try script("sudo", #"echo "sudo $1" >> "$FAKE/log"; exec "$@""#)
            try script("id", "echo \(uid)")
            try script("swift", #"""
                case "$*" in *--show-bin-path*) echo "$FAKE/bin"; exit 0;; esac
                echo "swift $*" >> "$FAKE/log"
                grep -qx libcurl4-openssl-dev "$FAKE/installed" || { echo "error: 'curl/curl.h' file not found" >&2; exit 1; }
                echo "Building for debugging..."
                """#)
            try script("bin/probe", #"printf '{"probe":true,"args":"%s","stdin":%s}\n' "$*" "$(wc -c | tr -d ' ')""#)
        }

        func write(_ name: String, _ text: String) throws {
            try FileWriter.write(Array(text.utf8), to: directory + "/" + name)
        }

        func script(_ name: String, _ body: String) throws {
            try write(name, "#!/bin/sh\n" + body + "\n")
            chmod(directory + "/" + name, 0o755)
        }

        func read(_ name: String) -> String { String(decoding: BatchOutputTests.read(directory + "/" + name), as: UTF8.self) }

        func remove() {
            for name in ["installed", "log", "dpkg", "apt-get", "sudo", "id", "swift", "bin/probe"] { unlink(directory + "/" + name) }
            rmdir(directory + "/bin")
            rmdir(directory)
        }

        /// Runs `scripts/probe` with `arguments` and these fakes first on PATH.
        func runProbeScript(_ arguments: [String], stdin: String) async -> ProcessResult {
            await Subprocess.run(SetupScriptTests.packageRoot + "/scripts/probe", arguments: arguments,
                                 environment: ["PATH": directory + ":/usr/bin:/bin", "FAKE": directory], stdin: Array(stdin.utf8))
        }
    }

    static let buildPackages = ["libcurl4-openssl-dev", "libssl-dev", "libpq-dev"]

    @Test("a bare machine: the missing packages are installed (through sudo), then probe runs with stdout its own")
    func bareMachine() async throws {
        let machine = try FakeMachine(installed: ["libssl-dev"], uid: 1000)
        defer { machine.remove() }
        let result = await machine.runProbeScript(["--replay", "Fixtures/cassettes/demo.jsonl"], stdin: "{}\n")
        #expect(result.exitStatus == 0, "\(result.summary)")
        #expect(result.stdoutText == #"{"probe":true,"args":"--replay Fixtures/cassettes/demo.jsonl","stdin":3}"# + "\n",
                "stdout is probe's alone: \(result.summary)")
        let log = machine.read("log").split(separator: "\n").map(String.init)
        #expect(log == [
            "sudo apt-get", "apt-get update -qq",
            "sudo apt-get", "apt-get install -y -qq libcurl4-openssl-dev libpq-dev",
            "swift build --package-path \(Self.packageRoot) --product probe",
        ], "\(log)")
        #expect(result.stderrText.contains("Building for debugging"), "build output goes to stderr")
    }

    @Test("everything installed: no apt-get at all")
    func everythingInstalled() async throws {
        let machine = try FakeMachine(installed: Self.buildPackages, uid: 1000)
        defer { machine.remove() }
        let result = await machine.runProbeScript(["validate"], stdin: "")
        #expect(result.exitStatus == 0, "\(result.summary)")
        #expect(!machine.read("log").contains("apt-get"), "\(machine.read("log"))")
        #expect(result.stdoutText.hasPrefix(#"{"probe":true,"args":"validate""#))
    }

    @Test("as root: apt-get without sudo")
    func asRoot() async throws {
        let machine = try FakeMachine(installed: [], uid: 0)
        defer { machine.remove() }
        let result = await machine.runProbeScript([], stdin: "")
        #expect(result.exitStatus == 0, "\(result.summary)")
        let log = machine.read("log")
        #expect(!log.contains("sudo") && log.contains("apt-get install -y -qq \(Self.buildPackages.joined(separator: " "))"), "\(log)")
    }

    @Test("the fake reproduces the bare machine: building without the set-up stops at curl's header")
    func fakeBuildFailsWithoutHeaders() async throws {
        let machine = try FakeMachine(installed: [], uid: 1000)
        defer { machine.remove() }
        let result = await Subprocess.run(machine.directory + "/swift", arguments: ["run", "probe"],
                                          environment: ["PATH": machine.directory + ":/usr/bin:/bin", "FAKE": machine.directory], stdin: [])
        #expect(result.exitStatus == 1)
        #expect(result.stderrText.contains("'curl/curl.h' file not found"))
    }
}
