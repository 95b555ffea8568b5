import BigInt

/// One lexical token of the Elixir subset the tour reads.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case integer(BigInt)
        case float(Double)
        case atom(String)
        /// A string literal's bytes (escapes like `\xFF` can make invalid UTF-8).
        case string([UInt8])
        /// A charlist literal's code points.
        case charlist([UInt32])
        case identifier(String)
        /// `Foo.Bar`, already as the atom name `Elixir.Foo.Bar`.
        case alias(String)
        /// `key:` in a keyword list or map: the atom name.
        case keywordKey(String)
        /// Operators and punctuation, by their text: `{`, `%{`, `<<`, `==`, `when`, `;`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int

    var isKeywordKey: Bool {
        if case .keywordKey = kind { return true }
        return false
    }

    var symbol: String? {
        if case .symbol(let text) = kind { return text }
        return nil
    }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .integer(let value): return String(value)
        case .float(let value): return String(value)
        case .atom(let name): return ":" + name
        case .string: return "string"
        case .charlist: return "charlist"
        case .identifier(let name): return name
        case .alias(let name): return String(name.dropFirst("Elixir.".count))
        case .keywordKey(let name): return name + ":"
        case .symbol(let text): return text
        case .end: return "end of input"
        }
    }
}
