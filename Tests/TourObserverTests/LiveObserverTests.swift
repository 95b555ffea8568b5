import OTPGenServer
import OTPSupervision
import TerminalColumns
import Testing
import TourWire

@testable import OTPCore
@testable import TourObserver

/// The live observer fed with what OTPCore's observer channel writes for a deterministic-mode
/// program (the real encoder, the real decoder), then driven by keys; its screen at fixed sizes,
/// with and without colour.
@Suite("Live observer")
struct LiveObserverTests {
    init() { CrashReports.isEnabled = false }

    /// Lesson 4's one_for_one after a restart, as the program would report it in `live` mode:
    /// hello, the events the live mode keeps, and one picture of every process.
    static func reportedSupervisedTree() async throws -> [UInt8] {
        let runtime = Runtime.deterministic(seed: 1)
        runtime.tracer.start()
        let (picture, events) = try await runtime.run { () async throws -> (String, [TraceEvent]) in
            let sup = try await Supervisor.startLink(
                [
                    Scenarios.Crasher.childSpec("a", id: .atom("a")),
                    Scenarios.Crasher.childSpec("b", id: .atom("b")),
                ],
                strategy: .oneForOne
            ).get()
            try Process.register(sup, as: Atom("app"))
            let b = try await Supervisor.whichChildren(sup).first { $0.id == .atom("b") }!.pid!
            Crasher.cast(b, .crash)
            try await Process.sleep(.milliseconds(50))
            // Some mail left waiting, so the mailbox column shows something.
            send(selfPid(), Term.atom("unread"))
            send(selfPid(), Term.atom("unread"))
            return (ObserverSnapshot.line(for: runtime.processes(), time: runtime.timers.now), runtime.tracer.events)
        }
        var lines = [##"{"type":"hello","protocol":1,"mode":"live"}"##]
        lines += events.filter(ObserverChannel.reportsLive).map(ObserverChannel.line(for:))
        lines.append(picture)
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    typealias Crasher = Scenarios.Crasher

    static func observer() async throws -> LiveObserver {
        var observer = LiveObserver(title: "one-for-one")
        observer.receive(try await reportedSupervisedTree())
        return observer
    }

    @Test func theTreeShowsTheSupervisorAndTheRestart() async throws {
        let observer = try await Self.observer()
        #expect(observer.skippedLines == 0)
        #expect(observer.pictures == 1)
        let rows = observer.rows()
        #expect(rows.count == 4)
        #expect(rows[0].name == "main")
        #expect(rows[1].name == ":app" && rows[1].isSupervisor && rows[1].restartsBelow == 1)
        #expect(rows.map(\.restarts) == [0, 0, 0, 1])
        #expect(observer.restartCount == 1)
        #expect(observer.recent.contains { $0.contains(" restarted ") })
        #expect(observer.selected == rows[0].process.pid)
    }

    @Test func keysSelectSortAndKill() async throws {
        var observer = try await Self.observer()
        let rows = observer.rows()
        #expect(observer.press(.down) == nil)
        #expect(observer.press(.down) == nil)
        #expect(observer.selected == rows[2].process.pid)
        #expect(observer.press(.character("k")) == .send("kill \(rows[2].process.pid)"))
        #expect(observer.status == "killing \(rows[2].process.pid)…")
        observer.apply(.reply(command: "kill \(rows[2].process.pid)", ok: true, detail: "sent :kill"))
        #expect(observer.status == "sent :kill")

        // By mailbox: the test's process, with its two unread messages, comes first; the
        // selection stays on the same process.
        #expect(observer.press(.character("m")) == nil)
        #expect(observer.sort == .mailbox)
        #expect(observer.rows().first?.name == "main")
        #expect(observer.selected == rows[2].process.pid)
        #expect(observer.press(.home) == nil)
        #expect(observer.selected == observer.rows().first?.process.pid)
        #expect(observer.press(.character("s")) == nil)
        #expect(observer.sort == .work)
        #expect(observer.press(.end) == nil)
        #expect(observer.selected == observer.rows().last?.process.pid)

        #expect(observer.press(.character("q")) == .quit)
        #expect(observer.press(.interrupt) == .quit)
    }

    @Test func eventsBetweenPicturesUpdateTheListAndPartialPicturesAreCounted() {
        var observer = LiveObserver(title: "x")
        observer.apply(
            .processes(
                time: 0,
                [
                    ProcessRecord(pid: "#PID<0.1.0>", status: "running"),
                    ProcessRecord(pid: "#PID<0.2.0>", status: "waiting"),
                ], total: 5))
        #expect(ObserverScreen.render(observer, width: 80, height: 24, color: false)[0].contains("5 processes (2 shown)"))
        observer.apply(.event(EventRecord(sequence: 0, time: 1, kind: .exit, pid: "#PID<0.2.0>", detail: ":killed")))
        observer.apply(.event(EventRecord(sequence: 1, time: 2, kind: .spawn, pid: "#PID<0.1.0>", other: "#PID<0.3.0>")))
        observer.apply(.event(EventRecord(sequence: 2, time: 2, kind: .register, pid: "#PID<0.3.0>", detail: ":new")))
        #expect(observer.processes.map(\.pid) == ["#PID<0.1.0>", "#PID<0.3.0>"])
        #expect(observer.processes.last?.registeredName == ":new")
        #expect(observer.rows().map(\.process.pid) == ["#PID<0.1.0>", "#PID<0.3.0>"])
        #expect(observer.tree(lastPicture: true).count == 2)
        #expect(observer.lastPicture.map(\.pid) == ["#PID<0.1.0>", "#PID<0.2.0>"])
    }

    @Test func afterAKillTheSelectionFollowsTheRestartNeverBackToMain() {
        func event(_ n: Int, _ kind: EventRecord.Kind, _ pid: String, _ other: String? = nil, _ detail: String? = nil) -> ObserverMessage {
            .event(EventRecord(sequence: n, time: UInt64(n), kind: kind, pid: pid, other: other, detail: detail))
        }
        let main = "#PID<0.1.0>"
        let sup = "#PID<0.2.0>"
        let a = "#PID<0.3.0>"
        let b = "#PID<0.4.0>"
        let b2 = "#PID<0.5.0>"
        var observer = LiveObserver(title: "x")
        observer.apply(event(0, .spawn, main))
        observer.apply(event(1, .spawn, main, sup))
        observer.apply(event(2, .spawn, sup, a))
        observer.apply(event(3, .child, sup, a, ":a"))
        observer.apply(event(4, .spawn, sup, b))
        observer.apply(event(5, .child, sup, b, ":b"))
        observer.apply(.processes(time: 5, [main, sup, a, b].map { ProcessRecord(pid: $0, status: "waiting") }, total: 4))
        _ = observer.press(.character("p"))
        _ = observer.press(.end)
        #expect(observer.selected == b)
        #expect(observer.press(.character("k")) == .send("kill \(b)"))
        // b dies; until the supervisor restarts it the selection stays on b's row, not on main.
        observer.apply(event(6, .exit, b, nil, ":killed"))
        #expect(observer.selected != main)
        observer.apply(event(7, .spawn, sup, b2))
        observer.apply(event(8, .restart, sup, b2, ":b"))
        #expect(observer.selected == b2)
        // A process that nothing restarts: the selection stays on its row.
        _ = observer.press(.home)
        _ = observer.press(.down)
        _ = observer.press(.down)
        #expect(observer.selected == a)
        observer.apply(event(9, .exit, a, nil, ":killed"))
        #expect(observer.selected != main)
        #expect(observer.selected != nil)
    }

    @Test func afterTheProgramEndsKillIsRefused() async throws {
        var observer = try await Self.observer()
        observer.programEnded("exited with status 0")
        #expect(observer.press(.character("k")) == nil)
        #expect(observer.status == "the program has ended")
    }

    @Test(arguments: [(80, 24), (60, 16), (100, 40)])
    func screenSnapshots(_ size: (Int, Int)) async throws {
        var observer = try await Self.observer()
        let (width, height) = size
        let name = "observer.\(width)x\(height)"
        let plain = ObserverScreen.render(observer, width: width, height: height, color: false)
        #expect(plain.count == height)
        #expect(plain.allSatisfy { DisplayWidth.of($0) <= width })
        try SnapshotFile.check(plain.joined(separator: "\n"), named: name)
        try SnapshotFile.check(
            ObserverScreen.render(observer, width: width, height: height, color: true).joined(separator: "\n"),
            named: name + ".color")
        // Selected further down, sorted by work, in ASCII.
        _ = observer.press(.character("w"))
        _ = observer.press(.end)
        try SnapshotFile.check(
            ObserverScreen.render(observer, width: width, height: height, color: false, ascii: true)
                .joined(separator: "\n"), named: name + ".work.ascii")
    }

    @Test func beforeTheFirstPictureAndOnATinyTerminal() {
        let observer = LiveObserver(title: "x")
        let lines = ObserverScreen.render(observer, width: 10, height: 2, color: false)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(ObserverScreen.render(observer, width: 80, height: 24, color: false).joined().contains("waiting for the program's first report"))
    }
}
