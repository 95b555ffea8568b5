import OTP

/// Applies `transform` to every item, each in a process of its own, all at the same time, and
/// returns the results in the order of `items` (whatever order the processes finish in).
///
/// The caller's mailbox may hold messages of its own, of any type, before the call: leave them
/// there. Assume `transform` does not fail.
///
/// Right now the items are transformed one after another in the caller's process: the results
/// are right, but it takes as long as all the transforms added together.
///
/// TODO:
/// - spawn one process per item; it applies `transform` and sends the result back, tagged so
///   the caller knows which item it belongs to (and that it belongs to this call);
/// - once every process is started, receive the results in item order, with a selective
///   `receive` that accepts only the result for the index you want next.
///
/// Elixir:
///     me = self()
///     ref = make_ref()
///     pids = Enum.map(items, fn item -> spawn(fn -> send(me, {ref, self(), f.(item)}) end) end)
///     Enum.map(pids, fn pid -> receive do {^ref, ^pid, value} -> value end end)
func parallelMap(_ items: [Int], _ transform: @escaping @Sendable (Int) async throws -> Int) async throws -> [Int] {
    var results: [Int] = []
    for item in items {
        results.append(try await transform(item))
    }
    return results
}
