import Crypto

/// A SHA-256 digest built from labelled fields, for the verdict cache's keys (swift-crypto's
/// hasher underneath).
///
/// Threading: a value type; one instance per digest, used by one caller.
struct FieldDigest {
    private var hasher = SHA256()

    mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// Adds a labelled field, so that moving bytes from one field to the next changes the digest.
    mutating func field(_ label: String, _ bytes: [UInt8]) {
        update(Array("\(label):\(bytes.count):".utf8))
        update(bytes)
    }

    /// The digest in lowercase hex.
    mutating func finish() -> String {
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The SHA-256 of `bytes`, in lowercase hex.
    static func hex(_ bytes: [UInt8]) -> String {
        var digest = FieldDigest()
        digest.update(bytes)
        return digest.finish()
    }
}
