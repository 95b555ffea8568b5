import OTP

/// One worker's result, tagged with the call's reference and the item's index.
struct MapResult: Sendable {
    let ref: Ref
    let index: Int
    let value: Int
}

/// Applies `transform` to every item, each in a process of its own, all at the same time, and
/// returns the results in the order of `items`.
func parallelMap(_ items: [Int], _ transform: @escaping @Sendable (Int) async throws -> Int) async throws -> [Int] {
    let me = selfPid()
    let ref = makeRef()
    for (index, item) in items.enumerated() {
        spawn {
            let value = try await transform(item)
            send(me, MapResult(ref: ref, index: index, value: value))
        }
    }
    var results: [Int] = []
    for index in items.indices {
        results.append(try await receive { (result: MapResult) in
            result.ref == ref && result.index == index ? result.value : nil
        })
    }
    return results
}
