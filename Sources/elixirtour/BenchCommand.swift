import ArgumentParser
import Foundation
import TourBench

/// `elixirtour bench`: the runtime's performance beside the real BEAM's, measured in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the Swift runtime, and with --beam the real BEAM beside it, on the same workloads.",
        discussion: """
            Workloads: spawn, ring, pingpong, floor (pingpong and ring between bare Swift tasks, \
            no runtime: the floor Swift's continuations set), selective, call, call-backlog (the same \
            calls from a client with 10,000 other messages waiting), restart, terms (run \
            when none is named) and dist (two nodes on loopback; name it to run it). Build in release mode \
            first (swift build -c release); a debug build measures the compiler's checks, not the runtime.
            """
    )

    @Argument(help: "The workloads to run; all of them when none is named.")
    var workloads: [String] = []

    @Flag(help: "Also run each workload on the BEAM (needs erl and erlc from Debian's erlang-base).")
    var beam = false

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Flag(help: "Use small sizes, to check that the benchmark works (the figures mean nothing).")
    var quick = false

    func validate() throws {
        for name in workloads where Workload(rawValue: name) == nil {
            throw ValidationError("unknown workload '\(name)'; choose from \(Workload.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let chosen = workloads.isEmpty ? Workload.defaults : workloads.compactMap(Workload.init(rawValue:))
        let sizes: BenchSizes = quick ? .quick : .standard
        if beam && BeamWorkloads.erlPath == nil {
            FileHandle.standardError.write(Data("elixirtour bench: --beam needs erl on the PATH (sudo apt-get install erlang-base)\n".utf8))
            throw ExitCode(2)
        }
        var results: [BenchResult] = []
        for workload in chosen {
            if !json { FileHandle.standardError.write(Data("running \(workload.rawValue): \(workload.summary(sizes))…\n".utf8)) }
            let swift = try blocking { try await SwiftWorkloads.run(workload, sizes: sizes, beam: beam) }
            results += swift
            if json { swift.forEach { print($0.jsonLine) } }
            if beam {
                let erl = try BeamWorkloads.run(workload, sizes: sizes)
                results += erl
                if json { erl.forEach { print($0.jsonLine) } }
            }
        }
        if !json { print(BenchTable.render(results)) }
    }
}

/// Runs async work from a synchronous command and waits for it.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Carries a result from a task to the thread that waits for it.
final class ResultBox<T: Sendable>: @unchecked Sendable {  // written once by the task before the semaphore signals; read after it
    var result: Result<T, any Error>?
}
