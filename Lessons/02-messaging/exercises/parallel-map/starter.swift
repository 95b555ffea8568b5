import OTP

// Write `parallelMap(_:_:)`, at the end of this file: apply a transform to every item, each in
// a monitored process of its own, all at once, and return the results in the items' order.
// When a transform throws, throw `MapFailed(index:reason:)` at once, stop the other workers,
// and leave nothing of the call in the mailbox. The tests run in virtual time, so they can
// tell parallel from sequential. The comment on `parallelMap` has the TODO.

/// What `parallelMap` throws when a transform fails: the item's index, and the exit reason of
/// the process that worked on it (a thrown Swift error arrives as `{:error, "<description>"}`).
struct MapFailed: Error, Equatable {
    let index: Int
    let reason: Term
}

/// Applies `transform` to every item, each in a process of its own, all at the same time, and
/// returns the results in the order of `items` (whatever order the processes finish in).
///
/// A transform may throw. Then the process working on that item ends with a reason, and
/// `parallelMap` must throw `MapFailed(index:reason:)` as soon as that happens (not wait for the
/// other items, and never wait for ever), stop the workers still running, and leave nothing of
/// this call in the caller's mailbox, now or later.
///
/// The caller's mailbox may hold messages of its own, of any type, before the call: leave them
/// there.
///
/// Right now the items are transformed one after another in the caller's process: the results
/// are right, but it takes as long as all the transforms added together, and a throwing
/// transform escapes as its own error.
///
/// TODO:
/// - spawn one *monitored* process per item (`spawnMonitor`); it applies `transform` and sends
///   the result back, tagged so the caller knows which item and which call it belongs to;
/// - once every process is started, receive the results in item order, with a selective
///   `receive` that also accepts a `Down` for one of your workers whose reason is not `:normal`;
/// - after taking a result, `Process.demonitor(ref, flush: true)`: the worker's normal `Down`
///   must not stay in the mailbox;
/// - on a failure: kill the other workers, demonitor them with `flush: true`, and throw.
///
/// Elixir:
///     me = self()
///     ref = make_ref()
///     workers = Enum.map(items, fn item -> spawn_monitor(fn -> send(me, {ref, self(), f.(item)}) end) end)
///     Enum.map(workers, fn {pid, mon} ->
///       receive do
///         {^ref, ^pid, value} -> Process.demonitor(mon, [:flush]); value
///         {:DOWN, _, :process, _, reason} when reason != :normal -> ... # stop the rest, raise
///       end
///     end)
func parallelMap(_ items: [Int], _ transform: @escaping @Sendable (Int) async throws -> Int) async throws -> [Int] {
    var results: [Int] = []
    for item in items {
        results.append(try await transform(item))
    }
    return results
}
