import OTP
import TourHarness

/// A port nothing listens on now (the system picks it; the test closes it again).
func freePort() async throws -> Int {
    let probe = try await GenTCP.listen(0, ip: "127.0.0.1")
    let port = probe.port
    await GenTCP.close(probe)
    return port
}

/// Starts the learner's server on a free port, or fails the test saying why not.
func start(_ t: TestContext) async throws -> (root: Pid, port: Int) {
    CrashReports.isEnabled = false   // the tests kill processes on purpose
    let port = try await freePort()
    let root: Pid
    do {
        root = try await startKV(port: port)
    } catch {
        try t.fail("startKV(port: \(port)) should start the server, but it failed: \(error)")
    }
    t.name(root, "kv")
    return (root, port)
}

/// A client connection to the server, retried for up to a second (a restarted listener takes a
/// moment to open its port again).
func connect(_ port: Int, _ what: String, _ t: TestContext) async throws -> Socket {
    var last = TCPError.econnrefused
    for _ in 1...50 {
        do {
            return try await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: .line, active: false, timeout: .seconds(1))
        } catch let error as TCPError {
            last = error
            try await Process.sleep(.milliseconds(20))
        }
    }
    try t.fail("\(what): connecting to 127.0.0.1:\(port) should succeed, but it gave \(last) for a second")
}

/// Sends `line` and reads the answer: lines up to and with "OK", "NOT FOUND" or
/// "UNKNOWN COMMAND".
func ask(_ client: Socket, _ line: String, _ t: TestContext) async throws -> String {
    do {
        try GenTCP.send(client, line + "\n")
        var answer = ""
        for _ in 1...5 {
            let data = try await GenTCP.recv(client, 0, timeout: .seconds(2))
            let text = String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self)
            answer += text
            if ["OK\n", "NOT FOUND\n", "UNKNOWN COMMAND\n"].contains(text) { break }
        }
        return answer
    } catch let error as TCPError {
        try t.fail("the client sent \(line.debugDescription) and should get an answer, but its connection gave \(error)")
    }
}

/// Expects the server to have closed this client's connection.
func expectClosed(_ client: Socket, _ what: String, _ t: TestContext) async throws {
    do {
        let data = try await GenTCP.recv(client, 0, timeout: .seconds(2))
        try t.fail("\(what), but the client read \(data)")
    } catch let error as TCPError {
        try t.expect(error == .closed, "\(what), but the client's read gave \(error) instead of {:error, :closed}")
    }
}

/// The pid of the running child with this id under `supervisor`.
func child(_ id: Term, of supervisor: Pid, _ t: TestContext) async throws -> Pid {
    let children = try await Supervisor.whichChildren(supervisor)
    let found = try t.unwrap(children.first { $0.id == id }, "the root supervisor should have a child with the id \(id); its children are \(children.map(\.id.description))")
    let pid = try t.unwrap(found.pid, "the child \(id) should be running")
    t.name(pid, id.description)
    return pid
}

/// The handlers running under `:kv_connections`.
func handlers(_ t: TestContext) async throws -> Set<Pid> {
    do {
        return Set(try await DynamicSupervisor.whichChildren("kv_connections").compactMap(\.pid))
    } catch {
        try t.fail("the server should have a DynamicSupervisor named :kv_connections, but asking it for its children failed: \(error)")
    }
}

/// Kills `pid` and waits until it is gone.
func kill(_ pid: Pid, _ what: String, _ t: TestContext) async throws {
    let ref = Process.monitor(pid)
    Process.exit(pid, .atom("kill"))
    _ = try await t.receive(Down.self, within: .seconds(2), "\(what), killed with :kill, should exit") { $0.ref == ref ? $0 : nil }
}

let tests: [Test] = [
    Test("it speaks the protocol over TCP") { t in
        let (_, port) = try await start(t)
        let client = try await connect(port, "a client", t)
        try t.expectEqual(try await ask(client, "CREATE shopping", t), "OK\n", "the answer to CREATE shopping")
        try t.expectEqual(try await ask(client, "PUT shopping milk 3", t), "OK\n", "the answer to PUT shopping milk 3")
        try t.expectEqual(try await ask(client, "GET shopping milk", t), "3\nOK\n", "the answer to GET shopping milk")
        try t.expectEqual(try await ask(client, "GET nowhere milk", t), "NOT FOUND\n", "the answer to GET on a bucket nobody created")
        try t.expectEqual(try await ask(client, "FLY away", t), "UNKNOWN COMMAND\n", "the answer to FLY away")
    },
    Test("clients share the buckets, each served by a handler of its own") { t in
        let (_, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        let bob = try await connect(port, "bob", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "3\nOK\n", "bob's GET shopping milk after ada put it")
        try t.expectEqual(try await handlers(t).count, 2, "the handlers under :kv_connections with two clients connected")
    },
    Test("a killed bucket is lost; other buckets and every client carry on") { t in
        let (_, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        let bob = try await connect(port, "bob", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        _ = try await ask(bob, "CREATE chores", t)
        _ = try await ask(bob, "PUT chores dishes 1", t)
        let shopping = try t.unwrap(try Registry.lookup("kv_names", "shopping").first?.pid, "the bucket \"shopping\" should be registered in :kv_names")
        try await kill(shopping, "the bucket \"shopping\"", t)
        try t.expectEqual(try await ask(ada, "GET shopping milk", t), "NOT FOUND\n", "ada's GET shopping milk after the bucket was killed (buckets are temporary: it is gone)")
        try t.expectEqual(try await ask(ada, "GET chores dishes", t), "1\nOK\n", "ada's GET chores dishes (another bucket) after \"shopping\" was killed")
        try t.expectEqual(try await ask(bob, "GET chores dishes", t), "1\nOK\n", "bob's GET chores dishes after \"shopping\" was killed")
        try t.expectEqual(try await ask(ada, "CREATE shopping", t), "OK\n", "ada's CREATE shopping again")
        try t.expectEqual(try await ask(ada, "GET shopping milk", t), "\nOK\n", "GET shopping milk in the new, empty bucket")
    },
    Test("a killed handler disconnects its client only; the listener still accepts") { t in
        let (_, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        _ = try await ask(ada, "CREATE shopping", t)
        let adas = try await handlers(t)
        try t.expectEqual(adas.count, 1, "the handlers under :kv_connections with one client connected")
        let bob = try await connect(port, "bob", t)
        _ = try await ask(bob, "PUT shopping milk 3", t)
        try await kill(adas.first!, "ada's handler", t)
        try await expectClosed(ada, "after its handler was killed, ada's connection should be closed", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "3\nOK\n", "bob's GET shopping milk after ada's handler was killed")
        let cy = try await connect(port, "a new client after ada's handler was killed", t)
        try t.expectEqual(try await ask(cy, "GET shopping milk", t), "3\nOK\n", "a new client's GET shopping milk")
        try t.expectEqual(try await handlers(t).count, 2, "the handlers under :kv_connections: bob's and the new client's (a killed handler is not restarted: its client is gone)")
    },
    Test("a killed listener comes back on the same port; open connections carry on") { t in
        let (root, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        let listener = try await child(.atom("listener"), of: root, t)
        try await kill(listener, "the listener", t)
        try t.expectEqual(try await ask(ada, "GET shopping milk", t), "3\nOK\n", "ada's GET shopping milk after the listener was killed (her connection has its own handler)")
        let bob = try await connect(port, "a new client after the listener was killed", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "3\nOK\n", "the new client's GET shopping milk (the buckets are untouched)")
        let again = try await child(.atom("listener"), of: root, t)
        try t.expect(again != listener, "the root supervisor should have started a new listener")
    },
    Test("a killed bucket supervisor takes the buckets and connections with it; the registry stays") { t in
        let (root, port) = try await start(t)
        let ada = try await connect(port, "ada", t)
        _ = try await ask(ada, "CREATE shopping", t)
        _ = try await ask(ada, "PUT shopping milk 3", t)
        let bucket = try t.unwrap(try Registry.lookup("kv_names", "shopping").first?.pid, "the bucket \"shopping\" should be registered in :kv_names")
        let registry = try await child(.atom("kv_names"), of: root, t)
        let buckets = try await child(.atom("buckets"), of: root, t)
        try await kill(buckets, "the bucket supervisor", t)
        try await expectClosed(ada, "after the bucket supervisor was killed, everything after it restarts (rest_for_one): ada's connection should be closed", t)
        try t.expect(!Process.isAlive(bucket), "the bucket \"shopping\" should be gone with its supervisor")
        let registryAfter = try await child(.atom("kv_names"), of: root, t)
        try t.expect(registryAfter == registry, "the registry comes before the bucket supervisor: it should not have been restarted")
        let bob = try await connect(port, "a new client after the bucket supervisor was killed", t)
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "NOT FOUND\n", "GET shopping milk after the bucket supervisor was killed (every bucket went with it)")
        try t.expectEqual(try await ask(bob, "CREATE shopping", t), "OK\n", "CREATE shopping on the restarted buckets")
        try t.expectEqual(try await ask(bob, "PUT shopping milk 4", t), "OK\n", "PUT shopping milk 4 on the restarted buckets")
        try t.expectEqual(try await ask(bob, "GET shopping milk", t), "4\nOK\n", "GET shopping milk on the restarted buckets")
        try t.expect(Process.isAlive(root), "the root supervisor should still be running")
    },
    Test("started as an application, it stops as one") { t in
        CrashReports.isEnabled = false
        let port = try await freePort()
        try Application.load(Application.Spec("kv", start: { _ in .ok(try await startKV(port: port)) }))
        do {
            try await Application.ensureAllStarted("kv")
        } catch {
            try t.fail("Application.ensureAllStarted(\"kv\") with a start of startKV(port: \(port)) failed: \(error)")
        }
        let client = try await connect(port, "a client of the application", t)
        try t.expectEqual(try await ask(client, "CREATE shopping", t), "OK\n", "CREATE shopping on the application's server")
        try await Application.stop("kv")
        try await expectClosed(client, "after Application.stop(\"kv\") the client's connection should be closed", t)
        do {
            let late = try await GenTCP.connect("127.0.0.1", port, timeout: .seconds(1))
            try t.fail("after Application.stop(\"kv\") nothing should listen on the port, but a client connected: \(late)")
        } catch let error as TCPError {
            try t.expectEqual(error, .econnrefused, "connecting after Application.stop(\"kv\")")
        }
    },
]
