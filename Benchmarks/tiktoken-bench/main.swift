// Throughput, load time and memory of the Tiktoken target, side by side with Python
// tiktoken's `encode_ordinary` on the same text in the same run.
//
//     swift build -c release --scratch-path .build-tok-rel --product tiktoken-bench
//     .build-tok-rel/release/tiktoken-bench [MEGABYTES]
import Foundation
import Tiktoken

let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("tiktoken-bench: " + message + "\n").utf8))
    exit(1)
}

/// Resident set size in MB, from /proc/self/status.
func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

// Arguments: [MEGABYTES] (default 4.5), or `--text FILE` to time Swift alone on FILE.
let arguments = Array(CommandLine.arguments.dropFirst())
let swiftOnlyText = arguments.first == "--text" ? arguments.dropFirst().first : nil
let megabytes = swiftOnlyText == nil ? arguments.first ?? "4.5" : "0"
let textPath = swiftOnlyText ?? NSTemporaryDirectory() + "tiktoken-bench-\(getpid()).txt"
defer { if swiftOnlyText == nil { try? FileManager.default.removeItem(atPath: textPath) } }
var reference: [String: (tokens: Int, seconds: Double)] = [:]
if swiftOnlyText == nil { runReference() }

/// Runs the Python half first (it writes the text), so its memory does not mix with ours.
@MainActor
func runReference() {
    let python = Process()
    python.executableURL = URL(fileURLWithPath: root + "/.venv/bin/python")
    python.arguments = [root + "/scripts/tiktoken/bench_reference.py", textPath, megabytes]
    let pipe = Pipe()
    python.standardOutput = pipe
    do { try python.run() } catch { fail("cannot run \(root)/.venv/bin/python: \(error)") }
    let pythonOutput = pipe.fileHandleForReading.readDataToEndOfFile()
    python.waitUntilExit()
    guard python.terminationStatus == 0 else { fail("bench_reference.py failed") }
    for line in String(decoding: pythonOutput, as: UTF8.self).split(separator: "\n") {
        let fields = line.split(separator: " ")
        if fields.count == 3, let tokens = Int(fields[1]), let time = Double(fields[2]) {
            reference[String(fields[0])] = (tokens, time)
        }
    }
}

guard let data = FileManager.default.contents(atPath: textPath) else { fail("no benchmark text") }
let text = String(decoding: data, as: UTF8.self)
let textMB = Double(data.count) / 1e6

let directory: String
do { directory = try VocabularyLocator(environment: ProcessInfo.processInfo.environment).locate() } catch {
    fail("\(error)")
}
print("text: \(format(textMB, 2)) MB (Python stdlib source + multi-script corpus), one thread")
print("vocabularies: \(directory)")
print("")

for name in ["cl100k_base", "o200k_base"] {
    let before = residentMB()
    var encoding: Encoding?
    let firstLoad = try seconds { encoding = try Encoding.load(name: name, directory: directory) }
    let loadedMB = residentMB() - before
    guard let encoding else { fail("load failed") }
    var warmLoad = Double.infinity
    for _ in 0..<3 {
        warmLoad = min(warmLoad, try seconds { _ = try Encoding.load(name: name, directory: directory) })
    }
    var ids: [Int] = []
    var best = Double.infinity
    for _ in 0..<3 {
        best = min(best, seconds { ids = encoding.encode(text) })
    }
    let swiftMBs = textMB / best
    print("\(name):")
    print("  load: \(format(firstLoad * 1000)) ms first (includes the Unicode class table if first), "
        + "\(format(warmLoad * 1000)) ms warm   (target < 100 ms)")
    print("  memory once loaded: \(format(loadedMB)) MB resident "
        + "(tables \(format(Double(encoding.tableBytes) / 1e6)) MB)   (target < 60 MB)")
    if let ref = reference[name] {
        let refMBs = textMB / ref.seconds
        let same = ref.tokens == ids.count ? "same token count" : "TOKEN COUNT DIFFERS: \(ref.tokens) vs \(ids.count)"
        print("  encode: Swift \(format(swiftMBs)) MB/s, tiktoken \(format(refMBs)) MB/s, "
            + "ratio \(format(swiftMBs / refMBs, 2))x   (target >= 2x; \(ids.count) tokens, \(same))")
    } else {
        print("  encode: Swift \(format(swiftMBs)) MB/s (no tiktoken figure)")
    }
}
