import OTPCore

extension Bindings {
    /// The value a pattern bound to `name`. A pattern that matched bound every variable it names,
    /// so this throws only for a name the pattern does not have (a typo), saying which.
    ///
    /// ```swift
    /// try await receive("{:result, value}") { print(try $0.value("value")) }
    /// ```
    /// - Elixir: the variable itself, in the clause's body: `{:result, value} -> value`
    public func value(_ name: String) throws -> Term {
        guard let value = self[name] else { throw BindingError.unbound(name, bound: names) }
        return value
    }

    /// The text of the binary bound to `name`: throws when the pattern has no such variable, or
    /// bound something else (guard the clause with `when is_binary(name)` to be sure).
    /// - Elixir: the variable, a binary (string), in the clause's body: `{:log, text} when is_binary(text) -> text`
    public func string(_ name: String) throws -> String {
        let term = try value(name)
        guard let text = term.stringValue else { throw BindingError.notAString(name, term) }
        return text
    }
}

/// Why a binding could not be read.
///
/// Threading: an immutable value; safe to share.
public enum BindingError: Error, Sendable, CustomStringConvertible {
    /// The pattern has no variable of that name.
    case unbound(String, bound: [String])
    /// The variable is bound to something that is not a UTF-8 binary.
    case notAString(String, Term)

    public var description: String {
        switch self {
        case .unbound(let name, let bound):
            "the pattern bound no variable `\(name)`" + (bound.isEmpty ? " (it binds none)" : "; it binds \(bound.map { "`\($0)`" }.joined(separator: ", "))")
        case .notAString(let name, let term):
            "`\(name)` is bound to \(term.inspect()), not a string"
        }
    }
}
