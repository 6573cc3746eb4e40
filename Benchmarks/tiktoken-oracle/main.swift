// The Swift side of the differential test (scripts/tiktoken/differential.py).
//
// Reads a cases file, one case a line: `HEX(utf8)<TAB>cl100k ids<TAB>o200k ids` (ids
// comma-separated), encodes each text with both encodings and prints one line per
// mismatch: `index<TAB>encoding<TAB>swift ids`, then `checked N mismatches M`.
import Foundation
import Tiktoken

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

guard CommandLine.arguments.count == 2 else { fail("usage: tiktoken-oracle CASES-FILE") }
let directory: String
let encodings: [Encoding]
do {
    directory = try VocabularyLocator(environment: ProcessInfo.processInfo.environment).locate()
    encodings = try ["cl100k_base", "o200k_base"].map { try Encoding.load(name: $0, directory: directory) }
} catch {
    fail("\(error)")
}
guard let data = FileManager.default.contents(atPath: CommandLine.arguments[1]) else {
    fail("cannot read \(CommandLine.arguments[1])")
}

func unhex(_ text: Substring) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count / 2)
    var high: UInt8 = 0
    var odd = false
    for char in text.utf8 {
        let value = char <= 0x39 ? char - 0x30 : char - 0x61 + 10
        if odd { bytes.append(high << 4 | value) } else { high = value }
        odd.toggle()
    }
    return bytes
}

var checked = 0
var mismatches = 0
var output = ""
for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
    guard fields.count == 3 else { fail("line \(index + 1): expected 3 fields") }
    let text = String(decoding: unhex(fields[0]), as: UTF8.self)
    for (encoding, expected) in zip(encodings, fields[1...2]) {
        let ids = encoding.encode(text).map(String.init).joined(separator: ",")
        if ids != expected {
            mismatches += 1
            output += "\(index)\t\(encoding.name)\t\(ids)\n"
        }
        if encoding.count(text) != expected.split(separator: ",").count {
            mismatches += 1
            output += "\(index)\t\(encoding.name)\tcount \(encoding.count(text))\n"
        }
    }
    checked += 1
}
print(output, terminator: "")
print("checked \(checked) mismatches \(mismatches)")
