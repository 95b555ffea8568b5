import BigInt

/// Splits Elixir source text into tokens. Never traps: bad input is a `SyntaxError`.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    /// Symbols, longest first so `===` wins over `==` and `=`.
    static let symbols: [String] = [
        "===", "!==", "not in",
        "%{", "<<", ">>", "==", "!=", "<=", ">=", "<>", "++", "--", "::", "=>", "&&", "||", "..",
        "{", "}", "[", "]", "(", ")", ",", ";", "|", "<", ">", "=", "+", "-", "*", "/", "^", "!", "%", ".",
    ]
    static let wordOperators: Set<String> = ["when", "and", "or", "not", "in"]
    /// Operators that may follow `:` to make an atom, such as `:+` or `:===`.
    static let operatorAtoms: [String] = [
        "===", "!==", "<<>>", "%{}", "...", "\\\\", "->", "<-", "==", "!=", "<=", ">=", "<>", "++", "--", "&&", "||", "|>", "..",
        "{}", "<", ">", "+", "-", "*", "/", "!", "=", "|", "%", "@", "&", "^", ".",
    ]

    static func tokenize(_ source: String) throws(SyntaxError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var column: Int { index - lineStart + 1 }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let at = index + offset
        return at < scalars.count ? scalars[at] : nil
    }

    private func error(_ message: String, column: Int? = nil) -> SyntaxError {
        SyntaxError(message, line: line, column: column ?? self.column)
    }

    private func starts(with text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isLowercase || (s.properties.isAlphabetic && !s.properties.isUppercase)
    }
    static func isIdentifierPart(_ s: Unicode.Scalar) -> Bool { s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s) }
    static func isDigit(_ s: Unicode.Scalar?) -> Bool { s.map { ("0"..."9").contains($0) } ?? false }

    private mutating func skipSpace() {
        while let s = peek() {
            if s == "\n" {
                index += 1
                line += 1
                lineStart = index
            } else if s == " " || s == "\t" || s == "\r" {
                index += 1
            } else if s == "#" {
                while let c = peek(), c != "\n" {
                    _ = c
                    index += 1
                }
            } else {
                return
            }
        }
    }

    mutating func next() throws(SyntaxError) -> Token {
        skipSpace()
        let startColumn = column
        let startLine = line
        func token(_ kind: Token.Kind) -> Token { Token(kind: kind, line: startLine, column: startColumn) }
        guard let s = peek() else { return token(.end) }

        if Lexer.isDigit(s) { return token(try number()) }
        if s == "?" {
            index += 1
            guard let c = peek() else { throw error("unexpected end of input after ?") }
            index += 1
            if c == "\\" { return token(.integer(BigInt(try escape(inString: false)))) }
            return token(.integer(BigInt(c.value)))
        }
        if s == "\"" {
            let bytes = try quoted(closing: "\"", inString: true)
            if try keywordColon() {
                guard let name = String(validating: bytes, as: UTF8.self) else { throw error("invalid atom", column: startColumn) }
                return token(.keywordKey(name))
            }
            return token(.string(bytes))
        }
        if s == "'" {
            let bytes = try quoted(closing: "'", inString: false)
            let text = String(decoding: bytes, as: UTF8.self)
            return token(.charlist(text.unicodeScalars.map(\.value)))
        }
        if s == ":" && peek(1) != ":" {
            index += 1
            guard let c = peek() else { throw error("unexpected end of input after :") }
            if c == "\"" {
                let bytes = try quoted(closing: "\"", inString: true)
                guard let name = String(validating: bytes, as: UTF8.self) else { throw error("invalid atom", column: startColumn) }
                return token(.atom(name))
            }
            if Lexer.isIdentifierPart(c) && !Lexer.isDigit(c) {
                return token(.atom(identifierText(allowAt: true)))
            }
            for op in Lexer.operatorAtoms where starts(with: op) {
                index += op.unicodeScalars.count
                return token(.atom(op))
            }
            throw error("unexpected token: :", column: startColumn)
        }
        if Lexer.isIdentifierStart(s) {
            let name = identifierText(allowAt: false)
            if try keywordColon() { return token(.keywordKey(name)) }
            switch name {
            case "true", "false", "nil": return token(.atom(name))
            case "not":
                let save = (index, line, lineStart)
                skipSpace()
                if starts(with: "in"), !(peek(2).map(Lexer.isIdentifierPart) ?? false) {
                    index += 2
                    return token(.symbol("not in"))
                }
                (index, line, lineStart) = save
                return token(.symbol(name))
            default:
                if Lexer.wordOperators.contains(name) { return token(.symbol(name)) }
                return token(.identifier(name))
            }
        }
        if s.properties.isUppercase {
            var segments = [identifierText(allowAt: false)]
            while peek() == ".", let c = peek(1), c.properties.isUppercase {
                index += 1
                segments.append(identifierText(allowAt: false))
            }
            let name = segments.joined(separator: ".")
            if try keywordColon() { return token(.keywordKey(name)) }
            // `Elixir` and `Elixir.Foo` already name the atom; `Foo` is `:"Elixir.Foo"`.
            return token(.alias(segments[0] == "Elixir" ? name : "Elixir." + name))
        }
        for symbol in Lexer.symbols where symbol != "not in" && starts(with: symbol) {
            index += symbol.unicodeScalars.count
            return token(.symbol(symbol))
        }
        throw error("unexpected character: \(String(s))")
    }

    /// After a key such as `a` or `"a b"`: consumes `: ` and says whether it was there.
    private mutating func keywordColon() throws(SyntaxError) -> Bool {
        guard peek() == ":", peek(1) != ":" else { return false }
        guard let after = peek(1), after == " " || after == "\n" || after == "\t" else {
            if peek(1) == nil { throw error("unexpected end of input after keyword") }
            return false
        }
        index += 1
        return true
    }

    private mutating func identifierText(allowAt: Bool) -> String {
        var text = String.UnicodeScalarView()
        while let c = peek(), Lexer.isIdentifierPart(c) || (allowAt && c == "@") {
            text.append(c)
            index += 1
        }
        if let c = peek(), c == "?" || c == "!" {
            text.append(c)
            index += 1
        }
        return String(text)
    }

    private mutating func number() throws(SyntaxError) -> Token.Kind {
        let startColumn = column
        if peek() == "0", let marker = peek(1), marker == "x" || marker == "o" || marker == "b" {
            index += 2
            let radix = marker == "x" ? 16 : marker == "o" ? 8 : 2
            let digits = digitsText { $0.properties.isASCIIHexDigit }
            guard !digits.isEmpty, let value = BigInt(digits, radix: radix) else {
                throw error("invalid number", column: startColumn)
            }
            return .integer(value)
        }
        var text = digitsText { Lexer.isDigit($0) }
        if peek() == ".", Lexer.isDigit(peek(1)) {
            index += 1
            text += "." + digitsText { Lexer.isDigit($0) }
            if let e = peek(), e == "e" || e == "E" {
                var offset = 1
                if peek(1) == "-" || peek(1) == "+" { offset = 2 }
                if Lexer.isDigit(peek(offset)) {
                    text += "e" + (offset == 2 ? String(peek(1)!) : "")
                    index += offset
                    text += digitsText { Lexer.isDigit($0) }
                }
            }
            guard let value = Double(text), value.isFinite else { throw error("invalid float", column: startColumn) }
            return .float(value)
        }
        guard let value = BigInt(text) else { throw error("invalid number", column: startColumn) }
        return .integer(value)
    }

    /// Digits with Elixir's `_` separators (`1_000`), separators removed.
    private mutating func digitsText(_ isDigit: (Unicode.Scalar) -> Bool) -> String {
        var text = ""
        while let c = peek() {
            if isDigit(c) {
                text.unicodeScalars.append(c)
                index += 1
            } else if c == "_", let d = peek(1), isDigit(d) {
                index += 1
            } else {
                break
            }
        }
        return text
    }

    /// The UTF-8 bytes between the quotes, escapes resolved.
    private mutating func quoted(closing: Unicode.Scalar, inString: Bool) throws(SyntaxError) -> [UInt8] {
        let startColumn = column
        let startLine = line
        index += 1
        var bytes: [UInt8] = []
        while true {
            guard let c = peek() else {
                throw SyntaxError(
                    "missing terminator: \(closing) (for \(inString ? "string" : "charlist") starting at line \(startLine))",
                    line: startLine, column: startColumn)
            }
            index += 1
            if c == closing { return bytes }
            if c == "\n" {
                line += 1
                lineStart = index
            }
            if c == "#", peek() == "{" { throw error("string interpolation is not supported here", column: column - 1) }
            if c == "\\" {
                let value = try escape(inString: inString)
                if inString, value < 0x100, isByteEscape {
                    bytes.append(UInt8(value))
                } else {
                    guard let scalar = Unicode.Scalar(value) else { throw error("invalid code point in escape") }
                    bytes.append(contentsOf: Array(String(scalar).utf8))
                }
                continue
            }
            bytes.append(contentsOf: Array(String(c).utf8))
        }
    }

    private var isByteEscape = false

    /// Reads what follows a backslash; returns the code point (or byte, for `\xHH` in strings).
    private mutating func escape(inString: Bool) throws(SyntaxError) -> UInt32 {
        isByteEscape = false
        guard let c = peek() else { throw error("unexpected end of input after \\") }
        index += 1
        switch c {
        case "n": return 10
        case "t": return 9
        case "r": return 13
        case "a": return 7
        case "b": return 8
        case "d": return 127
        case "e": return 27
        case "f": return 12
        case "v": return 11
        case "s": return 32
        case "0": return 0
        case "x":
            var digits = ""
            while digits.count < 2, let h = peek(), h.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(h)
                index += 1
            }
            guard let value = UInt32(digits, radix: 16) else { throw error("invalid \\x escape") }
            isByteEscape = true
            return value
        case "u":
            var digits = ""
            if peek() == "{" {
                index += 1
                while let h = peek(), h != "}" {
                    digits.unicodeScalars.append(h)
                    index += 1
                }
                guard peek() == "}" else { throw error("missing } in \\u escape") }
                index += 1
            } else {
                while digits.count < 4, let h = peek(), h.properties.isASCIIHexDigit {
                    digits.unicodeScalars.append(h)
                    index += 1
                }
            }
            guard let value = UInt32(digits, radix: 16), Unicode.Scalar(value) != nil else { throw error("invalid \\u escape") }
            return value
        default: return c.value
        }
    }
}
