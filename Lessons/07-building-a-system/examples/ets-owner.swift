import OTP

// Starts a process that makes the named table :prices (with an heir if given), fills it, tells
// us, and then waits until it is killed.
func startOwner(heir: Pid?) async throws -> Pid {
    let me = selfPid()
    let owner = spawn {
        _ = try ETS.new("prices", .set, access: .public, named: true, heir: heir.map { ($0, .atom("prices_cache")) })
        try ETS.insert("prices", .tuple("milk", 3))
        send(me, .atom("ready"))
        _ = try await receive { (m: Term) in m == .atom("stop") ? m : nil }
    }
    _ = try await receive { (m: Term) in m == .atom("ready") ? m : nil }
    return owner
}

func kill(_ pid: Pid) async throws {
    let ref = Process.monitor(pid)
    Process.exit(pid, .atom("kill"))
    _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
}

try await Runtime.run {
    // 1. A table lives as long as its owner.
    let owner = try await startOwner(heir: nil)
    print("read by another process: \(try ETS.lookup("prices", "milk"))")
    try await kill(owner)
    print("table after its owner died: \(ETS.whereis("prices") != nil)")
    do {
        _ = try ETS.lookup("prices", "milk")
    } catch let error as ETSError {
        print("lookup: \(error.argument)")
    }

    // 2. An heir takes the table when the owner dies.
    let me = selfPid()
    let keeper = spawn {
        let gift = try await receive { (m: Term) -> Term? in
            if case (.atom("ETS-TRANSFER"), let table, _, let data)? = m.asTuple() { .tuple(table, data) } else { nil }
        }
        send(me, .tuple(.atom("heir_got"), gift))
        _ = try await receive { (m: Term) in m == .atom("stop") ? m : nil }
    }
    let second = try await startOwner(heir: keeper)
    try await kill(second)
    let got = try await receive { (m: Term) -> Term? in
        if case (.atom("heir_got"), let gift)? = m.asTuple() { gift } else { nil }
    }
    print("the heir got: \(got)")
    print("table after its owner died: \(ETS.whereis("prices") != nil)")
    print("owned by the heir: \(ETS.info("prices")?.owner == keeper)")
    print("still there: \(try ETS.lookup("prices", "milk"))")
}
