import Foundation
import OTP
import Synchronization

/// Runs the workloads on the Swift runtime (`Runtime.shared`, one scheduler per core).
public enum SwiftWorkloads {
    /// The Swift runtime's figures for `workload` (several for `terms` and `dist`). `dist` runs
    /// its BEAM pairs (BEAM↔BEAM, Swift→BEAM, BEAM→Swift) here too when `beam` is true, each right
    /// after the Swift↔Swift pair of the same size.
    public static func run(_ workload: Workload, sizes: BenchSizes = .standard, beam: Bool = false) async throws -> [BenchResult] {
        switch workload {
        case .spawn: [try await spawn(sizes)]
        case .ring: [try await ring(sizes)]
        case .pingpong: [try await pingPong(sizes)]
        case .floor:
            [
                BenchResult(
                    workload: "floor pingpong", runtime: "swift",
                    rate: await ContinuationFloor.roundTrips(sizes.pingPongRoundTrips), unit: "round trips/s",
                    note: "pingpong between two bare Swift tasks on one executor thread, no runtime: the floor Swift's continuations set"),
                BenchResult(
                    workload: "floor ring", runtime: "swift",
                    rate: await ContinuationFloor.ring(size: sizes.ringSize, rounds: sizes.ringRounds), unit: "msg/s",
                    note: "ring of \(sizes.ringSize) bare Swift tasks on one executor thread, no runtime"),
                await floorSpawn(sizes),
            ]
        case .selective: [try await selective(sizes)]
        case .call:
            [
                BenchResult(
                    workload: "call", runtime: "swift",
                    rate: try await GenServerBenchmark.calls(count: sizes.calls), unit: "calls/s",
                    note: "\(sizes.calls) GenServer.call round trips, one client, one server")
            ]
        case .callBacklog:
            [
                BenchResult(
                    workload: "call-backlog", runtime: "swift",
                    rate: try await GenServerBenchmark.calls(count: sizes.calls, backlog: sizes.callBacklog),
                    unit: "calls/s",
                    note: "\(sizes.calls) GenServer.call round trips, \(sizes.callBacklog) other messages waiting in the client's mailbox")
            ]
        case .restart:
            [
                BenchResult(
                    workload: "restart", runtime: "swift",
                    rate: 1 / (try await SupervisorBenchmark.restartLatency(count: sizes.restarts)).seconds,
                    unit: "restarts/s",
                    note: "1 / mean time from kill to the restarted child running, one_for_one")
            ]
        case .terms:
            try terms(sizes)
        case .ets: try await TableWorkloads.ets(sizes)
        case .registry: try await TableWorkloads.registry(sizes)
        case .dist:
            try await DistributionBenchmark.all(messages: sizes.distMessages, largeMessages: sizes.distLargeMessages, beam: beam).results.map { r in
                BenchResult(
                    workload: r.payloadBytes == 0 ? "dist \(r.pair)" : "dist 1MB \(r.pair)",
                    runtime: r.pair.hasPrefix("beam->beam") ? "beam" : "swift",
                    rate: r.messagesPerSecond, unit: "msg/s",
                    note: r.payloadBytes == 0
                        ? "\(r.messages) messages over loopback"
                        : "\(r.messages) messages of a \(r.payloadBytes)-byte binary over loopback")
            }
        }
    }

    static func terms(_ sizes: BenchSizes) throws -> [BenchResult] {
        let r = try TermsBenchmark.run(iterations: sizes.termIterations)
        return [
            BenchResult(
                workload: "match", runtime: "swift", rate: r.matchesPerSecond, unit: "matches/s",
                note: TermsBenchmark.patternSource),
            BenchResult(
                workload: "etf encode", runtime: "swift", rate: r.encodeBytesPerSecond, unit: "B/s",
                note: "term_to_binary of a \(r.sampleBytes)-byte term"),
            BenchResult(
                workload: "etf decode", runtime: "swift", rate: r.decodeBytesPerSecond, unit: "B/s",
                note: "binary_to_term of the same bytes"),
        ]
    }

    struct Stop: Sendable {}

    /// `spawn` without a runtime: bare Swift tasks, each waiting in a continuation.
    static func floorSpawn(_ sizes: BenchSizes) async -> BenchResult {
        let (rate, bytes) = await ContinuationFloor.idleTasks(sizes.spawnCount)
        return BenchResult(
            workload: "floor spawn", runtime: "swift", rate: rate, unit: "tasks/s", bytesPerProcess: bytes,
            note: "\(sizes.spawnCount) bare Swift tasks on one executor thread, each waiting in a continuation, no runtime; "
                + "bytes = resident memory growth per task")
    }

    static func spawn(_ sizes: BenchSizes) async throws -> BenchResult {
        let n = sizes.spawnCount
        return try await Runtime.shared.run {
            let started = Atomic<Int>(0)
            let rssBefore = residentBytes()
            let clock = ContinuousClock()
            let t0 = clock.now
            var pids: [Pid] = []
            pids.reserveCapacity(n)
            for _ in 0..<n {
                pids.append(
                    OTP.spawn {
                        started.add(1, ordering: .relaxed)
                        _ = try await receive(Stop.self)
                    })
            }
            // Every process has run up to its receive before the clock stops.
            while started.load(ordering: .relaxed) < n {
                _ = try await receive(Stop.self, after: .microseconds(200))
            }
            let elapsed = clock.now - t0
            let rssAfter = residentBytes()
            let bytes = Double(rssAfter - rssBefore - pids.capacity * MemoryLayout<Pid>.stride) / Double(n)
            for pid in pids { send(pid, Stop()) }
            while Runtime.shared.processCount > 1 {
                _ = try await receive(Stop.self, after: .milliseconds(1))
            }
            return BenchResult(
                workload: "spawn", runtime: "swift", rate: Double(n) / elapsed.seconds, unit: "proc/s",
                bytesPerProcess: bytes,
                note: "spawn until all \(n) wait in receive; bytes = resident memory growth per process")
        }
    }

    static func ring(_ sizes: BenchSizes) async throws -> BenchResult {
        let n = sizes.ringSize
        let rounds = sizes.ringRounds
        return try await Runtime.shared.run {
            let me = selfPid()
            var next = me
            for _ in 0..<n {
                let target = next
                next = OTP.spawn {
                    while true {
                        let token = try await receive(Int.self)
                        send(target, token)
                        if token == 0 { return }
                    }
                }
            }
            let clock = ContinuousClock()
            let t0 = clock.now
            for round in 0..<rounds {
                send(next, rounds - round)
                _ = try await receive(Int.self)
            }
            let elapsed = clock.now - t0
            send(next, 0)
            _ = try await receive(Int.self)
            return BenchResult(
                workload: "ring", runtime: "swift", rate: Double(n * rounds) / elapsed.seconds, unit: "msg/s",
                note: "\(n) processes, \(rounds) rounds")
        }
    }

    static func pingPong(_ sizes: BenchSizes) async throws -> BenchResult {
        let trips = sizes.pingPongRoundTrips
        return try await Runtime.shared.run {
            let me = selfPid()
            let ponger = OTP.spawn {
                while true {
                    let n = try await receive(Int.self)
                    send(me, n)
                    if n < 0 { return }
                }
            }
            let clock = ContinuousClock()
            let t0 = clock.now
            for i in 0..<trips {
                send(ponger, i)
                _ = try await receive(Int.self)
            }
            let elapsed = clock.now - t0
            send(ponger, -1)
            _ = try await receive(Int.self)
            return BenchResult(
                workload: "pingpong", runtime: "swift", rate: Double(trips) / elapsed.seconds, unit: "round trips/s",
                note: "\(trips) round trips")
        }
    }

    struct Junk: Sendable { let n: Int }
    struct Wanted: Sendable { let n: Int }

    static func selective(_ sizes: BenchSizes) async throws -> BenchResult {
        let backlog = sizes.selectiveBacklog
        let receives = sizes.selectiveReceives
        return try await Runtime.shared.run {
            let me = selfPid()
            for i in 0..<backlog { send(me, Junk(n: i)) }
            let clock = ContinuousClock()
            let t0 = clock.now
            for i in 0..<receives {
                send(me, Wanted(n: i))
                // As lesson 2 writes it, and as the BEAM side reads `receive {wanted, I}`: a
                // closure typed by the message it wants, matching the number too.
                _ = try await receive { (m: Wanted) -> Int? in m.n == i ? m.n : nil }
            }
            let elapsed = clock.now - t0
            flush()
            return BenchResult(
                workload: "selective", runtime: "swift", rate: Double(receives) / elapsed.seconds, unit: "receives/s",
                note: "each receive skips \(backlog) messages that do not match")
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// Resident memory of this OS process, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
