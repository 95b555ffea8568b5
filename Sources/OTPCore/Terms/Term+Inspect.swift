/// Printing terms exactly as Elixir 1.14's `inspect/1` does with its default options
/// (`limit: 50`, `printable_limit: 4096`, no pretty-printing).
///
/// Maps print in the order the BEAM iterates them (`Term.beamOrder(_:)`). One documented
/// difference: a map of more than 32 keys where some key is or holds an atom, a pid or a
/// reference prints in term order, while the BEAM prints it in an order that depends on that
/// VM's atom table (see `BEAMInternalHash`).
extension Term: CustomStringConvertible, CustomDebugStringConvertible {
    /// The term as `inspect/1` prints it, e.g. `{:ok, [1, 2]}`.
    public var description: String { inspect() }
    public var debugDescription: String { inspect() }

    /// The term as `inspect/2` prints it. `limit` is the number of collection items shown before
    /// `...` (nil: all of them), as Elixir's `:limit` option.
    public func inspect(limit: Int? = 50) -> String {
        var out = ""
        Inspector.write(self, limit: limit ?? Int.max, to: &out)
        return out
    }
}

/// The printing rules, kept apart so `Term` itself stays a plain data type.
enum Inspector {
    static let printableLimit = 4096

    static func write(_ term: Term, limit: Int, to out: inout String) {
        switch term {
        case .atom(let atom): out += atom.inspected
        case .int(let value): out += String(value)
        case .bigInt(let value): out += String(value)
        case .float(let value): out += ElixirFloat.format(value)
        case .binary(let bytes): writeBinary(bytes, limit: limit, to: &out)
        case .tuple(let items):
            out += "{"
            writeItems(items, limit: limit, to: &out) { item, limit, out in write(item, limit: limit, to: &out) }
            out += "}"
        case .list(let items): writeList(items, limit: limit, to: &out)
        case .improperList(let items, let tail):
            out += "["
            var remaining = limit
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                if remaining == 0 {
                    out += "..."
                    break
                }
                remaining = decrement(remaining)
                write(item, limit: remaining, to: &out)
                if index == items.count - 1 {
                    out += " | "
                    write(tail, limit: remaining, to: &out)
                }
            }
            out += "]"
        case .map(let entries): writeMap(entries, limit: limit, to: &out)
        case .pid(let pid): out += pid.description
        case .ref(let ref): out += ref.description
        }
    }

    static func decrement(_ limit: Int) -> Int { limit == Int.max ? limit : limit - 1 }

    /// Elixir's `container_doc`: each item is printed with the limit left after counting it.
    static func writeItems<C: Collection>(
        _ items: C, limit: Int, to out: inout String, _ each: (C.Element, Int, inout String) -> Void
    ) {
        var remaining = limit
        var first = true
        for item in items {
            if !first { out += ", " }
            first = false
            if remaining == 0 {
                out += "..."
                return
            }
            remaining = decrement(remaining)
            each(item, remaining, &out)
        }
    }

    static func writeList(_ items: [Term], limit: Int, to out: inout String) {
        if !items.isEmpty, isPrintableCharlist(items) {
            // `List.ascii_printable?/2` looked at the first `printableLimit` items only; the
            // text shows that many characters, then ` ++ ...` when the list goes on.
            var scalars = String.UnicodeScalarView()
            for item in items.prefix(printableLimit) {
                guard case .int(let code) = item, let scalar = Unicode.Scalar(UInt32(clamping: max(0, code))) else { break }
                scalars.append(scalar)
            }
            let (escaped, consumed) = escape(String(scalars), quote: "'", limit: printableLimit)
            out += "'"
            out += escaped
            out += consumed < items.count ? "' ++ ..." : "'"
            return
        }
        out += "["
        if isKeywordList(items) {
            writeItems(items, limit: limit, to: &out) { item, limit, out in
                guard case .tuple(let pair) = item, case .atom(let key) = pair[0] else { return }
                out += key.inspectedAsKey
                out += " "
                write(pair[1], limit: limit, to: &out)
            }
        } else {
            writeItems(items, limit: limit, to: &out) { item, limit, out in write(item, limit: limit, to: &out) }
        }
        out += "]"
    }

    /// `List.ascii_printable?(list, 4096)`: the first 4096 items are printable ASCII or one of
    /// the usual escapes (what follows them is not looked at).
    static func isPrintableCharlist(_ items: [Term]) -> Bool {
        for item in items.prefix(printableLimit) {
            guard case .int(let code) = item else { return false }
            switch code {
            case 32...126, 7...13, 27: continue
            default: return false
            }
        }
        return true
    }

    /// A keyword list: every item a pair whose first element is an atom not naming a module.
    static func isKeywordList(_ items: [Term]) -> Bool {
        if items.isEmpty { return false }
        for item in items {
            guard case .tuple(let pair) = item, pair.count == 2, case .atom(let key) = pair[0],
                !key.name.hasPrefix("Elixir.")
            else { return false }
        }
        return true
    }

    static func writeMap(_ entries: [Term: Term], limit: Int, to out: inout String) {
        // An exception struct (`__exception__: true`, an Elixir module in `__struct__`), as a raise
        // puts it in an exit reason: Elixir's exception modules are always loaded, so inspect
        // writes `%RuntimeError{message: "..."}`. Other structs name modules that may not exist
        // here, and stay maps.
        if entries[.atom("__exception__")] == .atom(.true), case .atom(let module)? = entries[.atom("__struct__")],
            module.name.hasPrefix("Elixir.")
        {
            var fields = entries
            fields[.atom("__exception__")] = nil
            fields[.atom("__struct__")] = nil
            var inner = ""
            writeMap(fields, limit: limit, to: &inner)
            out += "%" + module.name.dropFirst(7) + inner.dropFirst()
            return
        }
        let sorted = Term.beamOrder(entries)
        let atomKeys = sorted.allSatisfy {
            if case .atom(let key) = $0.key { return !key.name.hasPrefix("Elixir.") } else { return false }
        }
        out += "%{"
        writeItems(sorted, limit: limit, to: &out) { entry, limit, out in
            if atomKeys, case .atom(let key) = entry.key {
                out += key.inspectedAsKey
                out += " "
            } else {
                write(entry.key, limit: limit, to: &out)
                out += " => "
            }
            write(entry.value, limit: limit, to: &out)
        }
        out += "}"
    }

    static func writeBinary(_ bytes: [UInt8], limit: Int, to out: inout String) {
        if let text = printablePrefix(bytes) {
            // `Code.Identifier.escape/3` with the printable limit: the first 4096 characters,
            // then `" <> ...` when the binary goes on.
            let (escaped, consumed) = escape(text, quote: "\"", limit: printableLimit)
            out += "\""
            out += escaped
            out += consumed < text.unicodeScalars.count || text.utf8.count < bytes.count ? "\" <> ..." : "\""
            return
        }
        out += "<<"
        writeItems(bytes, limit: limit, to: &out) { byte, _, out in out += String(byte) }
        out += ">>"
    }

    /// `String.printable?(binary, 4096)`: the first 4096 characters are valid UTF-8 and
    /// printable (what follows them is not looked at). Returns the text of up to that many
    /// characters and a little more, or nil when the binary is not printable.
    static func printablePrefix(_ bytes: [UInt8]) -> String? {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        // One more than the limit, so escaping can tell whether anything follows.
        while scalars.count <= printableLimit {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalars.count < printableLimit, !isPrintable(scalar) { return nil }
                scalars.append(scalar)
            case .emptyInput:
                return String(scalars)
            case .error:
                return scalars.count >= printableLimit ? String(scalars) : nil
            }
        }
        return String(scalars)
    }

    /// One character of `String.printable?/2` in Elixir 1.14.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF, 7...13, 27, 127: return true
        default: return false
        }
    }

    /// `Code.Identifier.escape/2`: the text between quotes in a string, charlist or quoted atom.
    static func escape(_ text: String, quote: Character) -> String {
        escape(text, quote: quote, limit: Int.max).text
    }

    /// `Code.Identifier.escape/3`: at most `limit` characters (`#{` counts as one), and how many
    /// scalars of `text` that took.
    static func escape(_ text: String, quote: Character, limit: Int) -> (text: String, consumed: Int) {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var remaining = limit
        while index < scalars.count, remaining > 0 {
            remaining -= 1
            let scalar = scalars[index]
            let value = scalar.value
            if Character(scalar) == quote {
                out += "\\"
                out.unicodeScalars.append(scalar)
            } else if value == 0x23, index + 1 < scalars.count, scalars[index + 1] == "{" {
                out += "\\#{"
                index += 1
            } else {
                switch value {
                case 7: out += "\\a"
                case 8: out += "\\b"
                case 127: out += "\\d"
                case 27: out += "\\e"
                case 12: out += "\\f"
                case 10: out += "\\n"
                case 13: out += "\\r"
                case 92: out += "\\\\"
                case 9: out += "\\t"
                case 11: out += "\\v"
                case 0: out += "\\0"
                case 0xFEFF: out += "\\uFEFF"
                case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: out.unicodeScalars.append(scalar)
                case ..<0x100: out += "\\x" + hex(value, width: 2)
                case ..<0x10000: out += "\\u" + hex(value, width: 4)
                default: out += "\\u{" + hex(value, width: 1) + "}"
                }
            }
            index += 1
        }
        return (out, index)
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Atom {
    /// The atom as `inspect/1` prints it: `:ok`, `:"hello world"`, `nil`, `Foo.Bar`, `:+`.
    public var inspected: String {
        switch name {
        case "nil", "true", "false": return name
        default: break
        }
        if name.hasPrefix("Elixir.") {
            let rest = name.dropFirst("Elixir.".count)
            if AtomSyntax.isAlias(rest) { return String(rest) }
            return ":\"" + Inspector.escape(name, quote: "\"") + "\""
        }
        if name == "Elixir" { return "Elixir" }
        if AtomSyntax.isUnquoted(name) { return ":" + name }
        return ":\"" + Inspector.escape(name, quote: "\"") + "\""
    }

    /// The atom as a keyword key prints: `a:`, `"hello world":`.
    public var inspectedAsKey: String {
        if !name.hasPrefix("Elixir."), name == "nil" || name == "true" || name == "false" || AtomSyntax.isUnquoted(name) {
            return name + ":"
        }
        return "\"" + Inspector.escape(name, quote: "\"") + "\":"
    }
}

/// Which atoms Elixir writes without quotes (`Macro.classify_atom/1` in Elixir 1.14).
enum AtomSyntax {
    static let unquotedOperators: Set<String> = [
        "@", ".", "+", "-", "!", "^", "not", "*", "/", "**", "++", "--", "+++", "---", "..", "...",
        "<>", "in", "|>", "<<<", ">>>", "<<~", "~>>", "<~", "~>", "<~>", "<", ">", "<=", ">=", "==",
        "!=", "=~", "===", "!==", "&&", "&&&", "and", "||", "|||", "or", "=", "|", "\\\\", "<-",
        "when", "&", "->", "..//", "%{}", "{}", "%", "<<>>",
    ]

    static func isUnquoted(_ name: String) -> Bool {
        if unquotedOperators.contains(name) { return true }
        return isIdentifier(Substring(name))
    }

    /// `[letter or _][letters, digits, _, @]*[?!]?`; letters may be any Unicode letter.
    static func isIdentifier(_ text: Substring) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        for (index, scalar) in scalars.enumerated().dropFirst() {
            if scalar == "?" || scalar == "!" { return index == scalars.count - 1 }
            if !(scalar == "_" || scalar == "@" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                return false
            }
        }
        return true
    }

    /// `Foo.Bar`: dot-separated segments, each an ASCII capital then letters, digits or `_`.
    static func isAlias(_ text: Substring) -> Bool {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty
            && segments.allSatisfy { segment in
                guard let first = segment.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
                return segment.unicodeScalars.allSatisfy {
                    ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                }
            }
    }
}

/// Elixir's float printing: the shortest digits that read back as the same double, written in
/// plain decimal or scientific form as `Float.to_string/1` chooses.
enum ElixirFloat {
    static func format(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is also the shortest round-trip form; take its digits and exponent.
        let text = String(describing: abs(value))
        var digits = ""
        var exponent = 0
        var mantissa = Substring(text)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var pointOffset = mantissa.count
        if let dot = mantissa.firstIndex(of: ".") { pointOffset = mantissa.distance(from: mantissa.startIndex, to: dot) }
        digits = mantissa.filter { $0 != "." }
        // value = 0.DIGITS × 10^place
        var place = pointOffset + exponent
        while digits.hasPrefix("0") {
            digits.removeFirst()
            place -= 1
        }
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        let count = digits.count
        let scientificExponent = place - 1
        let scientific: String = {
            let first = String(digits.prefix(1))
            let rest = digits.count > 1 ? String(digits.dropFirst()) : "0"
            return first + "." + rest + "e" + String(scientificExponent)
        }()
        if place <= 0 {
            let plain = "0." + String(repeating: "0", count: -place) + digits
            return sign + (plain.count <= scientific.count ? plain : scientific)
        }
        if place >= count {
            if scientificExponent >= 16 { return sign + scientific }
            return sign + digits + String(repeating: "0", count: place - count) + ".0"
        }
        return sign + String(digits.prefix(place)) + "." + String(digits.dropFirst(place))
    }
}
