import OTPCore

/// The objects of an ordered set, sorted by key in Elixir's term order, where keys compare as
/// `==` does (`1` and `1.0` are the same key, as on the BEAM).
///
/// A list of sorted chunks of at most `chunkLimit` objects: a look-up is two binary searches, an
/// insert or delete moves at most one chunk's elements (a flat sorted array would move half the
/// table on every insert).
///
/// Threading: a value type; its table guards it with one reader-writer lock.
struct OrderedStore {
    static let chunkLimit = 256
    private(set) var chunks: [[Term]] = []
    private(set) var count = 0
    let keypos: Int

    init(keypos: Int) { self.keypos = keypos }

    @inline(__always) func key(_ object: Term) -> Term {
        guard case .tuple(let e) = object else { return object }
        return e[keypos - 1]
    }

    /// The chunk that holds `key` or where it would go, and the index in it; `found` if it is there.
    private func locate(_ key: Term) -> (chunk: Int, index: Int, found: Bool) {
        guard !chunks.isEmpty else { return (0, 0, false) }
        // The first chunk whose last key is >= key.
        var lo = 0
        var hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if Term.compare(self.key(chunks[mid][chunks[mid].count - 1]), key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        let chunk = chunks[lo]
        var a = 0
        var b = chunk.count
        while a < b {
            let mid = (a + b) / 2
            if Term.compare(self.key(chunk[mid]), key) < 0 { a = mid + 1 } else { b = mid }
        }
        let found = a < chunk.count && Term.compare(self.key(chunk[a]), key) == 0
        return (lo, a, found)
    }

    func lookup(_ key: Term) -> Term? {
        let at = locate(key)
        return at.found ? chunks[at.chunk][at.index] : nil
    }

    /// Inserts or replaces; returns false (and changes nothing) when `onlyNew` and the key is there.
    @discardableResult
    mutating func insert(_ object: Term, onlyNew: Bool = false) -> Bool {
        if chunks.isEmpty {
            chunks = [[object]]
            count = 1
            return true
        }
        let at = locate(key(object))
        if at.found {
            if onlyNew { return false }
            chunks[at.chunk][at.index] = object
            return true
        }
        chunks[at.chunk].insert(object, at: at.index)
        count += 1
        if chunks[at.chunk].count > Self.chunkLimit {
            let half = chunks[at.chunk].count / 2
            let upper = Array(chunks[at.chunk][half...])
            chunks[at.chunk].removeSubrange(half...)
            chunks.insert(upper, at: at.chunk + 1)
        }
        return true
    }

    func contains(_ key: Term) -> Bool { locate(key).found }

    @discardableResult
    mutating func remove(_ key: Term) -> Term? {
        let at = locate(key)
        guard at.found else { return nil }
        let removed = chunks[at.chunk].remove(at: at.index)
        if chunks[at.chunk].isEmpty { chunks.remove(at: at.chunk) }
        count -= 1
        return removed
    }

    mutating func replace(_ object: Term) {
        let at = locate(key(object))
        if at.found { chunks[at.chunk][at.index] = object }
    }

    mutating func removeAll() {
        chunks = []
        count = 0
    }

    var first: Term? { chunks.first?.first }
    var last: Term? { chunks.last?.last }

    /// The first object whose key is greater than `key` (which need not be in the table).
    func after(_ key: Term) -> Term? {
        let at = locate(key)
        var c = at.chunk
        var i = at.found ? at.index + 1 : at.index
        while c < chunks.count {
            if i < chunks[c].count { return chunks[c][i] }
            c += 1
            i = 0
        }
        return nil
    }

    /// The last object whose key is less than `key`.
    func before(_ key: Term) -> Term? {
        guard !chunks.isEmpty else { return nil }
        let at = locate(key)
        var c = at.chunk
        var i = at.index - 1
        if c >= chunks.count {
            c = chunks.count - 1
            i = chunks[c].count - 1
        }
        while c >= 0 {
            if i >= 0 { return chunks[c][i] }
            c -= 1
            if c >= 0 { i = chunks[c].count - 1 }
        }
        return nil
    }

    func forEach(_ body: (Term) -> Void) {
        for chunk in chunks { for object in chunk { body(object) } }
    }
}
