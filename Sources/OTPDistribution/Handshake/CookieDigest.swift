internal import Crypto

/// The handshake's proof of the shared cookie: MD5 of the cookie followed by the decimal text of
/// the other side's challenge (an unsigned 32-bit number).
///
/// Threading: stateless; call from any thread.
package enum CookieDigest {
    public static func digest(cookie: String, challenge: UInt32) -> [UInt8] {
        var md5 = Insecure.MD5()
        md5.update(data: Array(cookie.utf8))
        md5.update(data: Array(String(challenge).utf8))
        return Array(md5.finalize())
    }

    /// Compares two digests in time that does not depend on where they differ.
    static func matches(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
