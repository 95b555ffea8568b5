import TerminalColumns

/// Draws the live observer's screen: exactly `height` lines of at most `width` columns.
///
/// ```
///  observer · one-for-one · 4 processes · 1.250 s · sort: tree
///    PID                    NAME     STATE     MBOX   WORK RST LINKS · MONITORS
///  ▶ main #PID<0.80.0>      main     waiting      0      2     <0.81.0>
///    └─ #PID<0.81.0>                 waiting      0      5   1 <0.80.0> <0.82.0> …
///  ─ #PID<0.81.0>: supervisor, waiting in receive at …
///    links …
///  ─ recent ─
///    0.120 s  #PID<0.81.0> restarted #PID<0.82.0> as #PID<0.85.0>
///  ↑↓ select · s sort (t m w p n) · k kill · q quit
/// ```
///
/// The list scrolls to keep the selected process in view; the detail, recent and footer panes
/// shrink or go on short terminals. Without colour the selected line is marked `▶` (`>` in
/// ASCII) as well.
///
/// Threading: stateless; safe to call from any thread.
public enum ObserverScreen {
    public static func render(_ observer: LiveObserver, width: Int, height: Int, color: Bool, ascii: Bool = false) -> [String] {
        let width = max(20, width)
        let height = max(3, height)
        var canvas = Canvas(width: width)
        for _ in 0..<height { canvas.addRow() }
        let rows = observer.rows()

        // The panes' heights, from the bottom up.
        let footerRow = height - 1
        var detailLines = height >= 14 ? 3 : 0
        var recentLines = height >= 18 ? min(6, (height - 12) / 3) : 0
        if observer.recent.isEmpty { recentLines = min(recentLines, 1) }
        if rows.isEmpty { detailLines = 0 }
        let listTop = 2
        let recentTop = footerRow - (recentLines > 0 ? recentLines + 1 : 0)
        let detailTop = recentTop - (detailLines > 0 ? detailLines + 1 : 0)
        let listHeight = max(1, detailTop - listTop)

        title(&canvas, observer)
        if rows.isEmpty {
            let text = observer.pictures == 0 ? "waiting for the program's first report…" : "(no live processes)"
            canvas.write(listTop, 2, text, .note)
        } else {
            list(&canvas, observer, rows: rows, top: listTop, height: listHeight, ascii: ascii)
        }
        if detailLines > 0, let row = rows.first(where: { $0.process.pid == observer.selected }) {
            rule(&canvas, detailTop, ascii: ascii, label: nil)
            detail(&canvas, row, top: detailTop + 1, lines: detailLines)
        }
        if recentLines > 0 {
            rule(&canvas, recentTop, ascii: ascii, label: "recent")
            let shown = observer.recent.suffix(recentLines)
            for (i, line) in shown.enumerated() {
                let ink: Ink =
                    line.contains(" restarted ")
                    ? .restart
                    : line.contains(" exited ")
                        ? .exit
                        : line.hasPrefix("you ") ? .timeout : .plain
                canvas.write(recentTop + 1 + i, 2, DisplayWidth.truncate(line, to: width - 2, ellipsis: ascii ? "~" : "…"), ink)
            }
        }
        footer(&canvas, observer, row: footerRow, ascii: ascii)
        return canvas.lines(color: color)
    }

    // MARK: panes

    private static func title(_ canvas: inout Canvas, _ observer: LiveObserver) {
        var x = canvas.write(0, 0, "observer", .heading)
        var facts = [observer.title]
        let shown = observer.processes.count
        let all = shown + observer.unreported
        var count = "\(all) process\(all == 1 ? "" : "es")"
        if observer.unreported > 0 { count += " (\(shown) shown)" }
        facts.append(count)
        facts.append(observer.timeText)
        if observer.restartCount > 0 { facts.append("\(observer.restartCount) restart\(observer.restartCount == 1 ? "" : "s")") }
        facts.append("sort: \(observer.sort.rawValue)")
        x = canvas.write(0, x, " · " + facts.joined(separator: " · "), .plain)
        if let ended = observer.ended { canvas.write(0, x, " · ended: \(ended)", .exit) }
    }

    /// Column widths for the list at `width`.
    private struct Columns {
        var pid: Int
        var name: Int
        static let state = 9
        static let mailbox = 6
        static let work = 8
        static let restarts = 4
        var links: Int
    }

    private static func columns(_ rows: [LiveObserver.Row], width: Int) -> Columns {
        let pidWidth = min(max(12, rows.map { DisplayWidth.of($0.prefix + $0.process.pid) }.max() ?? 12), max(12, width * 2 / 5))
        let nameWidth = min(max(4, rows.map { DisplayWidth.of($0.name ?? "") }.max() ?? 4), 16)
        let fixed = 2 + pidWidth + 1 + nameWidth + 1 + Columns.state + Columns.mailbox + Columns.work + Columns.restarts + 1
        return Columns(pid: pidWidth, name: nameWidth, links: max(0, width - fixed))
    }

    private static func list(
        _ canvas: inout Canvas, _ observer: LiveObserver, rows: [LiveObserver.Row],
        top: Int, height: Int, ascii: Bool
    ) {
        let c = columns(rows, width: canvas.width)
        let ellipsis = ascii ? "~" : "…"
        func cells(
            _ pid: String, _ name: String, _ state: String, _ mailbox: String, _ work: String,
            _ restarts: String, _ links: String
        ) -> [(String, Int, Bool)] {
            [
                (pid, c.pid, false), (name, c.name, false), (state, Columns.state - 1, false),
                (mailbox, Columns.mailbox - 1, true), (work, Columns.work - 1, true), (restarts, Columns.restarts - 1, true),
                (links, c.links, false),
            ]
        }
        func draw(_ row: Int, _ parts: [(String, Int, Bool)], inks: [Ink]) {
            var x = 2
            for (i, (text, w, right)) in parts.enumerated() where w > 0 {
                let cut = DisplayWidth.truncate(text, to: w, ellipsis: ellipsis)
                let pad = w - DisplayWidth.of(cut)
                canvas.write(row, right ? x + pad : x, cut, inks[i])
                x += w + 1
            }
        }
        draw(
            top - 1, cells("PID", "NAME", "STATE", "MBOX", "WORK", "RST", "LINKS · MONITORS"),
            inks: Array(repeating: .heading, count: 7))

        let selectedIndex = rows.firstIndex { $0.process.pid == observer.selected } ?? 0
        let first = selectedIndex < height ? 0 : selectedIndex - height + 1
        for (offset, item) in rows[first...].prefix(height).enumerated() {
            let y = top + offset
            let p = item.process
            let selected = p.pid == observer.selected
            let state = p.status.hasPrefix("exited") ? "exited" : p.status
            let restarts = item.restarts > 0 ? "\(item.restarts)" : item.restartsBelow > 0 ? "(\(item.restartsBelow))" : ""
            var links = p.links.map(short).joined(separator: " ")
            if !p.monitors.isEmpty { links += (links.isEmpty ? "" : " ") + "· " + p.monitors.map(short).joined(separator: " ") }
            let parts = cells(item.prefix + p.pid, item.name ?? "", state, "\(p.mailboxLength)", "\(p.reductions)", restarts, links)
            let stateInk: Ink = p.status == "waiting" ? .timeout : p.status.hasPrefix("exited") ? .exit : .spawn
            var inks: [Ink] = [
                .plain, .heading, stateInk, p.mailboxLength > 0 ? .timeout : .note, .plain,
                item.restarts > 0 || item.restartsBelow > 0 ? .restart : .plain, .note,
            ]
            if selected {
                inks = Array(repeating: .selected, count: inks.count)
                for x in 0..<canvas.width { canvas.put(y, x, " ", .selected) }
                canvas.write(y, 0, ascii ? ">" : "▶", .selected)
            }
            draw(y, parts, inks: inks)
            if item.isSupervisor, !selected, c.pid > DisplayWidth.of(item.prefix + p.pid) + 2 {
                canvas.write(y, 2 + DisplayWidth.of(item.prefix + p.pid) + 1, ascii ? "(sup)" : "⚑", .spawn)
            }
        }
        if rows.count > first + height {
            canvas.write(top + height - 1, canvas.width - 12, " ↓ \(rows.count - first - height) more ", .note)
        }
    }

    private static func detail(_ canvas: inout Canvas, _ row: LiveObserver.Row, top: Int, lines: Int) {
        let p = row.process
        var head = p.pid
        if let name = row.name { head += " " + name }
        var facts: [String] = []
        if row.isSupervisor { facts.append("supervisor") }
        if p.status == "waiting" {
            facts.append("waiting in receive" + (p.waitingIn.map { " (\($0))" } ?? ""))
        } else {
            facts.append(p.status)
        }
        if row.restarts > 0 { facts.append("restarted \(row.restarts)×") }
        if p.trapExit { facts.append("traps exits") }
        let x = canvas.write(top, 2, head, .heading)
        canvas.write(top, x, ": " + facts.joined(separator: ", "), .plain)
        guard lines > 1 else { return }
        var relations: [String] = []
        relations.append("links: " + (p.links.isEmpty ? "none" : p.links.joined(separator: " ")))
        if !p.monitors.isEmpty { relations.append("monitors: " + p.monitors.joined(separator: " ")) }
        if !p.monitoredBy.isEmpty { relations.append("monitored by: " + p.monitoredBy.joined(separator: " ")) }
        canvas.write(top + 1, 2, relations.joined(separator: " · "), .note)
        guard lines > 2 else { return }
        var mailbox = "mailbox: \(p.mailboxLength) message\(p.mailboxLength == 1 ? "" : "s")"
        if !p.messages.isEmpty { mailbox += ": " + p.messages.joined(separator: ", ") + (p.mailboxLength > p.messages.count ? ", …" : "") }
        mailbox += " · work: \(p.reductions) message\(p.reductions == 1 ? "" : "s") received"
        canvas.write(top + 2, 2, mailbox, .note)
    }

    private static func rule(_ canvas: inout Canvas, _ row: Int, ascii: Bool, label: String?) {
        let line: Character = ascii ? "-" : "─"
        for x in 0..<canvas.width { canvas.put(row, x, line, .lane) }
        if let label { canvas.write(row, 2, " \(label) ", .lane) }
    }

    private static func footer(_ canvas: inout Canvas, _ observer: LiveObserver, row: Int, ascii: Bool) {
        let keys =
            ascii
            ? "up/down select | s sort (t m w p n) | k kill | q quit"
            : "↑↓ select · s sort (t m w p n) · k kill · q quit"
        let x = canvas.write(row, 0, keys, .note)
        var message = observer.status ?? ""
        if let warning = observer.protocolWarning { message = warning }
        if observer.skippedLines > 0 {
            message += (message.isEmpty ? "" : " · ") + "\(observer.skippedLines) unreadable line\(observer.skippedLines == 1 ? "" : "s") skipped"
        }
        if !message.isEmpty { canvas.write(row, x, "   " + message, .timeout) }
    }

    /// `#PID<0.81.0>` → `<0.81.0>`, to fit more in the list.
    static func short(_ pid: String) -> String {
        pid.hasPrefix("#PID") ? String(pid.dropFirst(4)) : pid
    }
}
