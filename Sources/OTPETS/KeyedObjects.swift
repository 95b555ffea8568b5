import OTPCore

/// The objects of one shard of a set, bag or duplicate bag, by key, listed in the order their keys
/// came in: a key keeps its place while it has objects (a set's object replaced, a bag's object
/// added), and a key removed and inserted again goes to the end. The order is the same in every
/// run for the same operations, unlike a `Dictionary`'s, which Swift seeds afresh in each process.
///
/// A key's place is a slot in `slots`; a removed key leaves a hole, and the slots are compacted
/// when holes are more than half of them. `head` is the first slot in use (or `slots.count`), so
/// `first` and a walk from the front skip no holes at the front.
///
/// Threading: a value; `TableStorage` keeps each under a `ReadWriteLocked`.
struct KeyedObjects {
    private struct Entry {
        var key: Term
        var objects: [Term]
    }

    private var slots: [Entry?] = []
    private var slotOf: [Term: Int] = [:]
    private var holes = 0
    private var head = 0
    /// How many objects, over every key.
    private(set) var objectCount = 0

    var isEmpty: Bool { slotOf.isEmpty }

    /// The objects of `key`, nil if it has none.
    subscript(key: Term) -> [Term]? { slotOf[key].map { slots[$0]!.objects } }

    func contains(_ key: Term) -> Bool { slotOf[key] != nil }

    /// Changes the objects of `key` in place (starting from `[]` for a new key, which then takes
    /// the last place); a key left with no objects is removed.
    mutating func update<T, E: Error>(_ key: Term, _ body: (inout [Term]) throws(E) -> T) throws(E) -> T {
        if let slot = slotOf[key] {
            let before = slots[slot]!.objects.count
            let result = try body(&slots[slot]!.objects)
            let after = slots[slot]!.objects.count
            objectCount += after - before
            if after == 0 { vacate(slot, key: key) }
            return result
        }
        var objects: [Term] = []
        let result = try body(&objects)
        if !objects.isEmpty {
            slotOf[key] = slots.count
            slots.append(Entry(key: key, objects: objects))
            objectCount += objects.count
        }
        return result
    }

    /// Removes `key`; its objects, nil if it had none.
    @discardableResult
    mutating func removeValue(forKey key: Term) -> [Term]? {
        guard let slot = slotOf[key] else { return nil }
        let objects = slots[slot]!.objects
        objectCount -= objects.count
        vacate(slot, key: key)
        return objects
    }

    mutating func removeAll() { self = KeyedObjects() }

    /// Calls `change` on every key's objects, in order; keys left with none are removed.
    mutating func updateEach(_ change: (Term, inout [Term]) -> Void) {
        var slot = head
        while slot < slots.count {
            if let key = slots[slot]?.key {
                let before = slots[slot]!.objects.count
                change(key, &slots[slot]!.objects)
                let after = slots[slot]!.objects.count
                objectCount += after - before
                if after == 0 {
                    // No compaction while walking: the slots keep their places until the end.
                    slotOf[key] = nil
                    slots[slot] = nil
                    holes += 1
                }
            }
            slot += 1
        }
        advanceHead()
        compactIfSparse()
    }

    /// Every key and its objects, in order.
    func forEach(_ body: (Term, [Term]) -> Void) {
        for slot in head..<slots.count {
            if let entry = slots[slot] { body(entry.key, entry.objects) }
        }
    }

    var firstKey: Term? { head < slots.count ? slots[head]!.key : nil }

    /// The key after `key`: `.some(nil)` if `key` is the last, nil if `key` is not here.
    func key(after key: Term) -> Term?? {
        guard let slot = slotOf[key] else { return nil }
        for next in (slot + 1)..<slots.count {
            if let entry = slots[next] { return .some(entry.key) }
        }
        return .some(nil)
    }

    private mutating func vacate(_ slot: Int, key: Term) {
        slotOf[key] = nil
        slots[slot] = nil
        holes += 1
        if slot == head { advanceHead() }
        compactIfSparse()
    }

    private mutating func advanceHead() {
        while head < slots.count, slots[head] == nil { head += 1 }
    }

    private mutating func compactIfSparse() {
        if slotOf.isEmpty {
            self = KeyedObjects()
            return
        }
        guard holes > 16, holes * 2 > slots.count else { return }
        slots = slots.filter { $0 != nil }
        for (slot, entry) in slots.enumerated() { slotOf[entry!.key] = slot }
        holes = 0
        head = 0
    }
}
