import CCrypto

/// SHA-256 through the system's libcrypto.
enum SHA256 {
    /// The lowercase hex digest of `bytes`.
    static func hexDigest(_ bytes: [UInt8]) throws(TiktokenError) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                ccrypto_sha256(input.baseAddress, input.count, output.baseAddress)
            }
        }
        guard ok == 1 else { throw .digestFailed }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
