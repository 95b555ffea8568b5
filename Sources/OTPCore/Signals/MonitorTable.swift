/// The monitors one process holds or is watched by: monitor reference → the other process.
///
/// Most processes have a handful of monitors at most (a `GenServer.call` adds one to the caller
/// and one to the server and removes both a moment later), so the table is a short array searched
/// from the end, with no hashing; past `arrayLimit` entries (a supervisor watching many children)
/// it moves to a dictionary.
///
/// Threading: a value type; each process keeps its tables under its own lock.
struct MonitorTable: Sequence, ExpressibleByDictionaryLiteral {
    private static let arrayLimit = 16
    private var entries: [(key: Ref, value: Pid)] = []
    private var large: [Ref: Pid]? = nil

    init() {}

    init(dictionaryLiteral elements: (Ref, Pid)...) {
        for (key, value) in elements { self[key] = value }
    }

    var count: Int { large?.count ?? entries.count }
    var isEmpty: Bool { count == 0 }
    var values: [Pid] { large.map { Array($0.values) } ?? entries.map(\.value) }

    subscript(key: Ref) -> Pid? {
        get {
            if let large { return large[key] }
            return index(of: key).map { entries[$0].value }
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if large != nil {
                large![key] = newValue
            } else if let i = index(of: key) {
                entries[i].value = newValue
            } else if entries.count < Self.arrayLimit {
                entries.append((key, newValue))
            } else {
                var dictionary = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
                dictionary[key] = newValue
                large = dictionary
                entries = []
            }
        }
    }

    /// Adds a monitor under a reference just made, so not in the table: no search first (the
    /// subscript's setter looks for the key to replace it).
    mutating func insertNew(_ key: Ref, _ value: Pid) {
        assert(self[key] == nil, "insertNew with a reference already in the table")
        if large == nil && entries.count < Self.arrayLimit {
            entries.append((key, value))
        } else {
            self[key] = value
        }
    }

    @discardableResult
    mutating func removeValue(forKey key: Ref) -> Pid? {
        if large != nil { return large!.removeValue(forKey: key) }
        guard let i = index(of: key) else { return nil }
        // The newest monitors are removed first (a call's monitor is the last one added).
        if i == entries.count - 1 { return entries.removeLast().value }
        return entries.remove(at: i).value
    }

    private func index(of key: Ref) -> Int? {
        var i = entries.count - 1
        while i >= 0 {
            if entries[i].key == key { return i }
            i -= 1
        }
        return nil
    }

    func makeIterator() -> AnyIterator<(key: Ref, value: Pid)> {
        if let large { return AnyIterator(large.map { (key: $0.key, value: $0.value) }.makeIterator()) }
        return AnyIterator(entries.makeIterator())
    }
}
