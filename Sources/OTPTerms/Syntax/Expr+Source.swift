import OTPCore

extension Expr {
    /// The expression written back as Elixir source, as `Macro.to_string/1` would write the
    /// common forms (for error messages that quote the code, like iex's).
    var source: String {
        switch kind {
        case .literal(let term): return term.description
        case .variable(let name): return name
        case .pin(let name): return "^" + name
        case .tuple(let items): return "{" + items.map(\.source).joined(separator: ", ") + "}"
        case .list(let items, let tail):
            let body = items.map(\.source).joined(separator: ", ")
            return "[" + body + (tail.map { " | " + $0.source } ?? "") + "]"
        case .map(let entries): return "%{" + Expr.entries(entries) + "}"
        case .mapUpdate(let base, let entries): return "%{" + base.source + " | " + Expr.entries(entries) + "}"
        case .structure(let module, let entries):
            let name: String
            if case .literal(.atom(let atom)) = module.kind { name = atom.inspected } else { name = module.source }
            return "%" + name + "{" + Expr.entries(entries) + "}"
        case .binary(let segments): return "<<" + segments.map(\.source).joined(separator: ", ") + ">>"
        case .call(let name, let arguments):
            if arguments.count == 2, Parser.infix[name] != nil {
                return arguments[0].source + " " + name + " " + arguments[1].source
            }
            if arguments.count == 1, ["-", "+", "!", "not"].contains(name) {
                return name + (name == "not" ? " " : "") + arguments[0].source
            }
            return name + "(" + arguments.map(\.source).joined(separator: ", ") + ")"
        }
    }

    /// Map entries: `key: value` when every key is an atom that can be written so, else `=>`.
    static func entries(_ entries: [(key: Expr, value: Expr)]) -> String {
        let keyword = entries.allSatisfy {
            if case .literal(.atom(let atom)) = $0.key.kind { return !atom.name.hasPrefix("Elixir.") }
            return false
        }
        return entries.map { entry in
            if keyword, case .literal(.atom(let atom)) = entry.key.kind {
                return atom.inspectedAsKey + " " + entry.value.source
            }
            return entry.key.source + " => " + entry.value.source
        }.joined(separator: ", ")
    }

    /// iex's error for a struct whose module has no `defstruct` (arity 0 in a pattern, 1 in an
    /// expression).
    static func undefinedStruct(_ module: Atom, arity: Int) -> String {
        let name = module.inspected
        return
            "\(name).__struct__/\(arity) is undefined, cannot expand struct \(name). Make sure the struct name is correct. If the struct name exists and is correct but it still cannot be found, you likely have cyclic module usage in your code"
    }
}
