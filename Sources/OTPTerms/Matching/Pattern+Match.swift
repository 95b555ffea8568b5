import BigInt
import OTPCore

extension Pattern {
    /// Matches `term` as Elixir's `=` does. `environment` holds the variables bound before this
    /// match: pins (`^x`) and binary sizes read them. Returns the new bindings, or nil on no match.
    public func match(_ term: Term, environment: Bindings = Bindings()) -> Bindings? {
        var bindings = Bindings()
        guard Matcher(environment: environment).match(self, term, &bindings) else { return nil }
        return bindings
    }

    /// Like `match(_:environment:)` but throws `MatchError` carrying the value, as `=` does (and
    /// the caller's source location, the error's stack trace).
    public func bind(
        _ term: Term, environment: Bindings = Bindings(), file: StaticString = #fileID, function: StaticString = #function,
        line: UInt = #line
    ) throws(MatchError) -> Bindings {
        guard let bindings = match(term, environment: environment) else {
            throw MatchError(value: term, file: file, function: function, line: line)
        }
        return bindings
    }

    /// Elixir's `match?/2`.
    public func matches(_ term: Term, environment: Bindings = Bindings()) -> Bool {
        match(term, environment: environment) != nil
    }
}

/// The matching algorithm; stateless apart from the environment it reads pins from.
struct Matcher {
    let environment: Bindings

    func match(_ pattern: Pattern, _ term: Term, _ bindings: inout Bindings) -> Bool {
        switch pattern {
        case .literal(let value): return value == term
        case .ignored: return true
        case .variable(let name):
            if let bound = bindings[name] { return bound == term }
            bindings[name] = term
            return true
        case .pin(let name):
            guard let value = environment[name] else { return false }
            return value == term
        case .tuple(let items):
            guard case .tuple(let values) = term, values.count == items.count else { return false }
            for (item, value) in zip(items, values) where !match(item, value, &bindings) { return false }
            return true
        case .list(let items, let tail): return matchList(items, tail: tail, term, &bindings)
        case .map(let entries):
            guard case .map(let map) = term else { return false }
            for entry in entries {
                guard let key = resolveKey(entry.key, bindings), let value = map[key],
                    match(entry.value, value, &bindings)
                else { return false }
            }
            return true
        case .structMap(let module, let fields):
            guard case .map(let map) = term, let name = map[.atom("__struct__")], case .atom = name,
                match(module, name, &bindings)
            else { return false }
            return match(.map(fields), term, &bindings)
        case .binaryPrefix(let prefix, let rest):
            guard case .binary(let bytes) = term, bytes.starts(with: prefix) else { return false }
            return match(rest, .binary(Array(bytes[prefix.count...])), &bindings)
        case .binary(let segments):
            guard case .binary(let bytes) = term else { return false }
            var reader = BitReader(bytes: bytes)
            for (index, segment) in segments.enumerated() {
                guard let value = read(segment, isLast: index == segments.count - 1, &reader, bindings),
                    match(segment.value, value, &bindings)
                else { return false }
            }
            return reader.remainingBits == 0
        case .both(let left, let right):
            return match(left, term, &bindings) && match(right, term, &bindings)
        }
    }

    func resolveKey(_ key: Pattern, _ bindings: Bindings) -> Term? {
        switch key {
        case .literal(let value): return value
        case .pin(let name): return environment[name]
        default: return nil
        }
    }

    /// Matches the patterns against the first elements, then the tail pattern against the rest,
    /// slicing the array once instead of walking cons cells.
    func matchList(_ items: [Pattern], tail: Pattern?, _ term: Term, _ bindings: inout Bindings) -> Bool {
        let values: [Term]
        var end: Term?
        switch term {
        case .list(let elements): values = elements
        case .improperList(let elements, let last):
            values = elements
            end = last
        default: return false
        }
        guard let tail else {
            guard end == nil, values.count == items.count else { return false }
            for (item, value) in zip(items, values) where !match(item, value, &bindings) { return false }
            return true
        }
        guard values.count >= items.count else { return false }
        for (item, value) in zip(items, values) where !match(item, value, &bindings) { return false }
        if case .ignored = tail { return true }
        let rest: Term
        if values.count == items.count {
            rest = end ?? .list([])
        } else if let end {
            rest = .improperList(Array(values[items.count...]), tail: end)
        } else {
            rest = .list(Array(values[items.count...]))
        }
        return match(tail, rest, &bindings)
    }

    func sizeValue(_ size: BinarySegment.Size, _ bindings: Bindings) -> Int? {
        switch size {
        case .literal(let n): return n
        case .variable(let name): return (bindings[name] ?? environment[name])?.intValue
        case .pin(let name): return environment[name]?.intValue
        }
    }

    /// Reads one segment's value, or nil when the bytes do not fit the segment.
    func read(_ segment: BinarySegment, isLast: Bool, _ reader: inout BitReader, _ bindings: Bindings) -> Term? {
        var bits: Int?
        if let size = segment.size {
            guard let n = sizeValue(size, bindings), n >= 0 else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: segment.unit)
            guard !overflow else { return nil }
            bits = product
        }
        switch segment.kind {
        case .integer:
            let count = bits ?? 8
            guard let raw = reader.read(bits: count) else { return nil }
            return integer(from: raw, bits: count, signed: segment.signed, little: segment.littleEndian)
        case .float:
            let count = bits ?? 64
            guard count == 64 || count == 32, let raw = reader.read(bits: count) else { return nil }
            let ordered = segment.littleEndian ? raw.reversed() : raw
            var pattern: UInt64 = 0
            for byte in ordered { pattern = pattern << 8 | UInt64(byte) }
            let value = count == 64 ? Double(bitPattern: pattern) : Double(Float(bitPattern: UInt32(pattern)))
            return value.isFinite ? .float(value) : nil
        case .binary:
            if let count = bits {
                guard count % 8 == 0, let raw = reader.read(bits: count) else { return nil }
                return .binary(raw)
            }
            guard isLast, reader.remainingBits % 8 == 0, let raw = reader.read(bits: reader.remainingBits) else {
                return nil
            }
            return .binary(raw)
        case .utf8:
            return reader.readUTF8().map { .int(Int($0)) }
        }
    }

    func integer(from bytes: [UInt8], bits: Int, signed: Bool, little: Bool) -> Term {
        // `bytes` holds the bits right-aligned, most significant byte first.
        let ordered = little && bits % 8 == 0 ? bytes.reversed() : bytes
        if ordered.count <= 7 {
            var value = 0
            for byte in ordered { value = value << 8 | Int(byte) }
            if signed, bits > 0, value >> (bits - 1) & 1 == 1 { value -= 1 << bits }
            return .int(value)
        }
        var value = BigInt(0)
        for byte in ordered { value = value << 8 | BigInt(byte) }
        if signed, bits > 0, (value >> (bits - 1)) & 1 == 1 { value -= BigInt(1) << bits }
        return .integer(value)
    }
}

/// Reads bit fields from a binary, most significant bit first.
struct BitReader {
    let bytes: [UInt8]
    var position = 0  // in bits

    init(bytes: [UInt8]) { self.bytes = bytes }

    var remainingBits: Int { bytes.count * 8 - position }

    /// `count` bits right-aligned into ceil(count/8) bytes, most significant first.
    mutating func read(bits count: Int) -> [UInt8]? {
        guard count >= 0, count <= remainingBits else { return nil }
        if position % 8 == 0, count % 8 == 0 {
            let start = position / 8
            position += count
            return Array(bytes[start..<start + count / 8])
        }
        var out = [UInt8](repeating: 0, count: (count + 7) / 8)
        let lead = out.count * 8 - count
        for i in 0..<count {
            let bitIndex = position + i
            let bit = bytes[bitIndex / 8] >> (7 - bitIndex % 8) & 1
            let target = lead + i
            out[target / 8] |= bit << (7 - target % 8)
        }
        position += count
        return out
    }

    /// One UTF-8 encoded code point from a byte-aligned position.
    mutating func readUTF8() -> UInt32? {
        guard position % 8 == 0, remainingBits >= 8 else { return nil }
        let start = position / 8
        let first = bytes[start]
        let length: Int
        switch first {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard start + length <= bytes.count,
            let text = String(validating: bytes[start..<start + length], as: UTF8.self),
            let scalar = text.unicodeScalars.first
        else { return nil }
        position += length * 8
        return scalar.value
    }
}
