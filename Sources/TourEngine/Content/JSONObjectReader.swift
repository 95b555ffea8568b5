import Foundation

/// Reads the members of one JSON object strictly: every key must be known, every value must
/// have the expected type, and each problem is recorded as a `ContentError` with its line.
///
/// Threading: a value type used by one caller at a time.
struct JSONObjectReader {
    let file: URL
    let line: Int
    private var members: [String: (node: JSONNode, keyLine: Int)] = [:]
    private var order: [String] = []
    private(set) var errors: [ContentError] = []

    /// Returns nil (and records an error) when `node` is not an object.
    init?(_ node: JSONNode, file: URL, what: String, errors: inout [ContentError]) {
        guard case .object(let list) = node.value else {
            errors.append(ContentError(file: file, line: node.line, message: "\(what) must be a JSON object, found \(node.kindName)"))
            return nil
        }
        self.file = file
        self.line = node.line
        for member in list {
            members[member.key] = (member.node, member.keyLine)
            order.append(member.key)
        }
    }

    mutating func fail(_ line: Int, _ message: String) {
        errors.append(ContentError(file: file, line: line, message: message))
    }

    /// Records an error for every key not in `known`, suggesting the nearest known key.
    mutating func rejectUnknownKeys(_ known: [String]) {
        for key in order where !known.contains(key) {
            var message = "unknown key \"\(key)\""
            if let guess = Suggestions.nearest(to: key, in: known) { message += " (did you mean \"\(guess)\"?)" }
            message += "; known keys: " + known.joined(separator: ", ")
            fail(members[key]!.keyLine, message)
        }
    }

    private mutating func required(_ key: String) -> JSONNode? {
        guard let member = members[key] else {
            fail(line, "missing key \"\(key)\"")
            return nil
        }
        return member.node
    }

    mutating func node(_ key: String) -> JSONNode? { members[key]?.node }

    mutating func string(_ key: String, nonEmpty: Bool = true) -> String? {
        guard let node = required(key) else { return nil }
        return string(node, named: "\"\(key)\"", nonEmpty: nonEmpty)
    }

    mutating func string(_ node: JSONNode, named name: String, nonEmpty: Bool = true) -> String? {
        guard case .string(let text) = node.value else {
            fail(node.line, "\(name) must be a string, found \(node.kindName)")
            return nil
        }
        if nonEmpty && text.trimmingWhitespaceAndNewlines().isEmpty {
            fail(node.line, "\(name) must not be empty")
            return nil
        }
        return text
    }

    mutating func integer(_ key: String) -> Int? {
        guard let node = required(key) else { return nil }
        guard case .number(let value) = node.value, value.rounded() == value, abs(value) < 1e15 else {
            fail(node.line, "\"\(key)\" must be a whole number, found \(node.kindName)")
            return nil
        }
        return Int(value)
    }

    mutating func number(_ key: String) -> (value: Double, line: Int)? {
        guard let node = required(key) else { return nil }
        guard case .number(let value) = node.value else {
            fail(node.line, "\"\(key)\" must be a number, found \(node.kindName)")
            return nil
        }
        return (value, node.line)
    }

    mutating func array(_ key: String) -> (elements: [JSONNode], line: Int)? {
        guard let node = required(key) else { return nil }
        guard case .array(let elements) = node.value else {
            fail(node.line, "\"\(key)\" must be an array, found \(node.kindName)")
            return nil
        }
        return (elements, node.line)
    }
}
