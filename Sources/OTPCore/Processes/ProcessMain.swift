extension LocalProcess {
    /// The process's whole life: run the body, then exit with its reason.
    func main(_ body: nonisolated(nonsending) @Sendable () async throws -> Void) async {
        shared.withLock { $0.status = .running }
        var reason: Term = .normal
        do {
            try await body()
        } catch {
            reason = exitReason(for: error)
        }
        terminate(reason: reason)
    }
}
