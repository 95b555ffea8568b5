import OTP

/// How the harness prints a value in a failure: terms and messages as Elixir's `inspect` prints
/// them, strings quoted, anything else as Swift describes it.
public func describeValue(_ value: Any) -> String {
    if let term = value as? Term { return term.description }
    if let convertible = value as? TermConvertible { return convertible.term.description }
    if let text = value as? String { return "\"\(text)\"" }
    if let optional = value as? OptionalDescribing { return optional.describedOptional }
    return String(describing: value)
}

/// Lets `describeValue` print `nil` and the wrapped value without `Optional(...)`.
protocol OptionalDescribing {
    var describedOptional: String { get }
}

extension Optional: OptionalDescribing {
    var describedOptional: String {
        switch self {
        case .none: "nil"
        case .some(let value): describeValue(value)
        }
    }
}
