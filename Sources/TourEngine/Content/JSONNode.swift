/// A parsed JSON value together with the 1-based line it starts on, so that content errors can
/// point at the line a lesson author has to fix.
///
/// Threading: an immutable value; safe to share between threads.
struct JSONNode: Sendable {
    indirect enum Value: Sendable {
        case object([(key: String, node: JSONNode, keyLine: Int)])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    let value: Value
    let line: Int

    /// A short name for the kind of value, used in "expected …, found …" messages.
    var kindName: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        }
    }
}

/// A syntax error in a JSON document, with the line where the parser stopped.
struct JSONSyntaxError: Error, Sendable {
    let line: Int
    let message: String
}
