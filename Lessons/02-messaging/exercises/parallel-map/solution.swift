import OTP

/// What `parallelMap` throws when a transform fails: the item's index, and the exit reason of
/// the process that worked on it (a thrown Swift error arrives as `{:error, "<description>"}`).
struct MapFailed: Error, Equatable {
    let index: Int
    let reason: Term
}

/// One worker's result, tagged with the call's reference and the item's index.
struct MapResult: Sendable {
    let ref: Ref
    let index: Int
    let value: Int
}

/// Applies `transform` to every item, each in a monitored process of its own, all at the same
/// time, and returns the results in the order of `items`; throws `MapFailed` at the first
/// worker that fails.
func parallelMap(_ items: [Int], _ transform: @escaping @Sendable (Int) async throws -> Int) async throws -> [Int] {
    let me = selfPid()
    let ref = makeRef()
    var workers: [(pid: Pid, ref: Ref)] = []
    for (index, item) in items.enumerated() {
        workers.append(spawnMonitor {
            let value = try await transform(item)
            send(me, MapResult(ref: ref, index: index, value: value))
        })
    }
    /// What the receive took: the next result, or the failure of one of the workers.
    enum Outcome { case value(Int), failed(index: Int, reason: Term) }
    var results: [Int] = []
    for index in items.indices {
        let outcome: Outcome = try await receive(
            { (result: MapResult) in result.ref == ref && result.index == index ? .value(result.value) : nil },
            { (down: Down) in
                guard down.reason != .normal, let failed = workers.firstIndex(where: { $0.ref == down.ref }) else { return nil }
                return .failed(index: failed, reason: down.reason)
            }
        )
        switch outcome {
        case .value(let value):
            Process.demonitor(workers[index].ref, flush: true)
            results.append(value)
        case .failed(let failed, let reason):
            for worker in workers[index...] {
                Process.demonitor(worker.ref, flush: true)
                Process.exit(worker.pid, .kill)
            }
            // Results some workers sent before they were killed.
            while try await receive(MapResult.self, after: .zero, { $0.ref == ref ? () : nil }) != nil {}
            throw MapFailed(index: failed, reason: reason)
        }
    }
    return results
}
