import OTPCore

/// What `asyncStream` does when an element's task runs past its timeout (Elixir's `:on_timeout`).
///
/// Threading: a value type; safe to share.
public enum StreamTimeoutAction: Sendable, Hashable {
    /// `:exit`: kill the running tasks and exit the caller with `{:timeout, …}`.
    case exit
    /// `:kill_task`: kill that task and report `.exit(:timeout)` for its element.
    case killTask
}

extension OTPTask {
    /// `Task.async_stream/3`: runs `body` on every element in its own linked task, at most
    /// `maxConcurrency` at a time (default: the runtime's scheduler count, as Elixir uses
    /// `System.schedulers_online/0`), and returns each element's outcome — in input order when
    /// `ordered`, in completion order otherwise.
    ///
    /// Elixir's version is a lazy stream; this one runs to the end and returns an array. Each
    /// element has `timeout` from its task's start. A task that crashes takes the caller down
    /// through its link unless the caller traps exits, in which case its element is `.exit(reason)`.
    public static func asyncStream<Element: Sendable>(
        _ elements: [Element], maxConcurrency: Int? = nil, ordered: Bool = true,
        timeout: Timeout = GenServerDefaults.streamTimeout, onTimeout: StreamTimeoutAction = .exit,
        _ body: nonisolated(nonsending) @escaping @Sendable (Element) async throws -> Value
    ) async throws -> [TaskOutcome<Value>] {
        guard let runtime = Runtime.current else {
            throw RuntimeUsageError("Task.async_stream must be called inside a process: run your code with `try await Runtime.run { ... }`")
        }
        let limit = max(1, maxConcurrency ?? runtime.schedulerCount)
        var results = [TaskOutcome<Value>?](repeating: nil, count: elements.count)
        var completionOrder: [Int] = []
        var running: [Ref: (index: Int, task: OTPTask<Value>, deadline: Duration?)] = [:]
        var nextIndex = 0

        func startMore() {
            while running.count < limit && nextIndex < elements.count {
                let element = elements[nextIndex]
                let task = OTPTask.async { try await body(element) }
                running[task.ref] = (nextIndex, task, timeout.duration.map { runtime.now + $0 })
                nextIndex += 1
            }
        }

        startMore()
        while !running.isEmpty {
            let earliest = running.values.compactMap(\.deadline).min()
            let match: (any Sendable) -> StreamEvent? = { message in
                if let reply = message as? GenReply, running[reply.tag] != nil { return .reply(reply.tag, reply.value) }
                if let down = message as? Down, running[down.ref] != nil { return .down(down.ref, down.reason) }
                return nil
            }
            let event: StreamEvent?
            if let earliest {
                event = try await receive((any Sendable).self, after: max(.zero, earliest - runtime.now), match)
            } else {
                event = try await receive((any Sendable).self, match)
            }
            switch event {
            case .reply(let ref, let value)?:
                let entry = running.removeValue(forKey: ref)!
                Process.demonitor(ref, flush: true)
                results[entry.index] = .ok(value as! Value)  // the task's body returned a `Value`
                completionOrder.append(entry.index)
            case .down(let ref, let reason)?:
                let entry = running.removeValue(forKey: ref)!
                results[entry.index] = .exit(reason)
                completionOrder.append(entry.index)
            case nil:
                let now = runtime.now
                let late = running.filter { ($0.value.deadline ?? now + .seconds(1)) <= now }
                if onTimeout == .exit {
                    for (_, entry) in running {
                        Process.unlink(entry.task.pid)
                        Process.exit(entry.task.pid, .kill)
                        await GenCallProtocol.abandon(task: entry.task.reply)
                    }
                    throw ProcessExit(
                        reason: .tuple([
                            .timeout, .tuple([.atom("Elixir.Task.Supervised"), .atom("stream"), .list([timeout.term])]),
                        ]))
                }
                for (ref, entry) in late {
                    running.removeValue(forKey: ref)
                    Process.unlink(entry.task.pid)
                    Process.exit(entry.task.pid, .kill)
                    await GenCallProtocol.abandon(task: entry.task.reply)
                    results[entry.index] = .exit(.timeout)
                    completionOrder.append(entry.index)
                }
            }
            startMore()
        }
        let order = ordered ? Array(results.indices) : completionOrder
        return order.map { results[$0]! }
    }
}

/// A message `asyncStream` waits for: one task's reply or its `Down`.
private enum StreamEvent { case reply(Ref, any Sendable), down(Ref, Term) }
