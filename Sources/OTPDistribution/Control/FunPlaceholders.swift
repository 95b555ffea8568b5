/// Funs and ports in messages from BEAM nodes, as this node reads them.
///
/// A fun cannot run on a Swift node, and the runtime's `Term` has no case for a fun or a port,
/// but BEAM nodes put funs in the system messages they send to every member of the cluster
/// (global's `{register, Name, Pid, Method}` carries `&:global.random_exit_name/3`). Closing the
/// connection for such a frame would hurt the cluster, so a message that holds funs or ports is
/// read with each replaced by a tuple naming it: `{:fun, module, function, arity}` for an
/// external fun (EXPORT_EXT), `{:fun, module, :anonymous, arity}` for a closure (NEW_FUN_EXT),
/// `{:port, node, id}` for a port (NEW_PORT_EXT, V4_PORT_EXT). Only messages whose first reading
/// fails are rewritten, so other messages cost nothing.
///
/// Threading: pure functions.
enum FunPlaceholders {
    private static let maximumDepth = 512

    /// The bytes of one external-format term (starting with the version byte 131) with every fun
    /// replaced; nil when it holds none or cannot be walked.
    static func rewrite(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var input = Array(bytes)
        guard input.first == 131 else { return nil }
        var walker = Walker(input: input)
        walker.out.append(131)
        guard (try? walker.term(at: 1, depth: 0)) != nil, walker.replaced else { return nil }
        // Trailing bytes (none expected) are kept so the caller's length check still sees them.
        if walker.end < input.count { walker.out.append(contentsOf: input[walker.end...]) }
        input = walker.out
        return input
    }

    private struct Malformed: Error {}

    private struct Walker {
        let input: [UInt8]
        var out: [UInt8] = []
        var replaced = false
        var end = 0

        init(input: [UInt8]) { self.input = input }

        func u16(_ at: Int) throws -> Int {
            guard at + 2 <= input.count else { throw Malformed() }
            return Int(input[at]) << 8 | Int(input[at + 1])
        }

        func u32(_ at: Int) throws -> Int {
            guard at + 4 <= input.count else { throw Malformed() }
            return Int(input[at]) << 24 | Int(input[at + 1]) << 16 | Int(input[at + 2]) << 8 | Int(input[at + 3])
        }

        /// Copies `count` bytes from `at` and returns the index after them.
        mutating func copy(_ at: Int, _ count: Int) throws -> Int {
            guard count >= 0, at + count <= input.count else { throw Malformed() }
            out.append(contentsOf: input[at..<(at + count)])
            return at + count
        }

        /// The index after an atom at `at`, which is copied.
        mutating func atom(at: Int) throws -> Int {
            guard at < input.count else { throw Malformed() }
            switch input[at] {
            case 100, 118: return try copy(at, 3 + u16(at + 1))
            case 115, 119:
                guard at + 1 < input.count else { throw Malformed() }
                return try copy(at, 2 + Int(input[at + 1]))
            // ATOM_CACHE_REF (after a distribution header): copied, read later with the header's table.
            case 82: return try copy(at, 2)
            default: throw Malformed()
            }
        }

        /// Copies (or rewrites) one term at `at`; returns the index after it.
        @discardableResult
        mutating func term(at: Int, depth: Int) throws -> Int {
            guard depth < FunPlaceholders.maximumDepth, at < input.count else { throw Malformed() }
            let tag = input[at]
            var next: Int
            switch tag {
            case 97: next = try copy(at, 2)
            case 98: next = try copy(at, 5)
            case 70: next = try copy(at, 9)
            case 99: next = try copy(at, 32)
            case 100, 118, 115, 119, 82: next = try atom(at: at)
            case 106: next = try copy(at, 1)
            case 107: next = try copy(at, 3 + u16(at + 1))
            case 109: next = try copy(at, 5 + u32(at + 1))
            case 77: next = try copy(at, 6 + u32(at + 1))
            case 110:
                guard at + 1 < input.count else { throw Malformed() }
                next = try copy(at, 3 + Int(input[at + 1]))
            case 111: next = try copy(at, 6 + u32(at + 1))
            case 104, 105:
                let (arity, header) = tag == 104 ? (at + 1 < input.count ? Int(input[at + 1]) : -1, 2) : (try u32(at + 1), 5)
                guard arity >= 0 else { throw Malformed() }
                next = try copy(at, header)
                for _ in 0..<arity { next = try term(at: next, depth: depth + 1) }
            case 108:
                let count = try u32(at + 1)
                next = try copy(at, 5)
                for _ in 0..<count { next = try term(at: next, depth: depth + 1) }
                next = try term(at: next, depth: depth + 1)
            case 116:
                let pairs = try u32(at + 1)
                next = try copy(at, 5)
                for _ in 0..<(pairs * 2) { next = try term(at: next, depth: depth + 1) }
            case 89, 120:
                // NEW_PORT_EXT / V4_PORT_EXT: node, id (4 or 8 bytes), creation -> {:port, node, id}
                out.append(contentsOf: [104, 3, 119, 4, 0x70, 0x6F, 0x72, 0x74])
                next = try atom(at: at + 1)
                let width = tag == 89 ? 4 : 8
                guard next + width + 4 <= input.count else { throw Malformed() }
                let id = input[next..<(next + width)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                if id < 1 << 31 {
                    out.append(98)
                    out.append(contentsOf: (0..<4).reversed().map { UInt8(truncatingIfNeeded: id >> (8 * $0)) })
                } else {
                    out.append(contentsOf: [110, 8, 0])
                    out.append(contentsOf: (0..<8).map { UInt8(truncatingIfNeeded: id >> (8 * $0)) })
                }
                next += width + 4
                replaced = true
            case 88, 103, 102:
                next = try copy(at, 1)
                next = try atom(at: next)
                let rest = [88: 12, 103: 9, 102: 5][Int(tag)]!
                next = try copy(next, rest)
            case 90, 114:
                let words = try u16(at + 1)
                next = try copy(at, 3)
                next = try atom(at: next)
                next = try copy(next, (tag == 90 ? 4 : 1) + 4 * words)
            case 113:
                // EXPORT_EXT: module, function, arity -> {:fun, module, function, arity}
                out.append(contentsOf: [104, 4, 119, 3, 0x66, 0x75, 0x6E])
                next = try atom(at: at + 1)
                next = try atom(at: next)
                next = try term(at: next, depth: depth + 1)
                replaced = true
            case 112:
                // NEW_FUN_EXT: Size (includes itself), Arity, Uniq(16), Index, NumFree, Module, ...
                let size = try u32(at + 1)
                guard size >= 4, at + 1 + size <= input.count, at + 30 <= input.count else { throw Malformed() }
                let arity = input[at + 5]
                out.append(contentsOf: [104, 4, 119, 3, 0x66, 0x75, 0x6E])
                _ = try atom(at: at + 1 + 4 + 1 + 16 + 4 + 4)
                out.append(contentsOf: [119, 9] + Array("anonymous".utf8) + [97, arity])
                next = at + 1 + size
                replaced = true
            default:
                throw Malformed()
            }
            end = next
            return next
        }
    }
}
