/// Node names: `alive@host`, where the alive part is letters, digits, `_` and `-`.
///
/// Threading: stateless; call from any thread.
package enum NodeName {
    /// Whether `name` has the form `alive@host` with a valid alive part and a non-empty host.
    public static func isValidFullName(_ name: String) -> Bool {
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, isValidAlive(String(parts[0])), !parts[1].isEmpty, parts[1].count <= 255 else { return false }
        return parts[1].utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "@") }
    }

    /// Whether `alive` may name a node: 1 to 255 letters, digits, `_` or `-`.
    public static func isValidAlive(_ alive: String) -> Bool {
        guard !alive.isEmpty, alive.utf8.count <= 255 else { return false }
        return alive.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// Splits `alive@host`; nil when it is not a valid full name.
    public static func split(_ name: String) -> (alive: String, host: String)? {
        guard isValidFullName(name), let at = name.firstIndex(of: "@") else { return nil }
        return (String(name[..<at]), String(name[name.index(after: at)...]))
    }
}
