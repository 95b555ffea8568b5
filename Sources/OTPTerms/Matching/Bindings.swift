import OTPCore

/// Variable bindings made by a match, in the order the variables were first bound.
///
/// Threading: a value type; safe to share between processes and threads.
public struct Bindings: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var names: [String] = []
    private var values: [String: Term] = [:]

    public init() {}

    public init(_ pairs: KeyValuePairs<String, Term>) {
        for (name, value) in pairs { self[name] = value }
    }

    /// `["ref": .ref(ref)]`, e.g. for the values a pattern's pins refer to.
    public init(dictionaryLiteral elements: (String, Term)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value bound to `name`, if any. Setting rebinds (keeping the first binding's position).
    public subscript(name: String) -> Term? {
        get { values[name] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: name) == nil { names.append(name) }
            } else if values.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty }
    public var count: Int { names.count }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: Term)> {
        names.lazy.map { (name: $0, value: self.values[$0]!) }.makeIterator()
    }

    /// These bindings with `other`'s on top: later values win, as when Elixir rebinds.
    public func merging(_ other: Bindings) -> Bindings {
        var result = self
        for (name, value) in other { result[name] = value }
        return result
    }

    /// One `name = value` line per binding, or `(no bindings)`.
    public var listing: String {
        if isEmpty { return "(no bindings)" }
        return map { "\($0.name) = \($0.value)" }.joined(separator: "\n")
    }
}
