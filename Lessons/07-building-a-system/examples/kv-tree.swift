import OTP

// The buckets' supervision tree as an application, and what a crash takes with it.

struct Bucket: GenServer {
    typealias State = [String: Term]
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }
}

let kvApp = Application.Spec("kv", start: { _ in
    try await Supervisor.startLink([
        Registry.childSpec(keys: .unique, name: "kv_names"),
        DynamicSupervisor.childSpec(id: .atom("buckets"), name: "kv_buckets"),
        Agent<Term>.childSpec(id: .atom("front")) { .atom("ready") },
    ], strategy: .restForOne, name: "kv_root")
})

enum Tree {
    static func pids() async throws -> [Term: Pid] {
        var pids: [Term: Pid] = [:]
        for child in try await Supervisor.whichChildren("kv_root") { pids[child.id] = child.pid }
        return pids
    }

    static func report(_ before: [Term: Pid]) async throws {
        let now = try await pids()
        for id in ["kv_names", "buckets", "front"] {
            print("  \(id): \(now[.atom(id)] == before[.atom(id)] ? "same" : "restarted")")
        }
    }

    static func kill(_ pid: Pid) async throws {
        let ref = Process.monitor(pid)
        Process.exit(pid, .atom("kill"))
        _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
        // Asking the root a question waits until it has dealt with the crash.
        _ = try await Supervisor.whichChildren("kv_root")
    }
}

func startBucket() async throws -> Pid {
    let via = Registry.via("kv_names", "shopping")
    return try await DynamicSupervisor.startChild("kv_buckets", Bucket.childSpec((), name: via, restart: .temporary)).get()
}

CrashReports.isEnabled = false

try await Runtime.run {
    try Application.load(kvApp)
    let started = try await Application.ensureAllStarted("kv")
    print("started: [\(started.map { Term.atom($0).description }.joined(separator: ", "))]")

    var bucket = try await startBucket()
    print("-- the bucket crashes --")
    var before = try await Tree.pids()
    try await Tree.kill(bucket)
    try await Tree.report(before)
    print("  buckets left: \(try await DynamicSupervisor.countChildren("kv_buckets").active)")

    bucket = try await startBucket()
    print("-- the bucket supervisor crashes --")
    before = try await Tree.pids()
    try await Tree.kill(before[.atom("buckets")]!)
    try await Tree.report(before)
    print("  the bucket survived: \(Process.isAlive(bucket))")
    print("  its name survived: \(try !Registry.lookup("kv_names", "shopping").isEmpty)")

    print("-- the front crashes --")
    before = try await Tree.pids()
    try await Tree.kill(before[.atom("front")]!)
    try await Tree.report(before)

    try await Application.stop("kv")
    print("root running after stop: \(Process.whereis("kv_root") != nil)")
}
