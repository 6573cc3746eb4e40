/// The `{model}` path segment of `/models/{model}:generateContent` (DECISIONS D2): the model
/// name sent, with every UTF-8 byte outside `A-Za-z0-9-._~:@` percent-encoded (upper-case hex).
enum GoogleModelPath {
    private static let hexDigits: [Character] = Array("0123456789ABCDEF")

    static func escape(_ modelName: String) -> String {
        var out = ""
        for byte in modelName.utf8 {
            if isUnreserved(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
             UInt8(ascii: ":"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}
