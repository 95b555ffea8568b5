import OTP
import TourHarness

let tests: [Test] = [
    Test("start returns at once, before the catalog is loaded", mode: .deterministic(seed: 1)) { t in
        let before = t.runtime.now
        let result = try await Catalog.start("books.csv")
        let took = t.runtime.now - before
        guard case .ok(let pid) = result else { try t.fail("Catalog.start(\"books.csv\") should start the catalog, but returned \(result)") }
        t.name(pid, "catalog")
        try t.expect(took < .milliseconds(100),
            "Catalog.start(\"books.csv\") should return at once (a supervisor waits for each child's initialize before the next), but it took \(took)")
    },
    Test("the first call waits for the load and gets the whole catalog", mode: .deterministic(seed: 2)) { t in
        guard case .ok(let pid) = try await Catalog.start("books.csv") else { try t.fail("Catalog.start(\"books.csv\") should start the catalog") }
        t.name(pid, "catalog")
        try t.expectEqual(try await Catalog.call(pid, .count), 3,
            "the reply to a .count call made right after the start (the load runs before the server takes any message)")
    },
    Test("a nil path: start returns :ignore and no process runs", mode: .deterministic(seed: 3)) { t in
        let result = try await Catalog.start(nil)
        guard case .ignore = result else { try t.fail("Catalog.start(nil) should return :ignore (the catalog is turned off), but returned \(result)") }
    },
    Test("an empty path: start fails with {:error, :no_path}", mode: .deterministic(seed: 4)) { t in
        CrashReports.isEnabled = false
        let result = try await Catalog.start("")
        guard case .error(let reason) = result else { try t.fail("Catalog.start(\"\") should fail with {:error, :no_path}, but returned \(result)") }
        try t.expectEqual(reason, .atom("no_path"), "the reason Catalog.start(\"\") failed with")
    },
    Test("under a supervisor: an ignored catalog is kept as not running, and the children after it start", mode: .deterministic(seed: 5)) { t in
        let sup = try await Supervisor.startLink([
            Catalog.childSpec(nil, id: .atom("off")),
            Catalog.childSpec("books.csv", id: .atom("books")),
        ], strategy: .oneForOne).get()
        t.name(sup, "supervisor")
        let children = try await Supervisor.whichChildren(sup)
        try t.expectEqual(children.map(\.id), [.atom("books"), .atom("off")], "the supervisor's children's ids (which_children lists the last started first)")
        try t.expect(children[1].pid == nil, "the child started with a nil path should be kept, not running (it returned :ignore)")
        let books = try t.unwrap(children[0].pid, "the child started with \"books.csv\" should be running")
        try t.expectEqual(try await Catalog.call(books, .count), 3, "the count of the supervised catalog")
    },
]
