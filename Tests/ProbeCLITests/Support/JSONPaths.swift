import ProbeEngine

/// A location inside a JSON document: object keys and array positions from the root.
struct JSONPath: Sendable, CustomStringConvertible {
    enum Step: Sendable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]

    var description: String {
        steps.map { step in
            switch step {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }.joined()
    }

    /// Every member and element below `value` (not the root), parents before children.
    static func all(in value: JSONValue, prefix: [Step] = []) -> [JSONPath] {
        var paths: [JSONPath] = []
        switch value {
        case .object(let object):
            for entry in object.entries {
                let steps = prefix + [.key(entry.key)]
                paths.append(JSONPath(steps: steps))
                paths += all(in: entry.value, prefix: steps)
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                let steps = prefix + [.index(index)]
                paths.append(JSONPath(steps: steps))
                paths += all(in: item, prefix: steps)
            }
        default:
            break
        }
        return paths
    }
}

extension JSONValue {
    /// This value with the member or element at `path` replaced (`nil` removes a member;
    /// removing an array element drops it).
    func replacing(_ path: ArraySlice<JSONPath.Step>, with replacement: JSONValue?) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        let rest = path.dropFirst()
        switch (self, step) {
        case (.object(var object), .key(let key)):
            if rest.isEmpty {
                object[key] = replacement
            } else if let child = object[key] {
                object[key] = child.replacing(rest, with: replacement)
            }
            return .object(object)
        case (.array(var items), .index(let index)) where items.indices.contains(index):
            if rest.isEmpty {
                if let replacement { items[index] = replacement } else { items.remove(at: index) }
            } else {
                items[index] = items[index].replacing(rest, with: replacement)
            }
            return .array(items)
        default:
            return self
        }
    }

    func replacing(_ path: JSONPath, with replacement: JSONValue?) -> JSONValue {
        replacing(path.steps[...], with: replacement)
    }
}

/// Byte-level helpers for building mutants.
enum Bytes {
    /// A placeholder string that JSONWriter writes verbatim, replaced afterwards by raw text
    /// that JSONValue cannot hold (`1e400`, `NaN`, a lone surrogate escape, …).
    static let placeholder = "\u{E000}raw\u{E000}"

    /// `value` written with each quoted placeholder replaced by `raw`.
    static func write(_ value: JSONValue, raw: String) -> [UInt8] {
        replace(JSONWriter.bytes(value), Array("\"\(placeholder)\"".utf8), with: Array(raw.utf8))
    }

    static func replace(_ bytes: [UInt8], _ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, bytes.count >= needle.count else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + needle.count <= bytes.count, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                out += replacement
                index += needle.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }
}
